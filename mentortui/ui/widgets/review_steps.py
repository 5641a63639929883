"""What each step of the weekly review shows: its text, a list to act on, more text, and
the questions it asks. Read from the data as it is now; the review screen lays it out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.console import Group
from rich.text import Text

from mentortui.core.cadence import describe_cadence
from mentortui.core.i18n import N_, _, format_date, format_when, language
from mentortui.core.safetext import clean
from mentortui.data import review as reviews
from mentortui.data.goals import before_next_meeting
from mentortui.data.meetings import next_planned
from mentortui.domain.meetings import proposed_dates
from mentortui.data.model import Agreement, Goal, Relationship, Review
from mentortui.data.store import Store
from mentortui.domain.guide import ItemStatus, checklist_status, load_guide
from mentortui.domain.learning import LEARNED_ANSWER, LEARNING_QUESTION
from mentortui.ui.labels import RUBRIC, role_label

CHECK = "✓"
RUBRIC_LABELS = dict(RUBRIC)


@dataclass
class StepView:
    """What a step shows: text, then a list to act on, then more text, then questions."""

    text: Any
    items: list[tuple[str, Text]] = field(default_factory=list)
    after: Any = ""
    questions: list[tuple[str, str]] = field(default_factory=list)


ANSWER_LABELS = {"wins": N_("Wins"), "goals": N_("Before the next meeting"), LEARNED_ANSWER: N_("Learned from them")}

# A lapsed check's row in the guide check (``r3/lapse-agenda-set``) and the key that fixes it.
LAPSE_ROW = "lapse-"
LAPSE_KEYS = {
    "agenda-set": N_("p prepares the agenda"),
    "meeting-notes": N_("o opens the last meeting's notes"),
    "difficulties-noted": N_("o opens the last meeting's notes"),
    "follow-up": N_("o opens the last meeting: f on a question follows it up"),
    "progress-update-given": N_("u writes a progress update"),
    "learning-noted": N_("answer the question below"),
}


def lapse_prompt(item: ItemStatus) -> Text:
    """A lapsed check: what the guide asks, why it is not met now, and the key that fixes it."""
    prompt = Text("! " + item.item.label(), style="bold yellow")
    prompt.append("\n  " + clean(item.evidence.detail, single_line=True))
    fix = LAPSE_KEYS.get(item.item.evidence or "", N_("o opens where it lives"))
    prompt.append("\n  → " + _(fix), style="cyan")
    return prompt



def answer_lines(answers: dict[str, str]) -> list[str]:
    """What was typed in a review, each answer under a readable name (an answer about one
    relationship is named by its own key: ``"3:goals"`` reads as ``goals``)."""
    guide = load_guide()
    lines = []
    for stored_key, value in answers.items():
        if not value.strip():
            continue
        key = reviews.split_answer_key(stored_key)[1]
        if key.startswith("guide-"):
            label = guide.practice(key.removeprefix("guide-")).heading()
        else:
            label = _(ANSWER_LABELS.get(key, key))
        lines.append(_("{label}: {value}", label=label, value=value.strip()))
    return lines


def titled_list(title: str, rows: list[str], empty: str) -> Text:
    """A bold title over one bullet per row (user text, each cut to one line), or `empty`."""
    text = Text(title + "\n", style="bold")
    if not rows:
        text.append("  " + empty + "\n", style="dim")
    for row in rows:
        text.append("  • " + clean(row, single_line=True) + "\n")
    return text


def relationship_heading(relationship: Relationship) -> str:
    """How a review names a relationship it walks: the partner and my role."""
    return _("{partner} — you are the {role}", partner=clean(relationship.partner, single_line=True),
             role=role_label(relationship.role))


def by_relationship(store: Store, review: Review) -> tuple[list[str], list[tuple[str, list[str], list[str]]]]:
    """A review's answers about the person, then per relationship (in the order they were
    first met): its heading, the changes made and the answers written about it."""
    person: list[str] = []
    groups: dict[int | None, tuple[list[str], dict[str, str]]] = {}
    for change in review.changes:
        about = change.get("relationship_id") if isinstance(change, dict) else None
        groups.setdefault(about, ([], {}))[0].append(reviews.describe_change(change))
    for key, value in review.answers.items():
        about = reviews.split_answer_key(key)[0]
        if about is None:
            person += answer_lines({key: value})
        else:
            groups.setdefault(about, ([], {}))[1][key] = value
    names = {relationship.id: relationship_heading(relationship) for relationship in store.relationships()}
    return person, [
        (names.get(about, _("Other")) if about is not None else _("Other"), changes, answer_lines(answers))
        for about, (changes, answers) in groups.items()
    ]


def review_record(store: Store, review: Review, changes: tuple[str, str], answers: tuple[str, str],
                  several: bool = False) -> Group:
    """What a review changed and what was written in it: one list each when it is about a
    single relationship, else (or when it walks ``several``) each relationship's under its
    own heading. ``changes`` and ``answers``: each list's title and what it says when empty."""
    person, groups = by_relationship(store, review)
    if len(groups) <= 1 and not (several and groups):
        changed = groups[0][1] if groups else []
        written = person + (groups[0][2] if groups else [])
        return Group(titled_list(changes[0], changed, changes[1]), titled_list(answers[0], written, answers[1]))
    parts: list[Any] = [titled_list(answers[0], person, answers[1])] if person else []
    for heading, changed, written in groups:
        parts.append(Text(heading, style="bold underline"))
        parts.append(titled_list(changes[0], changed, changes[1]))
        if written:
            parts.append(titled_list(answers[0], written, answers[1]))
    return Group(*parts)


