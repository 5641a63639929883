"""The forms of the Relationship screen: a new relationship (onboarding), its profile,
the agreement, and closing it. Each returns a FormScreen whose save calls one domain function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from mentortui.domain.agreements import propose_revisit, revise_agreement
from mentortui.domain.relationships import close_relationship, create_relationship, describe_length, edit_profile
from mentortui.domain.relationships import closing_checklist
from mentortui.domain.learning import note_learning
from mentortui.data.model import MAX_REASON, MODES, Agreement, Feedback, Relationship, Review
from mentortui.data.store import NotFound
from mentortui.core.cadence import describe_cadence, parse_cadence, rule_end
from mentortui.core.dates import parse_duration
from mentortui.core.i18n import N_, _, format_date, plural
from mentortui.core.policy import DEFAULT_RELATIONSHIP_MONTHS, STAY_IN_TOUCH_MONTHS
from mentortui.core.safetext import safe
from mentortui.core.text import one_line
from mentortui.ui.base import DIALOG_CSS, KeysFooter, Localized
from mentortui.ui.date_readers import DateReaders
from mentortui.ui.forms import ConfirmScreen, Field, FormScreen
from mentortui.ui.labels import MODE_LABELS, role_label
from mentortui.ui.wizard import Step, WizardScreen

if TYPE_CHECKING:
    from mentortui.app import MentorApp

ROLE_CHOICES = (("mentee", N_("I am the mentee")), ("mentor", N_("I am the mentor")))
def _feedback_forms():
    # Imported when the closing checklist asks for a form: the welcome and the dashboard, which
    # import this module, need none of the feedback forms (nor the exports they import).
    from mentortui.ui.dialogs import feedback_forms

    return feedback_forms


MODE_CHOICES = tuple((mode, MODE_LABELS[mode]) for mode in MODES)
CADENCE_HELP = N_("weekly · every 2 weeks on tuesday · monthly on the 15th · … until June 30, 2027 · "
                  "or paste a calendar's RRULE")


class _Parsers(DateReaders):
    """The relationship forms' fields: dates, plus rhythm, end and stay-in-touch."""

    def cadence(self, text: str) -> str:
        return parse_cadence(text, lang=self.lang, today=self.today)

    def end(self, text: str) -> dt.date | relativedelta:
        """An end date, or a length of time from the start ("6 months")."""
        try:
            return parse_duration(text, lang=self.lang)
        except ValueError:
            return self.date(text)

    def stay_in_touch(self, text: str) -> int:
        low, high = STAY_IN_TOUCH_MONTHS
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(_("A number of months from {low} to {high}.", low=low, high=high))
        return int(text)

    def show_cadence(self, value: str) -> str:
        words = describe_cadence(value, self.lang)
        end = rule_end(value)
        if end is not None and end.date() < self.today:  # typed or pasted by mistake, as a past due date
            words += " · " + _("This rhythm has ended already: it proposes no meeting")
        return words

    def show_end(self, value: dt.date | relativedelta) -> str:
        if isinstance(value, dt.date):
            return self.show_date(value)
        return _("{length} after the start", length=describe_length(value))


def _why_fields(kind: str = "area") -> list[Field]:
    return [
        Field("why", N_("Why I'm in this relationship"), kind, help=N_("What draws you to it, what you want from it.")),
        Field("hope_to_learn", N_("What I hope to learn"), kind, help=N_("A good mentor learns from their mentee too.")),
    ]


def _agreement_fields(p: _Parsers) -> list[Field]:
    return [
        Field("cadence", N_("How often we meet"), placeholder=N_("e.g. every two weeks on tuesday"), parse=p.cadence,
              preview=p.show_cadence, help=N_("weekly · every 2 weeks · monthly on the first tuesday")),
        Field("cadence_start", N_("First meeting"), placeholder=N_("e.g. next tuesday 18:00"), parse=p.datetime,
              preview=p.show_datetime),
        Field("modes", N_("How we meet"), "multi", choices=MODE_CHOICES, help=N_("space ticks a mode")),
    ]


# The why step names the guide's practice of the role chosen: the mentor's first one (M1), or
# the mentee's career goals (E0) — the mentor's practice is not written for mentees.
WHY_INTROS = {
    "mentor": N_("The guide's first practice for a mentor: identify why you want to become a mentor. Keep in mind "
                 "that a good mentor also learns from their mentee."),
    "mentee": N_("The guide asks the mentee: where do you want your career to be in a few years? How can your ideal "
                 "mentor help you get there?"),
}


