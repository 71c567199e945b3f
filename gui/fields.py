"""Text fields for values that may be missing and must never be stored mistyped: a date (YYYY-MM-DD,
empty when not known: QDateEdit has no empty state) and an amount of money (a number of at least 0,
as the program's language writes numbers, or with a decimal point). Each says what is wrong with what
was typed (``problem()``, also shown by the field: a red frame and the text as its tooltip, and by a
label a form may place below it, ``problem_label``); its value (``value()``) is None when it is empty
or wrong, so that a page stores only what it can read and keeps the stored value otherwise.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Protocol

from PySide6.QtCore import QLocale, Signal, SignalInstance
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from core import contract, i18n
from core.i18n import _, formats

# The largest amount the dossier format keeps exactly (core.dossier reads no larger one).
AMOUNT_MAX = 2**53 - 1
_MARKED = "QLineEdit { border: 2px solid #a93226; }"


class _CheckedField(QLineEdit):
    """A line edit whose text is checked as it is typed; ``problem_changed`` says why it cannot be
    read ("" once it can, or is empty)."""

    problem_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._problem = ""
        self.textChanged.connect(self._check)

    def problem(self) -> str:
        """Why the text cannot be read ("" when it can, or when it is empty)."""
        return self._problem

    def _why(self, text: str) -> str:  # pragma: no cover - every field says its own
        raise NotImplementedError

    def _check(self, text: str) -> None:
        problem = self._why(text.strip()) if text.strip() else ""
        if problem == self._problem:
            return
        self._problem = problem
        self.setStyleSheet(_MARKED if problem else "")
        self.setToolTip(problem)
        self.problem_changed.emit(problem)


class DateField(_CheckedField):
    """A date typed as YYYY-MM-DD (between 1900-01-01 and 2199-12-31, the format's range), or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("YYYY-MM-DD"))
        self.setMaxLength(10)

    def value(self) -> str | None:
        """The date as YYYY-MM-DD, or None when the field is empty or does not hold a date."""
        text = self.text().strip()
        return text if text and not self._why(text) else None

    def set_value(self, date: str | None) -> None:
        if self.text() != (date or ""):
            self.setText(date or "")

    def _why(self, text: str) -> str:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            day = None
        if day is None or len(text) != 10:
            return _("Not a date: type it as YYYY-MM-DD, such as 2026-09-30.")
        if not contract.YEAR_MIN <= day.year <= contract.YEAR_MAX:
            return _("A date between {first}-01-01 and {last}-12-31, please.").format(
                first=contract.YEAR_MIN, last=contract.YEAR_MAX
            )
        return ""


class AmountField(_CheckedField):
    """An amount of money: a number of at least 0, shown and read as the program's language writes
    numbers (core.i18n.formats: "125.000,00" in Dutch, "125000.00" in English, group separators
    optional when typed), or typed with a decimal point; empty when not known."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("such as {example}").format(example=formats.number(125000.0, 2)))
        self._shown: tuple[str, float | None] = ("", None)  # the text set_value showed, and its value

    def value(self) -> float | None:
        """The amount, or None when the field is empty or does not hold an amount of at least 0. The
        text ``set_value`` showed gives back exactly the value it was given."""
        text = self.text().strip()
        if text == self._shown[0]:
            return self._shown[1]
        return None if not text or self._why(text) else self._read(text)

    def set_value(self, value: float | None) -> None:
        if value is not None and self._shown == (self.text().strip(), value):
            return
        text = "" if value is None else amount_text(value)
        self._shown = (text, value)
        if self.text() != text:
            self.setText(text)

    @staticmethod
    def _read(text: str) -> float | None:
        number, ok = _number_locale().toDouble(text)
        if not ok:
            try:
                number = float(text)
            except ValueError:
                return None
        return number if math.isfinite(number) else None

    def _why(self, text: str) -> str:
        number = self._read(text)
        if number is None:
            return _("Not a number: type an amount such as {example}.").format(
                example=formats.number(1250.5, 2)
            )
        if number < 0:
            return _("An amount of at least 0, please.")
        if number > AMOUNT_MAX:
            return _("An amount of at most {most}, please.").format(most=AMOUNT_MAX)
        return ""


def _number_locale() -> QLocale:
    """How the program's language writes numbers, for reading them (Qt's C locale for English, which
    reads what core.i18n.formats writes: a decimal point, no group separator)."""
    return QLocale(formats.LOCALES.get(i18n.current(), "C"))


def amount_text(value: float) -> str:
    """An amount as the field shows it: as the program's language writes numbers, with two decimals,
    or more when the number has more (so that the text reads back as exactly the same number)."""
    exponent = decimal.Decimal(repr(value)).as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    return formats.number(value, max(2, places))


class Checked(Protocol):
    """A field that says why what was typed there cannot be read or was not taken: ``problem_changed``
    carries the reason ("" once there is none). The fields here and ``CountryCombo``
    (gui.wizard.widgets) are."""

    @property
    def problem_changed(self) -> SignalInstance: ...


def problem_label(field: Checked) -> QLabel:
    """A label that says, below ``field``, why what was typed there cannot be read or was not taken
    (hidden otherwise)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("QLabel { color: #a93226; }")
    label.hide()

    def show(problem: str) -> None:
        label.setText(problem)
        label.setVisible(bool(problem))

    field.problem_changed.connect(show)
    return label
