"""The feedback log's dialogs: log or edit an entry, say what came of a piece of advice,
compose a progress update, filter by goal. Saving calls the domain's actions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.widget import Widget
from textual.widgets import Select, Static

from mentortui.core.files import export_folder, write_private
from mentortui.core.i18n import N_, _, format_date
from mentortui.core.safetext import clean
from mentortui.data import feedback as log
from mentortui.data.model import Feedback, Goal, Review
from mentortui.domain import feedback as actions
from mentortui.exchange.progress_update import compose_progress_update, free_update_path
from mentortui.ui.textual_words import ChoiceList
from mentortui.ui.date_readers import DateReaders
from mentortui.ui.forms import ConfirmScreen, Field, FormScreen, written_to_path_field
from mentortui.ui.labels import FEEDBACK_KIND_LABELS, RUBRIC
from mentortui.ui.widgets.feedback_table import one_line

if TYPE_CHECKING:
    from mentortui.app import MentorApp

DIRECTION_CHOICES = (("given", N_("I gave it")), ("received", N_("I received it")))
KIND_CHOICES = tuple(FEEDBACK_KIND_LABELS.items())
TRIED_CHOICES = (("yes", N_("Yes, I tried it")), ("no", N_("No, I did not try it")))
SHARE_CHOICES = (("shared", N_("Share with my partner")),)
GOAL_LABEL_WIDTH = 60
TALL_TEXT_LINES = 10  # the progress update's Markdown


def goal_choices(goals: list[Goal]) -> tuple[tuple[int, Text], ...]:
    """The relationship's goals as (id, label) in tree order, indented by depth; labels are
    user text, so they are Rich Text (never markup, never looked up as a message)."""
    depth: dict[int, int] = {}
    choices = []
    for goal in goals:
        depth[goal.id] = depth[goal.parent_id] + 1 if goal.parent_id in depth else 0
        label = one_line(goal.title, GOAL_LABEL_WIDTH - 2 * depth[goal.id])
        choices.append((goal.id, Text("  " * depth[goal.id]) + label))
    return tuple(choices)


# ---- the forms ---------------------------------------------------------------------------


class FeedbackForm(FormScreen):
    """A FormScreen that shows the rubric only for feedback given of kind constructive or
    advice, and whose goal list holds user text (shown literally)."""

    def _input_for(self, spec: Field) -> Widget:
        if spec.extra.get("user_choices"):
            value = self.initial.get(spec.name)
            return ChoiceList(
                [(label, choice) for choice, label in spec.choices],  # labels are Rich Text
                value=value if value is not None else Select.NULL,
                allow_blank=True,
                id=f"field-{spec.name}",
                compact=True,
            )
        widget = super()._input_for(spec)
        if spec.extra.get("tall"):
            # More than the forms' usual four lines (this screen's stylesheet doesn't reach dialogs).
            widget.styles.height = TALL_TEXT_LINES
        return widget

    def on_mount(self) -> None:
        super().on_mount()
        self._show_rubric_if_it_applies()

    def _chosen(self, name: str) -> Any:
        """The value of field ``name`` as it stands (its initial value if the form lacks it)."""
        spec = next((spec for spec in self.fields if spec.name == name), None)
        return self._raw(spec) if spec is not None else self.initial.get(name)

    def _show_rubric_if_it_applies(self) -> None:
        found = self.query("#field-rubric")
        if not found:
            return
        widget = found.first()
        shown = log.rubric_applies(self._chosen("direction"), self._chosen("kind"))
        siblings = list(widget.parent.children)
        label = siblings[siblings.index(widget) - 1]  # FormScreen puts each label just before its input
        label.display = widget.display = shown
        hint = self.query_one("#hint-rubric", Static)
        hint.display = shown

    @on(Select.Changed)
    def _kind_or_direction_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("field-direction", "field-kind"):
            self._show_rubric_if_it_applies()


def entry_form(
    app: MentorApp, relationship_id: int, entry: Feedback | None = None, *, thanks: bool = False,
    goal_id: int | None = None, review: Review | None = None,
) -> FormScreen:
    """Add (or edit) an entry; ``thanks`` opens a thank-you, text first; ``goal_id`` links a
    new entry to that goal; ``review``: the week's review notes the new entry."""
    dates = DateReaders(app)
    goals = goal_choices(app.store.goals(relationship_id))
    text = Field("text", N_("What was said"), "area", required=True)
    fields = [
        Field("date", N_("Date"), required=True, parse=dates.date, preview=dates.show_date, placeholder=N_("today")),
        Field("direction", N_("Given or received"), "choice", required=True, choices=DIRECTION_CHOICES),
        Field("kind", N_("Kind"), "choice", required=True, choices=KIND_CHOICES),
        text,
        Field("goal_id", N_("Linked goal"), "choice", choices=goals, extra={"user_choices": True}),
        Field(
            "rubric",
            N_("Before you give it — is it…"),
            "multi",
            choices=RUBRIC,
            help=N_("A mirror, not a gate: space ticks what is true; nothing stops you saving."),
        ),
        Field("shared", N_("Your partner"), "multi", choices=SHARE_CHOICES,
              help=N_("Private unless ticked: a shared entry goes to your partner with the next exchange.")),
    ]
    if thanks:
        fields.remove(text)
        fields.insert(0, text)
    if entry is None:
        values: dict[str, Any] = {
            "date": _("today"),
            "direction": "given",
            "kind": "thanks" if thanks else ("constructive" if app.relationship.role == "mentor" else "advice"),
            "goal_id": goal_id,
        }
        if app.relationship.role == "mentee" and not thanks:
            values["direction"] = "received"
    else:
        values = {
            "date": entry.date.isoformat(),
            "direction": entry.direction,
            "kind": entry.kind,
            "text": entry.text,
            "goal_id": entry.goal_id,
            "rubric": entry.rubric,
            "shared": ["shared"] if entry.shared else [],
        }

    def save(v: dict[str, Any]) -> int:
        v = {**v, "shared": "shared" in (v.get("shared") or ())}
        if entry is None:
            return actions.log_feedback(app.store, relationship_id, v, review=review).id
        return actions.edit_feedback(app.store, entry.id, v).id

    if thanks:
        title, intro = _("Say thanks"), _("Gratitude said along the way, not only at the end.")
    elif entry is None:
        title, intro = _("Log feedback"), _("Feedback you gave or received: advice, praise, constructive feedback.")
    else:
        title, intro = _("Edit feedback"), ""
    return FeedbackForm(title, fields, values, on_save=save, intro=intro)