def _why_intro(values: dict[str, Any]) -> str:
    return _(WHY_INTROS["mentor" if values.get("role") == "mentor" else "mentee"])


_FIRST_INTRO = N_("mentortui keeps a mentoring relationship's whole life: the agreement, goals, meetings, "
                  "feedback, and a weekly review of a few minutes. Start with the person you are in it with.")


def _first_intro(_values: dict[str, Any]) -> str:
    """The welcome's first words, and the way in for someone holding a partner's invite."""
    return _(_FIRST_INTRO) + "\n" + _("Your partner sent you an invite? ctrl+p, then “Accept an invite from my partner…”.")


def _onboarding_steps(p: _Parsers, *, in_steps: bool = False) -> list[Step]:
    """A new relationship's fields, in the order a new user meets them on first run. In
    steps, enter goes on from every field: the role changes with up/down, and the last
    step's answers are one line each (the profile, e on the Relationship screen, has room)."""
    return [
        Step(N_("Who it is with"), _first_intro if in_steps else _FIRST_INTRO,
             [Field("partner", N_("Partner's name"), required=True, max_length=200)]),
        Step(N_("Your role and the dates"),
             N_("Which side of the relationship you are on, and the dates you agreed."),
             [Field("role", N_("My role"), "choice", required=True, choices=ROLE_CHOICES,
                    help=N_("up/down changes it; space opens the list") if in_steps else ""),
              Field("started_on", N_("Start date"), required=True, parse=p.date, preview=p.show_date),
              Field("end", N_("Agreed end (a date or a length)"), parse=p.end, preview=p.show_end,
                    help=N_("Every mentoring relationship has an end: agree it now."))]),
        Step(N_("How you will meet"), N_("The rhythm proposes your meeting dates; you can change it any time."),
             _agreement_fields(p)),
        Step(N_("Why you are doing this"), _why_intro, _why_fields("text" if in_steps else "area")),
    ]


def _create_relationship(app: MentorApp, candidate_id: int | None) -> Callable[[dict[str, Any]], int]:
    """The save of a new relationship (and its first agreement, in one change)."""

    def save(v: dict[str, Any]) -> int:
        relationship = create_relationship(
            app.store, partner=v["partner"], role=v["role"], started_on=v["started_on"], end=v["end"],
            cadence=v["cadence"], cadence_start=v["cadence_start"], modes=v["modes"], why=v["why"],
            hope_to_learn=v["hope_to_learn"], candidate_id=candidate_id,
        )
        return relationship.id

    return save


def _onboarding_values(prefill: dict[str, Any] | None) -> dict[str, Any]:
    # Real defaults, saved as shown: it starts today and, as the guide asks, has an end.
    end = describe_length(relativedelta(months=DEFAULT_RELATIONSHIP_MONTHS))
    return {"started_on": _("today"), "role": "mentee", "end": end, **(prefill or {})}


def _onboarding_summary(p: _Parsers) -> Callable[[dict[str, Any]], str]:
    """What saving the welcome keeps, and what it leaves empty with where to set it later."""

    def summary(v: dict[str, Any]) -> str:
        partner, role, start, end = v["partner"] or "", role_label(v["role"]), v["started_on"], v["end"]
        if isinstance(end, relativedelta):
            end = start + end
        lines = [
            _("Saving keeps: {partner} ({role}), from {start} to {end}.", partner=partner, role=role,
              start=p.show_date(start), end=p.show_date(end)) if end
            else _("Saving keeps: {partner} ({role}), from {start}.", partner=partner, role=role,
                   start=p.show_date(start))
        ]
        if v["cadence"] and v["cadence_start"]:
            lines.append(_("Meetings: {cadence}, the first on {first}.", cadence=p.show_cadence(v["cadence"]),
                           first=p.show_datetime(v["cadence_start"])))
        elif v["cadence"]:
            lines.append(_("Meetings: {cadence}, counted from today (no first meeting given).",
                           cadence=p.show_cadence(v["cadence"])))
        else:
            lines.append(_("No cadence: meetings won't be proposed until you set one — press m on the "
                           "Relationship screen."))
        if not end:
            lines.append(_("No agreed end: every relationship has one — set it with e on the Relationship screen."))
        if not v["modes"]:
            lines.append(_("No way to meet chosen yet (m on the Relationship screen)."))
        return "\n".join(lines)

    return summary


