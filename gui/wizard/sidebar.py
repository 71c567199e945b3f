"""The side of a dossier's window: where the user is ("Step 2 of 4 · page 5 of 9"), the list of pages
(a page seen can be gone back to, by a click or with the keyboard: Alt+G, the arrow keys, Enter), and
below them the guidance of the question that has the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.content import Content
from core.i18n import _


class Sidebar(QWidget):
    """The place, the pages and the guidance; ``chosen`` carries the index of a page the user chose."""

    chosen = Signal(int)

    def __init__(self, content: Content, guidance: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.steps = content.steps
        self.total = sum(1 for s in self.steps if s.number is not None)
        self.place = QLabel()
        font = self.place.font()
        font.setBold(True)
        self.place.setFont(font)
        self.pages = QListWidget()
        self.pages.setWordWrap(True)
        self.pages.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.pages.setAccessibleName(_("Pages of the dossier"))
        self.pages.setToolTip(_("Go back to a page you have seen: click it, or press Enter on it (Alt+G)"))
        for step in self.steps:
            item = QListWidgetItem(step.title)
            item.setToolTip(step.title)
            self.pages.addItem(item)
        self.pages.itemActivated.connect(self._chosen)
        self.pages.itemClicked.connect(self._chosen)
        label = QLabel(_("Pa&ges"))
        label.setBuddy(self.pages)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.place)
        layout.addWidget(label)
        layout.addWidget(self.pages)
        layout.addWidget(guidance, 1)
        self.setMinimumWidth(220)
        self.setMaximumWidth(340)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_pages()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_pages()

    def fit_pages(self) -> None:
        """The list of pages as high as its pages (wrapped at the width it has), up to half the side."""
        self.pages.doItemsLayout()
        rows = sum(
            self.pages.visualRect(self.pages.model().index(r, 0)).height() for r in range(self.pages.count())
        )
        wanted = rows + 2 * self.pages.frameWidth() + 2
        self.pages.setFixedHeight(max(60, min(wanted, self.height() // 2)))

    def _chosen(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.chosen.emit(self.pages.row(item))

    def show_place(self, current: int, reachable: set[int]) -> None:
        """Show page ``current`` as the one the user is on; the pages in ``reachable`` can be chosen."""
        step = self.steps[current]
        where = [_("Page {page} of {pages}").format(page=current + 1, pages=len(self.steps))]
        if step.number is not None:
            where.insert(0, _("Step {number} of {total}").format(number=step.number, total=self.total))
        self.place.setText("  ·  ".join(where))
        self.pages.blockSignals(True)
        for row in range(self.pages.count()):
            item = self.pages.item(row)
            enabled = row == current or row in reachable
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags if enabled else Qt.ItemFlag.NoItemFlags)
            font = item.font()
            font.setBold(row == current)
            item.setFont(font)
        self.pages.setCurrentRow(current)
        self.pages.blockSignals(False)