def result_form(app: MentorApp, entry: Feedback, *, review: Review | None = None) -> FormScreen:
    """What came of a piece of advice: tried or not, what happened, when; ``review``: the
    week's review notes it."""
    dates = DateReaders(app)
    fields = [
        Field("tried", N_("Did you try it?"), "choice", required=True, choices=TRIED_CHOICES),
        Field("result", N_("What happened"), "area", required=True,
              help=N_("Tell them what came of it: it is the best thanks for advice.")),
        Field("result_on", N_("When"), required=True, parse=dates.date, preview=dates.show_date),
    ]
    values = {
        "tried": "no" if entry.tried is False else "yes",
        "result": entry.result,
        "result_on": entry.result_on.isoformat() if entry.result_on else _("today"),
    }

    def save(v: dict[str, Any]) -> int:
        actions.record_result(app.store, entry.id, tried=v["tried"] == "yes", result=v["result"],
                              result_on=v["result_on"], review=review)
        return entry.id

    return FormScreen(
        _("What came of the advice?"),
        fields,
        values,
        on_save=save,
        intro=_("The advice: {text}", text=clean(entry.text, single_line=True)),
    )


class ProgressUpdateForm(FeedbackForm):
    """The progress update's form: saving over a file that exists asks first."""

    def save(self, values: dict[str, Any]) -> None:
        path = Path(values["path"]).expanduser()
        if values.get("replace") or not path.is_file() or path.is_symlink():
            super().save(values)  # a link or a folder is refused by the writer, with its reason
            return

        def answered(replace: bool | None) -> None:
            if replace:
                super(ProgressUpdateForm, self).save({**values, "replace": True})

        question = _("{path} exists. Replace it with this update?", path=clean(path, single_line=True))
        self.app.push_screen(ConfirmScreen(question, yes=_("Replace"), no=_("Keep it")), answered)


def progress_update_form(app: MentorApp, relationship_id: int) -> FormScreen:
    """A progress update composed from recent results and goals reached, saved in the log
    and written as Markdown to a file to send."""
    today = app.clock.today()
    dates = DateReaders(app)
    update = compose_progress_update(app.store, relationship_id, today, app.lang)
    fields = [
        Field("text", N_("The update (Markdown)"), "area", required=True, extra={"tall": True}),
        Field("path", N_("Save the Markdown to"), required=True,
              help=N_("Relative paths are from the folder you started mentortui in; a file already there is replaced only if you say so.")),
        Field("date", N_("Date"), required=True, parse=dates.date, preview=dates.show_date),
    ]
    values = {
        "text": update.markdown,
        "path": str(free_update_path(app.preferences.folder(export_folder()), today)),
        "date": _("today"),
    }

    def save(v: dict[str, Any]) -> tuple[int, Path]:
        # The file first: if it cannot be written, nothing is logged.
        written = written_to_path_field(lambda: write_private(Path(v["path"]), v["text"], replace=v.get("replace", False)))
        app.preferences.remember_folder(written)
        entry = actions.log_progress_update(app.store, relationship_id, v["text"], v["date"])
        return entry.id, written

    return ProgressUpdateForm(
        _("Progress update"),
        fields,
        values,
        on_save=save,
        intro=_("What came of their advice and the goals you reached since {date}. Edit it, then save: "
                "it is logged and written as Markdown, ready to send.", date=format_date(update.since, lang=app.lang)),
    )


def goal_filter_form(app: MentorApp, relationship_id: int, current: int | None) -> FormScreen:
    goals = goal_choices(app.store.goals(relationship_id))
    fields = [Field("goal_id", N_("Show the feedback linked to"), "choice", choices=goals, extra={"user_choices": True},
                    help=N_("Leave blank to show every goal's feedback."))]
    return FeedbackForm(_("Filter by goal"), fields, {"goal_id": current}, on_save=lambda v: v["goal_id"] or 0)