def onboarding_form(
    app: MentorApp, prefill: dict[str, Any] | None = None, *, candidate_id: int | None = None
) -> FormScreen:
    """"Add a relationship": who, my role, dates, rhythm, why, on one form; started from a
    guide candidate, saving also links the candidate to it."""
    return FormScreen(
        _("A new mentoring relationship"),
        [spec for step in _onboarding_steps(_Parsers(app)) for spec in step.fields],
        _onboarding_values(prefill),
        on_save=_create_relationship(app, candidate_id),
        intro=_("Who is it with, how will you meet, and why are you doing it?"),
    )


def first_run_wizard(app: MentorApp) -> WizardScreen:
    """The same fields as ``onboarding_form``, a step at a time: what a new user sees first."""
    parsers = _Parsers(app)
    return WizardScreen(
        _("Welcome to mentortui"),
        _onboarding_steps(parsers, in_steps=True),
        _onboarding_values(None),
        on_save=_create_relationship(app, None),
        summary=_onboarding_summary(parsers),
    )


def profile_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    p = _Parsers(app)
    fields = [
        Field("partner", N_("Partner's name"), required=True, max_length=200),
        Field("role", N_("My role"), "choice", required=True, choices=ROLE_CHOICES),
        Field("started_on", N_("Start date"), required=True, parse=p.date, preview=p.show_date),
        Field("end_on", N_("Agreed end date"), parse=p.date, preview=p.show_date),
        *_why_fields(),
    ]
    values = {
        "partner": relationship.partner,
        "role": relationship.role,
        "started_on": relationship.started_on.isoformat(),
        "end_on": relationship.end_on.isoformat() if relationship.end_on else "",
        "why": relationship.why,
        "hope_to_learn": relationship.hope_to_learn,
    }

    def save(changed: dict[str, Any]) -> int:
        return edit_profile(app.store, relationship.id, changed).id

    return FormScreen(_("Profile"), fields, values, on_save=save, only_changed=True)


def learning_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    """Note something I learned from my mentee (the learning log), dated the day I say."""
    p = _Parsers(app)
    fields = [
        Field("text", N_("What you learned"), "area", required=True),
        Field("date", N_("Date"), required=True, parse=p.date, preview=p.show_date),
    ]

    def save(values: dict[str, Any]) -> int | None:
        entry = note_learning(app.store, relationship.id, values["text"], day=values["date"])
        return entry.id if entry else None

    return FormScreen(_("What you learned from {partner}", partner=relationship.partner), fields,
                      {"date": _("today")}, on_save=save,
                      intro=_("A good mentor learns from their mentee too: a skill, a point of view, a tool."))


