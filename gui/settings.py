"""The desktop program's settings, declared in one place (name, type, default, meaning) and kept in
an INI file in the user's config folder (``$DDWORKBOOK_CONFIG_DIR`` overrides it, for tests);
``apply_text_size`` applies the setting larger_text to the application (at start-up and when the user
changes it in the main window)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

import platformdirs
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication


class Option(NamedTuple):
    name: str
    type: type
    default: Any
    meaning: str


OPTIONS = {
    o.name: o
    for o in (
        Option("larger_text", bool, False, "Show text larger, for workshops on a projector"),
        Option("recent_workbooks", list, [], "Workbooks opened recently, most recent first"),
        Option("window_geometry", bytes, b"", "Size and place of the main window"),
        Option("backups_kept", int, 10, "How many backups of each workbook to keep"),
        Option("language", str, "", "The language chosen in View > Language (en, nl); empty: the system's"),
    )
}
MAX_RECENT = 8
LARGER = 1.35  # the text size of the setting larger_text, relative to the platform's default


def file_name(title: str, fallback: str) -> str:
    """A file name made from a dossier title: letters, digits, spaces, - and _ only."""
    safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in title).strip()
    return safe or fallback


def config_dir() -> Path:
    env = os.environ.get("DDWORKBOOK_CONFIG_DIR")
    return Path(env) if env else Path(platformdirs.user_config_dir("ddworkbook", appauthor=False))


class Settings:
    def __init__(self, directory: Path | None = None) -> None:
        path = (directory or config_dir()) / "settings.ini"
        self._q = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, name: str) -> Any:
        option = OPTIONS[name]
        value = self._q.value(name, option.default)
        if option.type is bool:
            return value in (True, "true", "1", 1)
        if option.type is list:
            if value is None:
                return []
            if isinstance(value, str):
                return [value]
            return [str(v) for v in value] if isinstance(value, (list, tuple)) else []
        if option.type is int:
            try:
                return int(str(value))
            except ValueError:
                return option.default
        if option.type is str:
            return value if isinstance(value, str) else option.default
        if option.type is bytes:
            if isinstance(value, QByteArray):
                return bytes(value.data())
            return value if isinstance(value, bytes) else b""
        return value

    def set(self, name: str, value: Any) -> None:
        if name not in OPTIONS:
            raise KeyError(name)
        self._q.setValue(name, value)
        self._q.sync()

    def add_recent(self, path: Path) -> list[str]:
        recent = [p for p in self.get("recent_workbooks") if p != str(path)]
        recent.insert(0, str(path))
        self.set("recent_workbooks", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]


def apply_text_size(app: QApplication, larger: bool) -> None:
    """Scale the text from the platform's own default size (remembered on first use)."""
    base = app.property("ddworkbook_base_point_size")
    if not base:
        base = app.font().pointSizeF()
        app.setProperty("ddworkbook_base_point_size", base)
    font = app.font()
    font.setPointSizeF(float(base) * (LARGER if larger else 1.0))
    app.setFont(font)
