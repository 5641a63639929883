"""Screen 7, Relationship: the profile (why I'm in it), the agreement and its versions,
switching between relationships, adding and closing one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from mentortui.domain.agreements import (
    TERM_LABELS,
    TermChange,
    agreed_day,
    changes_between,
    describe_term,
    next_meetings,
)
from mentortui.domain.relationships import delete_relationship
from mentortui.data.model import Agreement, Relationship
from mentortui.core.i18n import N_, NC_, _, format_date
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.forms import ConfirmScreen
from mentortui.ui.labels import role_label, status_label
from mentortui.ui.dialogs import partner_forms
from mentortui.ui.widgets.sharing_panel import sharing_table
from mentortui.ui.dialogs.relationship_forms import (
    ClosingChecklistScreen,
    agreement_form,
    learning_form,
    profile_form,
)

if TYPE_CHECKING:
    from mentortui.app import MentorApp


def _facts(rows: list[tuple[str, str]]) -> Table:
    """Label / value rows; values are user text, shown literally."""
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1, 0, 0))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, value in rows:
        table.add_row(Text(label), safe(value) if value else Text("—", style="dim"))
    return table


class RelationshipScreen(BaseScreen):
    HELP = N_("The relationship's profile and its agreement. r revises the agreement: the terms that change, "
              "why, and the day you agreed it; the history keeps each version with its reason.")
    BINDINGS = [
        Binding("e", "edit_profile", "Edit profile", id="relationship.edit"),
        Binding("m", "edit_agreement", "Edit agreement", id="relationship.agreement"),
        Binding("r", "revise_agreement", "Revise agreement", id="relationship.revise"),
        Binding("x", "partner", "Partner…", id="relationship.partner"),
        Binding("l", "note_learning", "Note what you learned", id="relationship.learning"),
        Binding("a", "add", "Add relationship", id="relationship.add"),
        Binding("s", "switch", "Switch", id="relationship.switch"),
        Binding("c", "close_relationship", NC_("relationship", "Close"), id="relationship.close"),
        Binding("delete", "delete", "Delete", id="relationship.delete"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="relationship-body"):
            yield Static(id="relationship-empty")
            yield Static(id="profile", classes="card")
            yield Static(id="agreement", classes="card")
            yield Static(id="learnings", classes="card")
            with Horizontal(id="history", classes="card"):
                yield OptionList(id="versions")
                yield Static(id="version-changes")
            yield Static(id="partner", classes="card")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#profile").border_title = _("Profile")
        self.query_one("#history").border_title = _("Agreement history")
        self.query_one("#partner").border_title = _("Working with your partner")

    # ---- data ----------------------------------------------------------------------

    @property
    def relationship(self) -> Relationship | None:
        return self.mentor_app.relationship

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit_profile", "edit_agreement", "revise_agreement", "close_relationship", "delete", "partner"):
            relationship = self.relationship
            if relationship is None:
                return False
            if action in ("close_relationship", "push_revisit") and relationship.status == "ended":
                return False
        if action == "note_learning":  # the guide: a mentor learns from their mentee
            return self.relationship is not None and self.relationship.role == "mentor"
        if action == "switch" and len(self.store.relationships()) < 2:
            return None  # shown dimmed: there is nothing to switch to yet
        return True

    def reload(self) -> None:
        relationship = self.relationship
        empty = self.query_one("#relationship-empty", Static)
        for card in self.query(".card"):
            card.display = relationship is not None
        empty.display = relationship is None
        if relationship is None:
            empty.update(safe(_("No relationship yet. Press a to add one.")))
            self.refresh_bindings()
            return
        versions = self.store.agreements(relationship.id)
        self._versions = versions
        self._show_profile(relationship)
        self._show_agreement(versions[-1] if versions else None)
        self._show_learnings(relationship)
        self._show_partner(relationship)
        options = self.query_one("#versions", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for version in reversed(versions):
            options.add_option(
                Option(
                    Text(_("v{n} · {date}", n=version.version, date=format_date(agreed_day(version), "short"))),
                    id=str(version.version),
                )
            )
        if versions:
            options.highlighted = min(highlighted or 0, len(versions) - 1)
            self._show_changes(versions[len(versions) - 1 - options.highlighted])
        else:
            self.query_one("#version-changes", Static).update(safe(_("No agreement yet. Press m to write one.")))
        self.refresh_bindings()

    def _show_profile(self, r: Relationship) -> None:
        lang = self.mentor_app.lang
        rows = [
            (_("Partner"), r.partner),
            (_("My role"), role_label(r.role)),
            (_("Started"), format_date(r.started_on, lang=lang)),
            (_("Agreed end"), format_date(r.end_on, lang=lang)),
            (_("Status"), status_label(r)),
            (_("Why I'm in it"), r.why),
            (_("What I hope to learn"), r.hope_to_learn),
        ]
        self.query_one("#profile", Static).update(_facts(rows))

    def _show_agreement(self, agreement: Agreement | None) -> None:
        card = self.query_one("#agreement", Static)
        if agreement is None:
            card.border_title = _("Agreement")
            card.update(safe(_("No agreement yet. Press m to write down how you will work together.")))
            return
        lang = self.mentor_app.lang
        card.border_title = _("Agreement · version {n}", n=agreement.version)
        rows = [(_(TERM_LABELS[term]), describe_term(agreement, term, lang)) for term in Agreement.TERMS]
        parts: list = [_facts(rows)]
        today = self.mentor_app.clock.today()
        if self.relationship.status == "ended":  # it proposes no more meetings nor revisits
            card.update(Group(*parts))
            return
        upcoming = next_meetings(agreement, self.mentor_app.clock.now(), 3)
        if upcoming:
            dates = ", ".join(format_date(when.date(), lang=lang) + " " + when.strftime("%H:%M") for when in upcoming)
            parts.append(Text(_("Next meetings from the cadence: {dates}", dates=dates), style="dim"))
        if agreement.revisit_on and agreement.revisit_on <= today:
            parts.append(Text(_("The revisit date has come: r revises these terms and sets the next revisit date."),
                              style="bold"))
        card.update(Group(*parts))

    def _show_learnings(self, relationship: Relationship) -> None:
        """What I learned from my mentee, newest first (a mentor's card)."""
        card = self.query_one("#learnings", Static)
        card.display = relationship.role == "mentor"
        card.border_title = safe(_("What you learned from {partner}", partner=relationship.partner), single_line=True)
        entries = self.store.learnings(relationship.id)
        if not entries:
            card.update(safe(_("Nothing noted yet. Press l to note what you learned from them.")))
            return
        lang = self.mentor_app.lang
        card.update(_facts([(format_date(entry.date, "short", lang=lang), entry.text) for entry in entries]))

    def _show_partner(self, relationship: Relationship) -> None:
        """Where the pairing with the partner stands, what it shares and what stays here."""
        status = partner_forms.partner.partner_status(self.store, relationship.id)
        lines = partner_forms.status_lines(relationship, status, self.mentor_app.lang)
        self.query_one("#partner", Static).update(Group(*lines, Text(""), sharing_table()))

    def _show_changes(self, version: Agreement) -> None:
        older = next((v for v in self._versions if v.version == version.version - 1), None)
        changes = changes_between(older, version, self.mentor_app.lang)
        self.query_one("#version-changes", Static).update(self._version_text(version, older is not None, changes))

    def _version_text(self, version: Agreement, revised: bool, changes: list[TermChange]) -> Text:
        """"Version 3 — 12 Dec 2026 — reason: … — changed: We meet, Revisit on", then each change."""
        parts = [_("Version {n}", n=version.version), format_date(agreed_day(version), lang=self.mentor_app.lang)]
        if version.reason:
            parts.append(_("reason: {reason}", reason=clean(version.reason, single_line=True)))
        if not revised:
            parts.append(_("the first agreement"))
        elif changes:
            parts.append(_("changed: {terms}", terms=", ".join(_(TERM_LABELS[change.term]) for change in changes)))
        else:
            parts.append(_("no term changed"))
        lines = Text(" — ".join(parts) + "\n", style="bold")
        for change in changes:
            lines.append(_(TERM_LABELS[change.term]) + "\n", style="underline")
            if "\n" in change.before or "\n" in change.after:
                for line in difflib.ndiff(change.before.splitlines(), change.after.splitlines()):
                    if line.startswith(("- ", "+ ")):
                        style = "red" if line.startswith("-") else "green"
                        lines.append("  " + clean(line, single_line=True) + "\n", style=style)
            else:
                if change.before:
                    lines.append("  − " + clean(change.before, single_line=True) + "\n", style="red")
                lines.append("  + " + (clean(change.after, single_line=True) or _("(removed)")) + "\n", style="green")
        return lines

    @on(OptionList.OptionHighlighted, "#versions")
    def _version_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        number = int(event.option.id or 0)
        version = next((v for v in self._versions if v.version == number), None)
        if version:
            self._show_changes(version)

    # ---- actions --------------------------------------------------------------------

    def _after_save(self, result: object) -> None:
        if result is not None:
            self.mentor_app.data_changed()

    def action_edit_profile(self) -> None:
        if self.relationship:
            self.app.push_screen(profile_form(self.mentor_app, self.relationship), self._after_save)

    def action_edit_agreement(self) -> None:
        if self.relationship:
            current = self.store.current_agreement(self.relationship.id)
            self.app.push_screen(agreement_form(self.mentor_app, self.relationship, current), self._after_save)

    def action_revise_agreement(self) -> None:
        """Revise the agreement: the terms that change, why, and the day it was agreed."""
        relationship = self.relationship
        if relationship is None:
            return
        current = self.store.current_agreement(relationship.id)
        if current is None:
            self.notify(_("Write the agreement first (m)."), severity="warning", markup=False)
            return
        self.app.push_screen(agreement_form(self.mentor_app, relationship, current), self._after_save)

    def action_note_learning(self) -> None:
        if self.relationship:
            self.app.push_screen(learning_form(self.mentor_app, self.relationship), self._after_save)

    def action_add(self) -> None:
        self.mentor_app.add_relationship()

    def action_partner(self) -> None:
        partner_forms.open_status(self.mentor_app)

    @classmethod
    def palette_commands(cls, app: MentorApp) -> Iterable[SystemCommand]:
        for name, help_text, run in partner_forms.palette_commands(app):
            yield SystemCommand(name, help_text, run)

    def action_switch(self) -> None:
        self.mentor_app.action_switch_relationship()

    def action_close_relationship(self) -> None:
        if self.relationship:
            self.app.push_screen(ClosingChecklistScreen(self.mentor_app, self.relationship), self._after_closing)

    def _after_closing(self, result: object) -> None:
        self.mentor_app.data_changed()  # closed, or a thanks or recap written on the way

    def action_delete(self) -> None:
        relationship = self.relationship
        if relationship is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                delete_relationship(self.store, relationship.id)
                self.notify(_("Deleted. ctrl+z brings it back."), markup=False)
                self.mentor_app.data_changed()

        self.app.push_screen(
            ConfirmScreen(
                _("Delete the relationship with {partner} and everything in it?", partner=clean(relationship.partner)),
                yes=_("Delete"),
                no=_("Keep"),
            ),
            answered,
        )