def agreement_form(
    app: MentorApp, relationship: Relationship, current: Agreement | None, *, review: Review | None = None
) -> FormScreen:
    """Writing the agreement's first version, or revising it: the terms that change, why
    (required) and the day it was agreed (today unless said otherwise); the history keeps
    the old versions. Opened from a weekly review, the new version is recorded in ``review``."""
    p = _Parsers(app)
    proposal = propose_revisit(current, app.clock.today())
    # The rhythm is shown in words; those words, left as they are, stand for the stored rule
    # (even one words can't say whole, shown with "(custom rule)").
    cadence_words = describe_cadence(current.cadence, app.lang) if current and current.cadence else ""

    def read_cadence(text: str) -> str:
        return current.cadence if current and cadence_words and text == cadence_words else p.cadence(text)

    def show_revisit(day: dt.date) -> str:
        # The proposal stays in sight once a date is there (the one that has come, say).
        if day == proposal:
            return p.show_date(day)
        return _("{date} (proposed: {proposal})", date=p.show_date(day), proposal=p.show_date(proposal))

    revision_fields = [
        Field("reason", N_("Why revise it"), required=True, max_length=MAX_REASON,
              help=N_("One short line, kept in the agreement's history.")),
        Field("agreed_on", N_("Date of this revision"), required=True, parse=p.date, preview=p.show_date),
    ] if current else []  # fmt: skip
    fields = [
        *revision_fields,
        Field("duration", N_("Duration"), placeholder=N_("6 months"), max_length=200),
        *(replace(spec, parse=read_cadence, help=CADENCE_HELP) if spec.name == "cadence" else spec
          for spec in _agreement_fields(p)),
        Field("my_responsibilities", N_("My responsibilities"), "area"),
        Field("their_responsibilities", N_("Their responsibilities"), "area"),
        Field("my_expectations", N_("What I expect"), "area"),
        Field("their_expectations", N_("What they expect"), "area"),
        Field("my_limits", N_("My limits and availability"), "area",
              help=N_("The time you can give, when you can be reached, what you will not take on.")),
        Field("their_limits", N_("Their limits and availability"), "area"),
        Field("revisit_on", N_("Revisit on"), parse=p.date, preview=show_revisit,
              help=_("Come back to these terms as the relationship goes; proposed: {date}.",
                     date=p.show_date(proposal))),
    ]
    values: dict[str, Any] = {"revisit_on": proposal.isoformat()}
    if current:
        values = {
            "reason": "",
            "agreed_on": _("today"),
            "duration": current.duration,
            "cadence": cadence_words,
            "cadence_start": current.cadence_start.strftime("%Y-%m-%d %H:%M") if current.cadence_start else "",
            "modes": current.modes,
            "my_responsibilities": current.my_responsibilities,
            "their_responsibilities": current.their_responsibilities,
            "my_expectations": current.my_expectations,
            "their_expectations": current.their_expectations,
            "my_limits": current.my_limits,
            "their_limits": current.their_limits,
            "revisit_on": current.revisit_on.isoformat() if current.revisit_on else "",
        }

    def save(changed: dict[str, Any]) -> Agreement:
        reason = changed.pop("reason", None) or ""
        agreed_on = changed.pop("agreed_on", None) or app.clock.today()
        # Terms left alone are carried over from the version current at save time.
        terms = {name: _stored_form(name, value) for name, value in changed.items()}
        return revise_agreement(app.store, relationship.id, terms, reason=reason, agreed_on=agreed_on, review=review)

    if current is None:
        return FormScreen(
            _("The agreement — saving makes version {n}", n=1),
            fields,
            values,
            on_save=save,
            intro=_("Say what each of you expects, how often and how you meet, and who does what."),
        )
    return FormScreen(
        _("Revise the agreement — saving makes version {n}", n=current.version + 1),
        fields,
        values,
        on_save=save,
        intro=_("Change the terms that change and say why: no version is written when no term changes."),
        only_changed=True,
    )


def _stored_form(term: str, value: Any) -> Any:
    """A form value as the agreement stores it (empty text, not None; a list of modes)."""
    if term == "modes":
        return value or []
    if term in ("cadence_start", "revisit_on"):
        return value
    return value if value is not None else ""


def close_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    """The last step of the closing checklist: the end date, then the relationship is closed."""
    p = _Parsers(app)
    fields = [Field("ended_on", N_("End date"), required=True, parse=p.date, preview=p.show_date)]

    def save(v: dict[str, Any]) -> int:
        return close_relationship(app.store, relationship.id, v["ended_on"]).id

    return FormScreen(
        _("Close the relationship with {partner}", partner=relationship.partner),
        fields,
        {"ended_on": _("today")},
        on_save=save,
        intro=_("Every mentoring relationship ends. Once closed, it proposes no more meetings; mentortui reminds "
                "you to send news. ctrl+z reopens it."),
        field_names={"ended_on": "ended_on"},
    )


def stay_in_touch_form(app: MentorApp, relationship: Relationship) -> FormScreen:
    """How often to send news once the relationship has ended (the profile's rhythm of news)."""
    fields = [Field("stay_in_touch_months", N_("Send news every … months"), required=True,
                    parse=_Parsers(app).stay_in_touch)]

    def save(changed: dict[str, Any]) -> int:
        return edit_profile(app.store, relationship.id, changed).id

    return FormScreen(
        _("How you will stay in touch"),
        fields,
        {"stay_in_touch_months": str(relationship.stay_in_touch_months)},
        on_save=save,
        intro=_("Once it has ended, keep them posted: mentortui reminds you when news is due."),
        only_changed=True,
    )


CLOSING_ITEMS = ("thanks", "recap", "stay_in_touch", "close")
CLOSING_LEFT = {"thanks": N_("thank them"), "recap": N_("the final recap")}
QUOTE_WIDTH = 50  # a thanks or recap quoted on its checklist line


def _logged(entry: Feedback | None) -> str:
    """A checklist item's entry (the thanks, the recap) quoted on one line; "" when none."""
    if entry is None:
        return ""
    return _("logged on {date}: “{text}”", date=format_date(entry.date), text=one_line(entry.text, QUOTE_WIDTH))


