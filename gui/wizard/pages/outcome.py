"""The outcome page: the assessment's outcome, the answers that led there, what is still to answer,
the warnings, the sanctions screening and the competent authority; the report and the dossier file are
made from here."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QTextBrowser

from core import contract, countries
from core.content import Step
from core.decision import Assessment, assess, describe_answer, places_to_settle
from core.i18n import _
from gui.wizard.pages.base import DossierPage, Host
from gui.wizard.screening import summary_html as screening_summary


class OutcomePage(DossierPage):
    KIND = "outcome"

    def __init__(self, dw: Host, step: Step) -> None:
        super().__init__(dw, step.title, step.intro)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setMinimumHeight(380)
        # "Still to answer" lists links to the questions (Tab reaches them, Enter follows one)
        self.browser.anchorClicked.connect(self._follow)
        self.layout_.addWidget(self.browser)
        buttons = QHBoxLayout()
        self.report_button = QPushButton(_("&PDF report…"))
        self.report_button.setToolTip(
            _("The dossier report, and the draft for the competent authority when the outcome calls for one")
        )
        self.report_button.clicked.connect(lambda: self.dw.make_report())
        buttons.addWidget(self.report_button)
        self.export_button = QPushButton(_("E&xport dossier file…"))
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.export_button)
        self.finalise_button = QPushButton(_("&Finalise…"))
        self.finalise_button.setToolTip(_("Sign the dossier off: it becomes read-only"))
        self.finalise_button.clicked.connect(lambda: self.dw.finalise())
        buttons.addWidget(self.finalise_button)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)

    def load(self) -> None:
        c = self.content
        d = self.dw.dossier
        result = assess(d, c)
        outcome = c.outcomes[result.outcome]
        parts = [
            f"<h2 style='color:{outcome.colour}'>{html.escape(outcome.title)}</h2>",
            f"<p>{html.escape(result.explanation)}</p>",
            "<p style='color:#555'>"
            + html.escape(_("Decided at: {step}").format(step=c.decision_step(result.decided_at).title))
            + "</p>",
        ]
        if result.path:
            parts.append(f"<h3>{html.escape(_('The answers that led here'))}</h3><table cellpadding='3'>")
            for p in result.path:
                q = c.question(p.question)
                parts.append(
                    f"<tr><td>{html.escape(q.label)}</td><td><b>"
                    f"{html.escape(describe_answer(c, p.question, p.answer))}</b></td></tr>"
                )
            parts.append("</table>")
        if result.missing:
            parts.append(
                f"<h3>{html.escape(_('Still to answer'))}</h3><ul>"
                + "".join(
                    f"<li><a href='question:{html.escape(m)}'>{html.escape(c.question(m).text)}</a></li>"
                    for m in result.missing
                )
                + "</ul>"
            )
        if result.holds:
            parts.append(self._holds_html(result))
        if result.warnings:
            parts.append(
                f"<h3>{html.escape(_('Warnings'))}</h3><ul>"
                + "".join(
                    f"<li><b>{html.escape(c.warnings[w].title)}:</b> {html.escape(c.warnings[w].text)}</li>"
                    for w in result.warnings
                )
                + "</ul>"
            )
        parts.append(screening_summary(d))  # what is unscreened, open or confirmed
        authority = c.authority(d.member_state)
        if result.outcome in contract.REPLY_KIND_FOR_OUTCOME:  # it calls for a message to the authority
            if authority:
                parts.append(
                    f"<h3>{html.escape(_('Competent authority'))}</h3><p>{html.escape(authority.name)}<br>"
                    + "<br>".join(html.escape(x) for x in authority.address)
                    + f"<br>{html.escape(authority.phone or '')} · "
                    f"{html.escape(authority.email or '')}</p>"
                    + (f"<p>{html.escape(authority.notes)}</p>" if authority.notes else "")
                )
            else:
                unknown = _(
                    "The competent authority of {country}; this workbook does not hold its contact details."
                ).format(country=countries.display(d.member_state))
                parts.append(f"<h3>{html.escape(_('Competent authority'))}</h3><p>{html.escape(unknown)}</p>")
        self.browser.setHtml("".join(parts))
        self.outcome_id = result.outcome

    def _holds_html(self, result: Assessment) -> str:
        """The holds in words, each with a link to the question or page that settles it."""
        c = self.content
        signed = self.dw.dossier.sign_off
        if signed is not None:  # finalised: what was accepted then, and why; nothing left to do here
            titles = "".join(
                f"<li>{html.escape(c.holds[h].title)}</li>" for h in (signed.accepted_holds or result.holds)
            )
            why = (
                _("Accepted at sign-off by {name}: {reason}").format(
                    name=signed.name, reason=signed.accepted_because
                )
                if signed.accepted_because
                else _("Not settled when the dossier was signed off.")
            )
            heading = html.escape(_("Holds at sign-off"))
            return f"<h3>{heading}</h3><ul>{titles}</ul><p>{html.escape(why)}</p>"
        items = []
        for place in places_to_settle(self.dw.dossier, result, c):
            hold = c.holds[place.hold]
            href = f"question:{place.question}" if place.question else f"page:{place.step}"
            go = _("Go to “{page}”").format(page=c.step(place.step).title)
            items.append(
                f"<li><b>{html.escape(hold.title)}:</b> {html.escape(hold.text)} "
                f"<a href='{html.escape(href)}'>{html.escape(go)}</a></li>"
            )
        never = (
            "<p>" + html.escape(_("An incomplete assessment cannot be signed off.")) + "</p>"
            if any(h in contract.NEVER_ACCEPTED for h in result.holds)
            else "<p>"
            + html.escape(_("Settle them, or accept them with a reason when you finalise (Alt+F)."))
            + "</p>"
        )
        return f"<h3>{html.escape(_('To settle before sign-off'))}</h3><ul>{''.join(items)}</ul>{never}"

    def set_read_only(self, read_only: bool) -> None:
        self.finalise_button.setEnabled(not read_only)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "question":
            self.dw.go_to_question(url.path())
        elif url.scheme() == "page":
            self.dw.go_to(url.path())

    def export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Export dossier file"), str(Path.home() / "dossier.json"), _("Dossier files (*.json)")
        )
        if name:
            self.dw.export_to(Path(name))
