"""Windows that fit the screen they open on: ``fit`` gives a window its preferred size or, on a
smaller screen (a 1280 x 720 projector, a 1024 x 600 netbook), the room the screen has, frame and
all, so that every button stays on the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME = (16, 48)  # room left for the window frame (borders, title bar): width, height


def available(widget: QWidget | None = None) -> QRect:
    """The part of the screen a window may use (without panels and docks): the screen of ``widget``,
    else the primary screen."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 600)


def fit(window: QWidget, width: int, height: int, near: QWidget | None = None) -> None:
    """Give ``window`` the size ``width`` x ``height``, or less where the screen (of ``near``, else of
    the window) is smaller, and place it on that screen, centred."""
    area = available(near if near is not None else window)
    w = max(1, min(width, area.width() - FRAME[0]))
    h = max(1, min(height, area.height() - FRAME[1]))
    window.resize(w, h)
    size = window.size()  # at least the window's minimum size
    x = area.x() + max(0, (area.width() - size.width() - FRAME[0]) // 2)
    y = area.y() + max(0, (area.height() - size.height() - FRAME[1]) // 2)
    window.move(x, y)