def row_id(relationship_id: int, item: str = "") -> str:
    """A step's list row: ``r3`` (the relationship's own row), ``r3/goal-12`` (an item of it)."""
    return f"r{relationship_id}/{item}" if item else f"r{relationship_id}"


def row_relationship(option_id: str) -> int | None:
    head = option_id.split("/", 1)[0]
    return int(head[1:]) if head.startswith("r") and head[1:].isdigit() else None


def row_item(option_id: str) -> str:
    return option_id.split("/", 1)[1] if "/" in option_id else ""


class StepViews:
    """The view of each step of ``review``, walking ``relationships`` (every active one, and
    the ended ones whose news is due), as of ``now``. With one relationship a step reads as
    a review of it; with several, each one's part comes under its partner's name, and the
    keys act on the relationship of the selected row."""

    def __init__(self, store: Store, review: Review, now: dt.datetime, relationships: list[Relationship]) -> None:
        self.store = store
        self.review = review
        self.now = now
        self.relationships = relationships
        self.active = [r for r in relationships if r.status == "active"]
        self.several = len(relationships) > 1

    def view(self, step: str) -> StepView:
        return getattr(self, "_step_" + step)()

    def _heading_row(self, relationship: Relationship, detail: str = "") -> tuple[str, Text]:
        prompt = Text(relationship_heading(relationship), style="bold")
        if detail:
            prompt.append("\n  " + detail)
        return row_id(relationship.id), prompt

    def _question(self, relationship: Relationship, question: str) -> str:
        return _("{partner}: {question}", partner=clean(relationship.partner, single_line=True), question=question) \
            if self.several else question

    def _step_look_back(self) -> StepView:
        parts: list[Any] = []
        for relationship in self.active:
            moved = reviews.look_back(self.store, relationship.id, self.review.week)
            if self.several:
                parts.append(Text(relationship_heading(relationship), style="bold underline"))
            parts += [
                titled_list(_("Goals done this week"), [g.title for g in moved.goals_done], _("none yet")),
                titled_list(_("Meetings held"), [format_when(m.starts_at) for m in moved.meetings_held],
                            _("none this week")),
                titled_list(_("Feedback logged"), [f.text for f in moved.feedback], _("none this week")),
            ]
        return StepView(Group(*parts), questions=[("wins", _("A line on this week's wins:"))])

    def _step_goals(self) -> StepView:
        now = self.now
        text = Text(_("Open goals due within two weeks, untouched for three weeks or set for before the next meeting. "
                      "space: done · x: drop · n: before the next meeting."), style="dim")
        items = []
        for relationship in self.active:
            if self.several:
                items.append(self._heading_row(relationship))
            goals = reviews.goals_to_walk(self.store, relationship.id, now)
            # The steps planned for before the next meeting too (those written here among them).
            walked = {goal.id for goal in goals}
            goals += [goal for goal in before_next_meeting(self.store, relationship.id) if goal.id not in walked]
            items += [(row_id(relationship.id, f"goal-{g.id}"), self._goal_prompt(g, now)) for g in goals]
        questions = [
            (reviews.answer_key(relationship.id, "goals"),
             self._question(relationship, _("What will you do before the next meeting? One goal a line:")))
            for relationship in self.active
        ][: reviews.MAX_QUESTIONS]
        return StepView(text, items, questions=questions)

    def _goal_prompt(self, goal: Goal, now: dt.datetime) -> Text:
        prompt = Text(clean(goal.title, single_line=True))
        if goal.due_on:
            style = "bold red" if goal.due_on < now.date() else ""
            prompt.append("  " + _("due {date}", date=format_date(goal.due_on)), style=style)
        if reviews.is_stale(goal, now):
            prompt.append("  " + _("untouched for 3+ weeks"), style="yellow")
        if goal.before_next_meeting:
            prompt.append("  ◆ " + _("before next meeting"), style="cyan")
        return prompt

    def _step_feedback(self) -> StepView:
        text = Text(_("Advice received that still waits for a result (r records it):"), style="bold")
        items: list[tuple[str, Text]] = []
        after: list[Any] = []
        for relationship in self.active:
            waiting = self.store.advice_awaiting_result(relationship.id)
            if self.several:
                items.append(self._heading_row(relationship, "" if waiting else _("none waiting")))
            items += [(row_id(relationship.id, f"advice-{f.id}"),
                       Text(format_date(f.date, "short") + "  " + clean(f.text, single_line=True))) for f in waiting]
            if relationship.role == "mentor":
                given = reviews.given_this_week(self.store, relationship.id, self.review.week)
                title = _("Feedback I gave this week, against the rubric")
                after.append(titled_list(
                    title + " — " + clean(relationship.partner, single_line=True) if self.several else title,
                    [f.text + "  (" + (", ".join(_(RUBRIC_LABELS.get(key, key)) for key in f.rubric)
                                       or _("no box ticked")) + ")" for f in given],
                    _("none this week"),
                ))
        if not any(row_item(option_id) for option_id, _prompt in items):
            text.append("\n  " + _("none — every piece of advice has its result"), style="dim")
        return StepView(text, items, Group(*after) if after else "")

    def _meeting_state(self, relationship: Relationship) -> tuple[Text, list[tuple[str, Text]]]:
        """The next meeting of a relationship in words, and its agenda's rows."""
        meeting = next_planned(self.store, relationship.id)
        if meeting is None:
            proposed = proposed_dates(self.store, relationship.id, count=1)
            text = Text(_("No meeting planned."), style="bold")
            if proposed:
                text.append("\n" + _("The cadence proposes {date} — s schedules it.", date=format_when(proposed[0])))
            return text, []
        agenda = self.store.agenda(meeting.id)
        text = Text(_("Next meeting: {date}", date=format_when(meeting.starts_at)) + "\n", style="bold")
        text.append(_("Agenda ready ({n} items)", n=len(agenda)) if agenda else _("No agenda yet — p prepares it "
                                                                                  "from what is open."))
        return text, [(row_id(relationship.id, f"item-{item.id}"),
                       Text(("✓ " if item.done else "• ") + clean(item.text, single_line=True))) for item in agenda]

    def _step_next_meeting(self) -> StepView:
        if not self.active:  # only ended relationships, here for their news: nothing to plan or prepare
            return StepView(Text(_("The relationship has ended: no meeting to plan.")))
        if not self.several:
            relationship = self.active[0]
            text, items = self._meeting_state(relationship)
            actions = self.store.open_actions(relationship.id)
            return StepView(text, items, titled_list(_("Open actions from past meetings"), [a.text for a in actions],
                                                     _("none")))
        items: list[tuple[str, Text]] = []
        after = []
        for relationship in self.active:
            state, agenda = self._meeting_state(relationship)
            option_id, prompt = self._heading_row(relationship)
            items.append((option_id, prompt.append("\n").append_text(state)))
            items += agenda
            after.append(titled_list(
                _("Open actions from past meetings") + " — " + clean(relationship.partner, single_line=True),
                [a.text for a in self.store.open_actions(relationship.id)], _("none")))
        text = Text(_("s schedules and p prepares the agenda of the selected relationship's next meeting."),
                    style="dim")
        return StepView(text, items, Group(*after) if after else "")

    def _step_guide_check(self) -> StepView:
        ranked = []
        items: list[tuple[str, Text]] = []
        for relationship in self.active:
            statuses = checklist_status(self.store, relationship, relationship.role)
            ranked += [(relationship, status) for status in statuses]
            lapsed = list({item.item.evidence: item for status in statuses for item in status.items
                           if item.evidence is not None and item.evidence.lapsed}.values())
            if self.several and lapsed:
                items.append(self._heading_row(relationship))
            items += [(row_id(relationship.id, LAPSE_ROW + item.item.evidence), lapse_prompt(item)) for item in lapsed]
        # Lapsed checks first: what the guide asks of every meeting or every few weeks, not done now.
        if items:
            text = Text(_("Lapsed since last time — each with the key that fixes it (o opens where it lives):"),
                        style="bold")
        else:
            text = Text(_("Nothing has lapsed: the next meeting has its agenda, the last one its notes, and your "
                          "updates are recent."), style="dim")
        after = Text(_("The practices where your checklist is thinnest, each with a question:"), style="dim")
        # A mentor is asked what they learned from each mentee: the answer goes to the learning log.
        learned = [relationship for relationship in self.active if relationship.role == "mentor"]
        # The thinnest practices over every relationship (ties: relationship, then guide order);
        # a mentor's M1 question is the learning one above.
        weakest = reviews.weakest_practices(
            [(relationship, s) for relationship, s in ranked
             if not (s.practice.key == "M1" and relationship in learned)],
            status=lambda pair: pair[1])
        questions = [
            (reviews.answer_key(relationship.id, LEARNED_ANSWER),
             _(LEARNING_QUESTION, partner=clean(relationship.partner, single_line=True)))
            for relationship in learned
        ] + [
            (reviews.answer_key(relationship.id, f"guide-{s.practice.key}"), self._question(
                relationship, f"{s.practice.heading()} ({s.done}/{s.total}) — "
                + _(reviews.REFLECTIONS.get(s.practice.key, N_("What will you do differently next week?")))))
            for relationship, s in weakest
        ]
        return StepView(text, items, after, questions=questions[: reviews.MAX_QUESTIONS])

    def _agreement_state(self, relationship: Relationship) -> Text:
        agreement = self.store.current_agreement(relationship.id)
        text = self._revisit_state(agreement)
        if agreement is not None and agreement.cadence:
            text.append("\n" + _("We meet {rhythm}.", rhythm=describe_cadence(agreement.cadence, language())))
        return text

    def _revisit_state(self, agreement: Agreement | None) -> Text:
        today = self.now.date()
        if agreement is None:
            return Text(_("No agreement yet: m writes it down."))
        if reviews.revisit_due(agreement, today):
            return Text(_("The agreement's revisit date ({date}) has come: m reviews it now, d pushes the date.",
                          date=format_date(agreement.revisit_on)), style="bold")
        if agreement.revisit_on:
            return Text(_("Nothing to revisit this week: the next revisit is on {date} (m reviews it anyway).",
                          date=format_date(agreement.revisit_on)))
        return Text(_("No revisit date set: d proposes one, m reviews the agreement."))

    def _step_agreement(self) -> StepView:
        if not self.active:  # only ended relationships, here for their news: nothing to revisit
            return StepView(Text(_("The relationship has ended: its agreement has nothing to revisit.")))
        if not self.several:
            return StepView(self._agreement_state(self.active[0]))
        items = []
        for relationship in self.active:
            option_id, prompt = self._heading_row(relationship)
            items.append((option_id, prompt.append("\n  ").append_text(self._agreement_state(relationship))))
        return StepView(Text(_("m and d act on the selected relationship's agreement."), style="dim"), items)

    def _news_due(self, relationship: Relationship) -> dt.date | None:
        due = reviews.stay_in_touch_due(self.store, relationship, self.now.date())
        return due if due is not None and due <= self.now.date() else None

    def _step_thanks(self) -> StepView:
        text = Text(_("Gratitude keeps a relationship alive: t logs a thanks for something specific."))
        if not self.several:
            for relationship in self.relationships:
                due = self._news_due(relationship)
                if due is not None:
                    text.append("\n" + _("News for {partner} is due (since {date}).",
                                         partner=clean(relationship.partner), date=format_date(due)), style="bold")
            return StepView(text)
        items = []
        for relationship in self.relationships:
            due = self._news_due(relationship)
            items.append(self._heading_row(
                relationship, _("News for {partner} is due (since {date}).", partner=clean(relationship.partner),
                                date=format_date(due)) if due is not None else ""))
        return StepView(text, items)

    def _step_summary(self) -> StepView:
        text = Group(
            review_record(self.store, self.review, (_("What changed in this review"), _("nothing changed")),
                          (_("What you wrote"), _("nothing written")), self.several),
            Text(_("Completed — thank you.") if self.review.completed_at else _("ctrl+s completes the review."),
                 style="bold"),
        )
        return StepView(text)