class ClosingChecklistScreen(Localized, ModalScreen[int | None]):
    """Closing a relationship is a short checklist (the guide's E4): thank them, send a final
    recap, say how you will stay in touch, then close. Each item shows from the data whether
    it is done and ``enter`` does it; closing with items left asks first. Dismissed with the
    relationship's id once closed, None when left open."""

    CSS_PATH = DIALOG_CSS
    BINDINGS = [Binding("escape", "dismiss", "Not now", id="closing.leave")]

    def __init__(self, app: MentorApp, relationship: Relationship) -> None:
        super().__init__()
        self.mentor_app = app
        self.relationship = relationship

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog switcher"):
            yield Label(safe(_("Thank and close: {partner}", partner=self.relationship.partner), single_line=True),
                        classes="form-title")
            yield Static(safe(_("Every mentoring relationship ends, at the agreed date or once the goal is reached. "
                                "Before closing: thank them, send a final recap, and agree how you will stay in "
                                "touch. enter does the item under the cursor.")), classes="form-intro")
            yield OptionList(id="closing-items")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._show_items()
        self.query_one(OptionList).focus()

    def _show_items(self) -> None:
        app, relationship = self.mentor_app, self.relationship
        checklist = closing_checklist(app.store, relationship, app.clock.today())
        news = plural(checklist.stay_in_touch_months, N_("news every month (enter changes it)"),
                      N_("news every {n} months (enter changes it)"))
        rows = {
            "thanks": self._item(1, _("Thank them"), checklist.thanks is not None,
                                 _logged(checklist.thanks) or _("not yet: enter writes your thanks")),
            "recap": self._item(2, _("A final recap"), checklist.recap is not None,
                                _logged(checklist.recap) or _("not yet: enter writes a progress update")),
            "stay_in_touch": self._item(3, _("How you stay in touch"), True, news),
            "close": Text("→ " + _("Close the relationship"), style="bold"),
        }
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options([Option(rows[key], id=key) for key in CLOSING_ITEMS])
        options.highlighted = highlighted if highlighted is not None else 0

    @staticmethod
    def _item(number: int, title: str, done: bool, detail: str) -> Text:
        text = Text("✓ " if done else "☐ ", style="green" if done else "yellow")
        text.append(f"{number}. {title}", style="bold")
        text.append(" — " + detail)
        return text

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if (current := self._reread()) is None:
            return
        app, relationship = self.mentor_app, self.relationship
        forms = {
            "thanks": lambda: _feedback_forms().entry_form(app, relationship.id, thanks=True),
            "recap": lambda: _feedback_forms().progress_update_form(app, relationship.id),
            "stay_in_touch": lambda: stay_in_touch_form(app, current),
        }
        if event.option.id in forms:
            app.push_screen(forms[event.option.id](), self._after_item)
        elif event.option.id == "close":
            self._close_asked()

    def _reread(self) -> Relationship | None:
        """The relationship as stored now; None when another window deleted it meanwhile:
        then the checklist says so and closes (the screen under it redraws)."""
        try:
            return self.mentor_app.store.relationship(self.relationship.id)
        except NotFound:
            self.app.notify(_("That item no longer exists (changed elsewhere?); the screen is up to date now."),
                            severity="warning", markup=False)
            self.dismiss(None)
            return None

    def _after_item(self, result: object) -> None:
        if (relationship := self._reread()) is not None:
            self.relationship = relationship
            self._show_items()

    def _close_asked(self) -> None:
        app = self.mentor_app
        left = closing_checklist(app.store, self.relationship, app.clock.today()).left
        if not left:
            self._ask_the_date(True)
            return
        question = _("Not done yet: {items}. Close the relationship anyway?",
                     items=", ".join(_(CLOSING_LEFT[item]) for item in left))
        app.push_screen(ConfirmScreen(question, yes=_("Close anyway"), no=_("Not yet")), self._ask_the_date)

    def _ask_the_date(self, go_on: bool | None) -> None:
        if go_on and (relationship := self._reread()) is not None:
            self.mentor_app.push_screen(close_form(self.mentor_app, relationship), self._after_closing)

    def _after_closing(self, result: int | None) -> None:
        if result is not None:
            self.app.notify(_("Relationship closed. Thank you for the work you did together."), markup=False)
            self.dismiss(result)
