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
        Option("language", str, "", "The language chosen in View > Language (en, nl); empty: the system's"),
        Option(
            "sign_off_name", str, "", "The name given at the last sign-off (the sign-off dialog offers it)"
        ),
        Option("sign_off_role", str, "", "The role given at the last sign-off"),
    )
}
MAX_RECENT = 8
TEXT_SIZES = (100, 115, 130, 150, 175)  # the steps of View > Larger text, in percent of the platform's


NAME_CHARS = 60  # the longest name suggested for a dossier's file
# names Windows keeps for devices, whatever follows the dot
RESERVED_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
)


def file_name(title: str, fallback: str, reference: str | None = None) -> str:
    """A short, safe name for a file of a dossier (without its extension): its reference, else its
    title; letters of any script, digits, "-", "_" and "." inside, one space between words, every
    other character (brackets, slashes, colons, quotes) taken for a space; at most NAME_CHARS
    characters, cut between words; never a name Windows keeps for a device; ``fallback`` (the id)
    when nothing is left."""
    import unicodedata

    for source in (reference, title):
        text = unicodedata.normalize("NFC", source or "")
        text = " ".join("".join(ch if ch.isalnum() or ch in "-_." else " " for ch in text).split())
        text = text.strip(" .-_")
        if len(text) > NAME_CHARS:
            cut = text[: NAME_CHARS + 1]
            text = (cut.rsplit(" ", 1)[0] if " " in cut else cut[:NAME_CHARS]).strip(" .-_")
        if text:
            return text + "_" if text.split(".")[0].upper() in RESERVED_NAMES else text
    return fallback


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
