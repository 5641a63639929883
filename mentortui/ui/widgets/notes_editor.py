"""A meeting's notes, saved after a pause in typing, when focus leaves them, and whenever the
screen asks (leaving the meeting or the screen) — each save one undoable change."""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from mentortui.data.db import SQLiteError
from mentortui.core.i18n import N_, _
from mentortui.core.safetext import clean
from mentortui.core.text import one_line
from mentortui.data.model import ValidationError
from mentortui.data.store import NotFound, Store
from mentortui.domain.feedback import advice_from_notes
from mentortui.domain.meetings import FollowUp, follow_up_question, save_notes
from mentortui.ui.base import localize_bindings
from mentortui.ui.text_editor import SafeTextArea

ADVICE_QUOTE_WIDTH = 60  # the advice quoted in the message that says it was logged

# Gentle prompts from the guide for the notes: what a mentor listens for (M3), what a
# mentee keeps from the meeting (E2, E3).
NOTE_PROMPTS = {
    "mentor": (N_("Their difficulties"), N_("Questions I asked"), N_("Encouragement given")),
    "mentee": (N_("Answers"), N_("Advice received"), N_("Follow-up questions")),
}

# Seconds of quiet typing before the notes are saved (they are also saved on leaving them).
NOTES_SAVE_DELAY = 1.5


def follow_up_message(made: FollowUp) -> str:
    """What turning a question into a follow-up action did, in words."""
    text = clean(made.action.text, single_line=True)
    if not made.created:
        return _("Already followed up: “{text}”", text=text)
    return _("Follow-up action: “{text}”. ctrl+z outside the notes takes it back.", text=text)


def note_prompts(role: str) -> list[str]:
    """The prompts for the notes of a mentor or a mentee, in the current language."""
    return [_(prompt) for prompt in NOTE_PROMPTS[role]]


class NotesEditor(SafeTextArea):
    """One meeting's notes, which know whether they are saved and save themselves.

    The text as typed is kept apart too: when the app closes, the screen is told after its
    widgets are gone, and still saves it.
    """

    # A control key: in the notes, letters are typed.
    BINDINGS = [
        Binding("ctrl+g", "advice_from_line", "Line to advice", id="meetings.notes-advice"),
        Binding("ctrl+f", "follow_up_line", "Line to follow-up", id="meetings.notes-follow-up"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", show_line_numbers=False, **kwargs)
        localize_bindings(self)
        self.saved_text = ""
        self.typed_text = ""
        self._timer: Timer | None = None
        self._meeting: tuple[Store, int] | None = None  # where the notes are saved

    def show_stored(self, store: Store, meeting_id: int, text: str) -> None:
        """Show a meeting's notes as stored (only called with nothing unsaved)."""
        self._meeting = (store, meeting_id)
        self.saved_text = self.typed_text = text
        self.load_text(text)
        self._show_state()

    def save(self) -> None:
        """Store the notes if they changed; on failure keep them here and say so."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self.typed_text
        if self._meeting is None or text == self.saved_text:
            return
        store, meeting_id = self._meeting
        try:
            save_notes(store, meeting_id, text)
        except NotFound:  # deleted by another instance while the notes were being written
            self.saved_text = text
            self.app.copy_to_clipboard(text)
            self.notify(_("This meeting was deleted elsewhere; your notes were copied to the clipboard."),
                        severity="error", markup=False, timeout=15)
            return
        except ValidationError as error:  # e.g. over the length limit: saving again won't help
            self.notify(clean(_("The notes were not saved: the text {problem}. Shorten them; they are still here.",
                                problem=error.message)), severity="error", markup=False, timeout=15)
            return
        except SQLiteError as error:
            self.notify(clean(_("Could not save the notes ({error}); they are still here and will be saved at the next "
                                "pause.", error=error)), severity="error", markup=False, timeout=10)
            return
        self.saved_text = text
        if self.is_mounted:
            self._show_state()

    def action_advice_from_line(self) -> None:
        """Log the selection, else the line under the cursor, as advice in the feedback log."""
        if self._meeting is None:
            return
        store, meeting_id = self._meeting
        written = self.selected_text or self.document.get_line(self.cursor_location[0])
        logged = advice_from_notes(store, meeting_id, written)  # a deleted meeting: the app says so
        if logged is None:
            self.notify(_("This line is empty: put the cursor on the advice, or select it."), markup=False)
            return
        advice = one_line(logged.entry.text, ADVICE_QUOTE_WIDTH)  # the whole text is in the log
        if not logged.created:
            message = _("Already in the feedback log: “{advice}”", advice=advice)
        elif logged.entry.direction == "received":
            message = _("Advice received, logged in Feedback: “{advice}”. ctrl+z outside the notes takes it back.",
                        advice=advice)
        else:
            message = _("Advice given, logged in Feedback: “{advice}”. ctrl+z outside the notes takes it back.",
                        advice=advice)
        self.notify(message, markup=False)

    def action_follow_up_line(self) -> None:
        """Make the selection, else the line under the cursor, a follow-up action of this meeting."""
        if self._meeting is None:
            return
        store, meeting_id = self._meeting
        written = self.selected_text or self.document.get_line(self.cursor_location[0])
        made = follow_up_question(store, meeting_id, written)
        if made is None:
            self.notify(_("This line is empty: put the cursor on the question, or select it."), markup=False)
            return
        self.notify(follow_up_message(made), markup=False)
        self.post_message(self.FollowedUp())

    class FollowedUp(Message):
        """A line became a follow-up action: the meeting's actions are drawn again."""

    def _show_state(self) -> None:
        self.border_subtitle = _("saved") if self.typed_text == self.saved_text else _("not saved yet…")

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.typed_text = self.text
        self._show_state()
        if self.typed_text != self.saved_text:
            self._timer = self.set_timer(NOTES_SAVE_DELAY, self.save)

    def on_blur(self, _event: events.Blur) -> None:
        self.save()

    def add_headings(self, headings: list[str]) -> None:
        """Add headings at the end of the notes (those not there yet), the cursor under the
        first new one, ready to write."""
        present = {line.strip().lstrip("#").strip().casefold() for line in self.text.splitlines()}
        missing = [heading for heading in headings if heading.casefold() not in present]
        if missing:
            kept = self.text.rstrip("\n")
            # An edit (not a reload), so ctrl+z in the notes takes it back.
            self.replace(
                (kept + "\n\n" if kept else "") + "\n\n".join("## " + heading + "\n" for heading in missing),
                (0, 0),
                self.document.end,
            )
            first_heading = len(kept.split("\n")) + 1 if kept else 0
            self.move_cursor((first_heading + 1, 0))
        self.focus()
