"""The desktop program's settings, declared in one place (name, type, default, meaning) and kept in
an INI file in the user's config folder (``$DDWORKBOOK_CONFIG_DIR`` overrides it, for tests);
``apply_text_size`` applies the setting text_size to the application (at start-up and when the user
changes it in the main window's View menu, a step of ``TEXT_SIZES`` at a time)."""

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
        Option(
            "text_size",
            int,
            100,
            "Text size in percent of the platform's (one of TEXT_SIZES): larger for a projector",
        ),
        Option(
            "larger_text", bool, False, "Before text_size: text 35% larger (read when text_size is not set)"
        ),
        Option("recent_workbooks", list, [], "Workbooks opened recently, most recent first"),
        Option("window_geometry", bytes, b"", "Size and place of the main window"),
        Option("backups_kept", int, 10, "How many backups of each workbook to keep"),
    )
}
MAX_RECENT = 8
TEXT_SIZES = (100, 115, 130, 150, 175)  # the steps of View > Larger text, in percent of the platform's


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

    def is_set(self, name: str) -> bool:
        return self._q.contains(name)

    def add_recent(self, path: Path) -> list[str]:
        recent = [p for p in self.get("recent_workbooks") if p != str(path)]
        recent.insert(0, str(path))
        self.set("recent_workbooks", recent[:MAX_RECENT])
        return recent[:MAX_RECENT]


def text_size(settings: Settings) -> int:
    """The text size chosen, in percent: a step of ``TEXT_SIZES`` (the nearest, should the file hold
    another); the former setting larger_text counts as 130 until a size is chosen."""
    if settings.is_set("text_size"):
        wanted = settings.get("text_size")
    else:
        wanted = 130 if settings.get("larger_text") else 100
    return min(TEXT_SIZES, key=lambda size: abs(size - wanted))


def apply_text_size(app: QApplication, percent: int) -> None:
    """Scale the text from the platform's own default size (remembered on first use)."""
    base = app.property("ddworkbook_base_point_size")
    if not base:
        base = app.font().pointSizeF()
        app.setProperty("ddworkbook_base_point_size", base)
    font = app.font()
    font.setPointSizeF(float(base) * percent / 100)
    app.setFont(font)
