"""Screen 3, Goals: a tree from career goals down to the small steps between meetings
(the guide's M6 and E3), edited entirely from the keyboard.

The tree is lazy: a level is read from the database when its parent unfolds, so a tree of
10,000 goals opens as fast as one of ten. After every change the unfolded part is read
again and the cursor goes back to the goal that was changed.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static, Tree
from textual.widgets.tree import TreeNode

from mentortui.core.i18n import N_, NC_, _
from mentortui.core.safetext import safe
from mentortui.data import goals as goal_data
from mentortui.data.goals import GoalFilter, GoalRow, Visible
from mentortui.data.db import SQLiteError
from mentortui.data.store import NotFound
from mentortui.data.store_goals import GoalTreeView
from mentortui.core.refs import FeedbackAbout, GoalRef, MeetingsAbout, Ref
from mentortui.domain import goals as goal_actions
from mentortui.domain.goals import set_before_next_meeting, set_goal_status
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.dialogs.goal_forms import add_goal_form, change_goal_status, confirm_delete_goal, edit_goal_form
from mentortui.ui.editors import SafeInput
from mentortui.ui.navigation import Navigate
from mentortui.ui.widgets.goal_details import GoalDetails, GoalsSummary
from mentortui.ui.widgets.goal_tree import GoalTree, goal_id_of

# Sub-goals start one horizon shorter than their parent.
CHILD_HORIZON = {"long": "short", "short": "step", "step": "step"}


class GoalsScreen(BaseScreen):
    HELP = N_(
        "Goals from where your career is going down to the small steps before the next meeting. "
        "The mentee owns them: a mentor asks and suggests rather than decides. A goal's progress "
        "counts its done steps; dropped goals don't count."
    )
    BINDINGS = [
        Binding("a", "add_sibling", "Add", id="goals.add"),
        Binding("A", "add_child", "Add sub-goal", id="goals.add-child"),
        Binding("enter,e", "edit", "Edit", id="goals.edit"),
        Binding("space", "toggle_done", NC_("goal", "Done"), id="goals.toggle"),
        Binding("x", "drop", "Drop", id="goals.drop", show=False),
        Binding("delete", "delete", "Delete", id="goals.delete", show=False),
        Binding("n", "toggle_planned", "Before next meeting", id="goals.next-meeting", show=False),
        Binding("f", "cycle_view", "View", id="goals.view"),
        Binding("slash", "filter", "Filter", id="goals.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="goals.clear-filter"),
        Binding("alt+up", "move_up", "Move up", id="goals.move-up", show=False),
        Binding("alt+down", "move_down", "Move down", id="goals.move-down", show=False),
        Binding("alt+left", "outdent", "Move out a level", id="goals.outdent", show=False),
        Binding("alt+right", "indent", "Move under the goal above", id="goals.indent", show=False),
        Binding("left", "fold", "Fold, or go to the parent", id="goals.fold", show=False),
        Binding("right", "unfold", "Unfold, or go to the first sub-goal", id="goals.unfold", show=False),
        Binding("z", "fold_all", "Fold all", id="goals.fold-all", show=False),
        Binding("m", "meetings", "Meetings about it", id="goals.meetings", show=False),
        Binding("F", "feedback", "Feedback about it", id="goals.feedback", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._relationship_id: int | None = None
        self._filter = GoalFilter()
        self._visible: Visible | None = None
        self._wanted: int | None = None  # the goal the cursor goes to after the next reload
        self._reveal = False  # ... even if the filter would hide it
        self._footer_state: tuple | None = None  # what the footer's keys were last drawn for
        self._restore_unfolded: frozenset[int] = frozenset()  # unfolded when the tree was last left

    def compose(self) -> ComposeResult:
        yield Header()
        yield GoalsSummary(id="goals-summary")
        filter_input = SafeInput(id="goals-filter", placeholder=_("Words from a title or notes"), compact=True)
        filter_input.display = False
        yield filter_input
        self._tree = GoalTree(self.mentor_app.clock.today(), self.mentor_app.lang)
        yield self._tree
        yield Static(id="goals-empty")
        yield GoalDetails(id="goal-details")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The first reload comes with ScreenResume, when the screen is shown.
        self.tree.focus()

    def on_screen_suspend(self) -> None:
        self._remember_view()

    def on_unmount(self) -> None:
        self._remember_view()  # the app is closing

    def _remember_view(self) -> None:
        """Keep what is unfolded and the goal under the cursor for the next showing, in this
        run or the next (in the workbook, so it follows the file; not undoable)."""
        if self._relationship_id is None:
            return
        view = GoalTreeView(frozenset(self.tree.unfolded()), goal_id_of(self.tree.current_node))
        try:
            self.store.remember_goal_tree_view(self._relationship_id, view)
        except SQLiteError:
            pass  # a read-only or busy file: the view is not worth an error

    @property
    def tree(self) -> GoalTree:
        return self._tree  # also while the app closes, when the screen is no longer queried

    # ---- reading and drawing -------------------------------------------------------

    def _cursor(self) -> TreeNode[GoalRow] | None:
        return self.tree.current_node

    def _current(self) -> GoalRow | None:
        node = self._cursor()
        return node.data if node is not None else None

    def reload(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None or relationship.id != self._relationship_id:
            # Another relationship (or the first showing): its own tree, unfiltered, unfolded
            # and with the cursor as it was last left, in this run or an earlier one.
            self._remember_view()
            self.tree.nodes = {}
            self._reset_filter()
            if relationship is not None:
                view = self.store.goal_tree_view(relationship.id)
                self._restore_unfolded, self._wanted = view.unfolded, view.cursor
        self._relationship_id = relationship.id if relationship else None
        tree = self.tree
        tree.today, tree.lang = self.mentor_app.clock.today(), self.mentor_app.lang
        tree.display = relationship is not None
        if relationship is None:
            self._show_empty(_("No relationship yet. Press 7, then a, to start one."))
            self.query_one("#goals-summary", Static).display = False
            self.query_one("#goal-details", Static).display = False
            self.refresh_bindings()
            return
        self._rebuild()

    def _rebuild(self) -> None:
        """Read the unfolded part of the tree again, keeping what was unfolded and the cursor."""
        relationship_id = self._relationship_id
        assert relationship_id is not None
        wanted, self._wanted = self._wanted, None
        reveal, self._reveal = self._reveal, False
        visible = None
        if self._filter.active:
            visible = goal_data.visible_goals(self.store, relationship_id, self._filter, self.tree.today)
        if reveal and wanted is not None and visible is not None and wanted not in visible.shown:
            self._reset_filter()
            visible = None
        self._visible = visible
        restore, self._restore_unfolded = self._restore_unfolded, frozenset()
        target = self.tree.refill(
            partial(goal_data.children, self.store, relationship_id), partial(goal_data.ancestors, self.store),
            visible, visible.matches if visible is not None and self._filter.text.strip() else None, wanted,
            restore,
        )
        self._show_summary()
        self._show_details(target.data if target is not None else None)
        self._show_empty(self._empty_message())
        self._refresh_footer()

    def _refresh_footer(self) -> None:
        """Refresh the keys shown when what they depend on changed (each refresh rebuilds the
        footer, which costs more than reading the tree)."""
        state = (self._cursor() is not None, self._filter.active, self.query_one("#goals-filter", Input).display)
        if state != self._footer_state:
            self._footer_state = state
            self.refresh_bindings()

    @on(Tree.NodeHighlighted, "#goal-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[GoalRow]) -> None:
        # No refresh_bindings() here: it rebuilds the footer, too slow for every cursor move,
        # and the footer's keys don't depend on which goal is selected (check_action still
        # decides each key press).
        self._show_details(event.node.data)

    def _empty_message(self) -> str:
        if self.tree.nodes:
            return ""
        if self._filter.active:
            return _("No goal matches. escape shows them all again.")
        return _(
            "No goals yet. Press a to add a long-term one: where do you want your career to be in a few "
            "years? Then A adds the shorter goals and small steps under it."
        )

    def _show_empty(self, message: str) -> None:
        empty = self.query_one("#goals-empty", Static)
        empty.update(safe(message))
        empty.display = bool(message)

    def _show_summary(self) -> None:
        matches = len(self._visible.matches) if self._filter.text.strip() and self._visible is not None else None
        next_meeting = goal_actions.next_meeting(self.store, self._relationship_id, self.mentor_app.clock.now())
        planned = goal_data.planned_counts(self.store, self._relationship_id)
        self.query_one(GoalsSummary).show(self._filter.view, matches, next_meeting, planned,
                                          self.mentor_app.lang)

    def _show_details(self, row: GoalRow | None) -> None:
        self.query_one(GoalDetails).show(row, self.tree, self.mentor_app.lang, self._key_for)

    def _key_for(self, action: str) -> str:
        """The key that runs ``action`` here, as the footer shows it (a keymap may have changed it)."""
        for key, bindings in self._bindings.key_to_bindings.items():
            if any(binding.action == action for binding in bindings):
                return self.app.get_key_display(bindings[0])
        return ""

    # ---- which keys apply ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._relationship_id is None:
            return False
        node = self._cursor()
        row = node.data if node is not None else None
        if action == "clear_filter":
            return self._filter.active or self.query_one("#goals-filter", Input).display
        if action in ("add_sibling", "cycle_view", "filter", "fold_all"):
            return True
        if row is None or node is None:
            return False
        if action == "move_up":
            return node.previous_sibling is not None or None
        if action in ("move_down",):
            return node.next_sibling is not None or None
        if action == "indent":
            return node.previous_sibling is not None or None
        if action == "outdent":
            return row.goal.parent_id is not None or None
        if action == "meetings":
            return row.links.meetings + row.links.actions > 0 or None
        if action == "feedback":
            return row.links.feedback > 0 or None
        return True

    # ---- after a change ----------------------------------------------------------------

    def _changed(self, goal_id: int | None, *, reveal: bool = True) -> None:
        """Redraw everything after a write; the cursor comes back to ``goal_id``. With
        ``reveal``, a filter that would hide it makes way (what was just added, edited or
        moved stays in sight); without, a goal that leaves the view (done, in the "open"
        view) leaves the cursor on its neighbour."""
        self._wanted, self._reveal = goal_id, reveal
        self.mentor_app.data_changed()
        self.tree.focus()

    # ---- adding and editing --------------------------------------------------------------

    def _open_add_form(self, parent_id: int | None, position: int | None, horizon: str) -> None:
        if self._relationship_id is not None:
            form = add_goal_form(self.mentor_app, self._relationship_id, parent_id=parent_id, position=position,
                                 horizon=horizon)
            self.app.push_screen(form, self._saved)

    def _saved(self, goal_id: int | None) -> None:
        if goal_id is not None:
            self._changed(goal_id)

    def action_add_sibling(self) -> None:
        row = self._current()
        if row is None:
            self._open_add_form(None, None, "long")
        else:
            goal = row.goal
            self._open_add_form(goal.parent_id, goal.position + 1, goal.horizon)

    def action_add_child(self) -> None:
        row = self._current()
        if row is not None:
            self._open_add_form(row.goal.id, None, CHILD_HORIZON[row.goal.horizon])

    def action_edit(self) -> None:
        row = self._current()
        if row is not None:
            self.app.push_screen(edit_goal_form(self.mentor_app, row), self._saved)

    # ---- status ------------------------------------------------------------------------

    def _set_status(self, status: str) -> None:
        row = self._current()
        if row is None:
            return
        goal = row.goal

        def apply(new_status: str, with_children: bool) -> None:
            set_goal_status(self.store, goal.id, new_status, with_open_children=with_children)
            self._changed(goal.id, reveal=False)

        change_goal_status(self.mentor_app, goal, status, apply)

    def action_toggle_done(self) -> None:
        self._set_status("done")

    def action_drop(self) -> None:
        self._set_status("dropped")

    def action_toggle_planned(self) -> None:
        row = self._current()
        if row is not None:
            set_before_next_meeting(self.store, row.goal.id, not row.goal.before_next_meeting)
            self._changed(row.goal.id, reveal=False)

    # ---- delete ---------------------------------------------------------------------------

    def action_delete(self) -> None:
        node = self._cursor()
        row = self._current()
        if node is None or row is None:
            return
        # Where the cursor lands: the next goal at this level, else the one above, else the parent.
        neighbour = node.next_sibling or node.previous_sibling or node.parent
        confirm_delete_goal(self.mentor_app, row.goal, lambda: self._changed(goal_id_of(neighbour)))

    # ---- moves ----------------------------------------------------------------------------

    def _move(self, move, *args: Any) -> None:
        row = self._current()
        if row is not None:
            move(self.store, row.goal.id, *args)
            self._changed(row.goal.id)

    def action_move_up(self) -> None:
        node = self._cursor()
        if node is not None and node.previous_sibling is not None:
            self._move(goal_actions.move_next_to, goal_id_of(node.previous_sibling))

    def action_move_down(self) -> None:
        node = self._cursor()
        if node is not None and node.next_sibling is not None:
            self._move(goal_actions.move_next_to, goal_id_of(node.next_sibling))

    def action_indent(self) -> None:
        node = self._cursor()
        if node is not None and node.previous_sibling is not None:
            self._move(goal_actions.indent, goal_id_of(node.previous_sibling))

    def action_outdent(self) -> None:
        row = self._current()
        if row is not None and row.goal.parent_id is not None:
            self._move(goal_actions.outdent)

    # ---- folding ----------------------------------------------------------------------------

    def action_fold(self) -> None:
        self.tree.fold_or_go_up()

    def action_unfold(self) -> None:
        self.tree.unfold_or_go_down()

    def action_fold_all(self) -> None:
        self.tree.fold_all()

    # ---- filters ------------------------------------------------------------------------------

    def action_cycle_view(self) -> None:
        self._filter = self._filter.next_view()
        self._rebuild()

    def action_filter(self) -> None:
        field = self.query_one("#goals-filter", Input)
        field.display = True
        field.focus()

    @on(Input.Changed, "#goals-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        if event.value != self._filter.text:
            self._filter = GoalFilter(self._filter.view, event.value)
            self._rebuild()

    @on(Input.Submitted, "#goals-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            event.input.display = False
        self.tree.focus()

    def _reset_filter(self) -> None:
        field = self.query_one("#goals-filter", Input)
        field.value = ""
        field.display = False
        self._filter = GoalFilter()

    def action_clear_filter(self) -> None:
        self._reset_filter()
        self._rebuild()
        self.tree.focus()

    # ---- jumps ---------------------------------------------------------------------------------

    def action_meetings(self) -> None:
        row = self._current()
        if row is not None:
            self.post_message(Navigate(MeetingsAbout(row.goal.id)))

    def action_feedback(self) -> None:
        row = self._current()
        if row is not None:
            self.post_message(Navigate(FeedbackAbout(row.goal.id)))

    def show(self, ref: Ref) -> None:
        """A goal: unfold the way to it and put the cursor on it."""
        if not isinstance(ref, GoalRef) or ref.goal_id is None:
            return
        goal_id = ref.goal_id
        try:
            goal = self.store.goal(goal_id)
        except NotFound:
            self.notify(_("That goal no longer exists."), severity="warning", markup=False)
            return
        if goal.relationship_id != self._relationship_id:
            self.mentor_app.data_changed(goal.relationship_id)
        self._wanted, self._reveal = goal_id, True
        self._rebuild()
        self.tree.focus()

