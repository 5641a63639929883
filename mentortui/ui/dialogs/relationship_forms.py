"""The forms of the Relationship screen: a new relationship (onboarding), its profile,
the agreement, and closing it. Each returns a FormScreen whose save calls one domain function."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta

from mentortui.domain.agreements import propose_revisit, revise_agreement
from mentortui.domain.relationships import close_relationship, create_relationship, describe_length, edit_profile
from mentortui.data.model import MAX_REASON, MODES, Agreement, Relationship, Review
from mentortui.core.cadence import describe_cadence, parse_cadence
from mentortui.core.dates import parse_duration
from mentortui.core.i18n import N_, _
from mentortui.core.policy import STAY_IN_TOUCH_MONTHS
from mentortui.ui.date_readers import DateReaders
from mentortui.ui.forms import Field, FormScreen
from mentortui.ui.labels import MODE_LABELS
from mentortui.ui.wizard import Step, WizardScreen

if TYPE_CHECKING:
    from mentortui.app import MentorApp

ROLE_CHOICES = (("mentee", N_("I am the mentee")), ("mentor", N_("I am the mentor")))
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
        return describe_cadence(value, self.lang)

    def show_end(self, value: dt.date | relativedelta) -> str:
        if isinstance(value, dt.date):
            return self.show_date(value)
        return _("{length} after the start", length=describe_length(value))


def _why_fields() -> list[Field]:
    return [
        Field("why", N_("Why I'm in this relationship"), "area", help=N_("What draws you to it, what you want from it.")),
        Field("hope_to_learn", N_("What I hope to learn"), "area", help=N_("A good mentor learns from their mentee too.")),
    ]


def _agreement_fields(p: _Parsers) -> list[Field]:
    return [
        Field("cadence", N_("How often we meet"), placeholder=N_("every two weeks on tuesday"), parse=p.cadence,
              preview=p.show_cadence, help=N_("weekly · every 2 weeks · monthly on the first tuesday")),
        Field("cadence_start", N_("First meeting"), placeholder=N_("next tuesday 18:00"), parse=p.datetime,
              preview=p.show_datetime),
        Field("modes", N_("How we meet"), "multi", choices=MODE_CHOICES, help=N_("space ticks a mode")),
    ]


def _onboarding_steps(p: _Parsers) -> list[Step]:
    """A new relationship's fields, in the order a new user meets them on first run."""
    return [
        Step(N_("Who it is with"),
             N_("mentortui keeps a mentoring relationship's whole life: the agreement, goals, meetings, "
                "feedback, and a weekly review of a few minutes. Start with the person you are in it with."),
             [Field("partner", N_("Partner's name"), required=True, max_length=200)]),
        Step(N_("Your role and the dates"),
             N_("Which side of the relationship you are on, and the dates you agreed."),
             [Field("role", N_("My role"), "choice", required=True, choices=ROLE_CHOICES),
              Field("started_on", N_("Start date"), required=True, parse=p.date, preview=p.show_date,
                    placeholder=N_("today")),
              Field("end", N_("Agreed end (a date or a length)"), parse=p.end, preview=p.show_end,
                    placeholder=N_("6 months"), help=N_("Every mentoring relationship has an end: agree it now."))]),
        Step(N_("How you will meet"), N_("The rhythm proposes your meeting dates; you can change it any time."),
             _agreement_fields(p)),
        Step(N_("Why you are doing this"),
             N_("The guide's first practice: know why you are in this relationship and what you hope to learn."),
             _why_fields()),
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
    return {"started_on": _("today"), "role": "mentee", **(prefill or {})}


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
        intro=_("Who is it with, how will you meet, and — the guide's first practice — why are you doing it?"),
    )


def first_run_wizard(app: MentorApp) -> WizardScreen:
    """The same fields as ``onboarding_form``, a step at a time: what a new user sees first."""
    return WizardScreen(
        _("Welcome to mentortui"),
        _onboarding_steps(_Parsers(app)),
        _onboarding_values(None),
        on_save=_create_relationship(app, None),
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
    """Closing leads into the guide's last practice: thank them, and stay in touch."""
    p = _Parsers(app)
    fields = [
        Field("ended_on", N_("End date"), required=True, parse=p.date, preview=p.show_date),
        Field("thanks", N_("A word of thanks (kept in the feedback log)"), "area"),
        Field("stay_in_touch_months", N_("Send news every … months"), required=True, parse=p.stay_in_touch),
    ]
    values = {"ended_on": _("today"), "stay_in_touch_months": str(relationship.stay_in_touch_months)}

    def save(v: dict[str, Any]) -> int:
        return close_relationship(app.store, relationship.id, v["ended_on"],
                                  stay_in_touch_months=v["stay_in_touch_months"], thanks=v["thanks"] or "").id

    return FormScreen(
        _("Close the relationship with {partner}", partner=relationship.partner),
        fields,
        values,
        on_save=save,
        intro=_("Every mentoring relationship ends. Thank them for what they gave, and agree how you will stay "
                "in touch: mentortui will remind you to send news."),
        field_names={"ended_on": "ended_on"},
    )

