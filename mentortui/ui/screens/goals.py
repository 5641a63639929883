"""Screen 3, Goals: a tree from career goals down to the small steps between meetings
(the guide's M6 and E3), edited entirely from the keyboard.

The tree is lazy: a level is read from the database when its parent unfolds, so a tree of
10,000 goals opens as fast as one of ten. After every change the unfolded part is read
again and the cursor goes back to the goal that was changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel.dates import format_skeleton
from babel.numbers import format_percent
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Input, Static, Tree
from textual.widgets.tree import TreeNode

from mentortui.data import goals as goal_data
from mentortui.data.goals import VIEW_LABELS, GoalFilter, GoalRow, Visible
from mentortui.data.model import MAX_TITLE, Goal
from mentortui.data.store import NotFound
from mentortui.core.i18n import N_, _, format_date, plural, translate
from mentortui.core.refs import FeedbackAbout, GoalRef, MeetingsAbout, Ref
from mentortui.core.safetext import clean, safe
from mentortui.ui.base import BaseScreen, KeysFooter
from mentortui.ui.editors import SafeInput
from mentortui.ui.forms import ConfirmScreen, DateReaders, Field, FormScreen
from mentortui.ui.navigation import Navigate

if TYPE_CHECKING:
    from mentortui.app import MentorApp

STATUS_MARKS = {"open": "○", "done": "✓", "dropped": "✗"}
STATUS_WORDS = {"open": N_("open"), "done": N_("done"), "dropped": N_("dropped")}
PLANNED_MARK = "◆"
HORIZON_CHOICES = (
    ("long", N_("Long term: where the career is going")),
    ("short", N_("Short term: the next months")),
    ("step", N_("Small step: before a coming meeting")),
)
HORIZON_WORDS = {"long": N_("long term"), "short": N_("short term"), "step": N_("small step")}
# Sub-goals start one horizon shorter than their parent.
CHILD_HORIZON = {"long": "short", "short": "step", "step": "step"}
OWNER_CHOICES = (("mentee", N_("The mentee")), ("mentor", N_("The mentor")), ("both", N_("Both of us")))
OWNER_WORDS = {"mentee": N_("mentee"), "mentor": N_("mentor"), "both": N_("both")}
# A filter unfolds the way to its matches only while that stays a readable number of lines.
UNFOLD_MATCHES_UP_TO = 300
# A title keeps at least this many cells (and half the line) before the columns give way.
MIN_TITLE_CELLS = 16


# Babel's formatting is slow next to a cursor move, and the tree asks for the same few
# values again and again: the formatters below are cached.


@lru_cache(maxsize=4096)
def short_day(day: dt.date, today: dt.date, lang: str) -> str:
    """"Dec 3" this year; "Sep 2029" in another (the details show the whole date)."""
    return format_skeleton("MMMd" if day.year == today.year else "yMMM", day, locale=lang)


@lru_cache(maxsize=256)
def percent(value: int, lang: str) -> str:
    return format_percent(value / 100, locale=lang)


@lru_cache(maxsize=8)
def column_widths(lang: str, year: int) -> tuple[int, int, int]:
    """Cells for the due date, progress and owner columns, so they line up from one goal to the next."""
    today = dt.date(year, 1, 1)
    days = [dt.date(y, month, 28) for y in (year, year + 1) for month in range(1, 13)]
    return (
        max(len(short_day(day, today, lang)) for day in days),
        len(percent(100, lang)),
        max(len(translate(word, lang)) for word in OWNER_WORDS.values()),
    )


def change_goal_status(app: MentorApp, goal: Goal, status: str, apply: Callable[[str, bool], None]) -> None:
    """Done / dropped, or back to open when it already is. When open sub-goals would be left
    under a goal that is closed, ask first whether they close too (escape changes nothing).
    ``apply(new_status, with_open_children)`` makes the change (the Goals screen and the
    weekly review each write it their way)."""
    if goal.status == status:
        apply("open", False)
        return
    open_below = goal_data.open_descendants(app.store, goal.id)
    if not open_below:
        apply(status, False)
        return

    def answered(with_children: bool | None) -> None:
        if with_children is not None:
            apply(status, with_children)

    title = clean(goal.title, single_line=True)
    steps = plural(open_below, N_("{n} open sub-goal"), N_("{n} open sub-goals"), app.lang)
    if status == "done":
        question = _("“{title}” still has {steps}. Complete them too?", title=title, steps=steps)
        yes, no = _("Complete them too"), _("Only this goal")
    else:
        question = _("“{title}” still has {steps}. Drop them too?", title=title, steps=steps)
        yes, no = _("Drop them too"), _("Only this goal")
    app.push_screen(ConfirmScreen(question, yes=yes, no=no), answered)


def is_overdue(goal: Goal, today: dt.date) -> bool:
    return goal.status == "open" and goal.due_on is not None and goal.due_on < today


class GoalTree(Tree[GoalRow], inherit_bindings=False):
    """The goal tree. Each line fits the width: status and title on the left; the before-next-
    meeting mark, due date, progress and owner in columns on the right, the last giving way
    first on a narrow terminal.

    Only moving keys are bound here: space, enter and the arrows left/right belong to the
    screen (toggle done, edit, fold/unfold).
    """

    COMPONENT_CLASSES = {
        "goal-tree--meta",
        "goal-tree--overdue",
        "goal-tree--done",
        "goal-tree--dropped",
        "goal-tree--planned",
        "goal-tree--match",
    }
    BINDINGS = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
        Binding("shift+up", "cursor_previous_sibling", show=False),
        Binding("shift+down", "cursor_next_sibling", show=False),
    ]

    def __init__(self, today: dt.date, lang: str) -> None:
        super().__init__("", id="goal-tree")
        self.show_root = False
        self.guide_depth = 3
        self.today = today  # the screen sets it again from the app's clock on each reload
        self.lang = lang
        self.matches: frozenset[int] | None = None  # goals a text filter found, emphasised

    def _depth(self, node: TreeNode[GoalRow]) -> int:
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return depth

    def _label_width(self, node: TreeNode[GoalRow]) -> int:
        return max(MIN_TITLE_CELLS + 2, self.scrollable_content_region.width - self._depth(node) * self.guide_depth)

    def get_label_width(self, node: TreeNode[GoalRow]) -> int:
        # Every label is laid out to the width (no horizontal scrolling), so this needs no rendering.
        return self._label_width(node)

    def render_label(self, node: TreeNode[GoalRow], base_style: Style, style: Style) -> Text:
        row = node.data
        if row is None:
            return super().render_label(node, base_style, style)
        if node.allow_expand:
            icon = self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
            fold = Text(icon, style=base_style + Style(bold=True))
        else:
            fold = Text("  ")
        line = Text.assemble(fold, self._goal_line(row, self._label_width(node) - fold.cell_len))
        line.stylize_before(style)
        return line

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _goal_line(self, row: GoalRow, width: int) -> Text:
        goal = row.goal
        status_style = {"done": "goal-tree--done", "dropped": "goal-tree--dropped"}.get(goal.status)
        head = Text(STATUS_MARKS[goal.status] + " ", style=self._style(status_style) if status_style else "")
        # Right-hand columns of fixed widths, most needed first; they give way from the end.
        due_width, progress_width, owner_width = column_widths(self.lang, self.today.year)
        meta = self._style("goal-tree--meta")
        due_style = self._style("goal-tree--overdue") if is_overdue(goal, self.today) else meta
        planned = goal.before_next_meeting and goal.status != "dropped"
        due = short_day(goal.due_on, self.today, self.lang) if goal.due_on else ""
        progress = percent(row.progress, self.lang) if row.progress is not None else ""
        columns = [
            Text(PLANNED_MARK if planned else " ", style=self._style("goal-tree--planned")),
            Text(due.rjust(due_width), style=due_style),
            Text(progress.rjust(progress_width), style=meta),
            Text(_(OWNER_WORDS[goal.owner]).ljust(owner_width), style=meta),
        ]
        title = safe(goal.title, single_line=True)
        title_room = width - head.cell_len - 1

        def columns_width() -> int:
            return sum(column.cell_len for column in columns) + 2 * max(0, len(columns) - 1)

        # The title keeps at least half the line (or all it needs); the columns give way first.
        wanted_room = min(title.cell_len, max(MIN_TITLE_CELLS, width // 2))
        while columns and title_room - columns_width() < wanted_room:
            columns.pop()
        room = title_room - columns_width()
        if status_style:
            title.stylize(self._style(status_style))
        if self.matches is not None and goal.id in self.matches:
            title.stylize(self._style("goal-tree--match"))
        title.truncate(max(room, 1), overflow="ellipsis")
        line = Text.assemble(head, title)
        if columns:
            line.append(" " * max(1, room - title.cell_len + 1))
            line.append_text(Text("  ").join(columns))
        return line


class GoalsScreen(BaseScreen):
    CSS_PATH = "goals.tcss"
    HELP = N_(
        "Goals from where your career is going down to the small steps before the next meeting. "
        "The mentee owns them: a mentor asks and suggests rather than decides. A goal's progress "
        "counts its done steps; dropped goals don't count."
    )
    BINDINGS = [
        Binding("a", "add_sibling", "Add", id="goals.add"),
        Binding("A", "add_child", "Add sub-goal", id="goals.add-child"),
        Binding("enter,e", "edit", "Edit", id="goals.edit"),
        Binding("space", "toggle_done", "Done", id="goals.toggle"),
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
        self._goal_nodes: dict[int, TreeNode[GoalRow]] = {}
        self._wanted: int | None = None  # the goal the cursor goes to after the next reload
        self._reveal = False  # ... even if the filter would hide it
        self._footer_state: tuple | None = None  # what the footer's keys were last drawn for

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="goals-summary")
        filter_input = SafeInput(id="goals-filter", placeholder=_("Words from a title or notes"), compact=True)
        filter_input.display = False
        yield filter_input
        yield GoalTree(self.mentor_app.clock.today(), self.mentor_app.lang)
        yield Static(id="goals-empty")
        yield Static(id="goal-details")
        yield KeysFooter()

    def on_mount(self) -> None:
        # The first reload comes with ScreenResume, when the screen is shown.
        self.tree.focus()

    @property
    def tree(self) -> GoalTree:
        return self.query_one(GoalTree)

    # ---- reading and drawing -------------------------------------------------------

    def _cursor(self) -> TreeNode[GoalRow] | None:
        tree = self.tree
        # After a rebuild that left nothing to show, cursor_node still names a discarded node.
        return tree.cursor_node if tree.cursor_line >= 0 else None

    def _current(self) -> GoalRow | None:
        node = self._cursor()
        return node.data if node is not None else None

    def reload(self) -> None:
        relationship = self.mentor_app.relationship
        if relationship is None or relationship.id != self._relationship_id:
            # Another relationship: its own tree, folded, unfiltered.
            self._goal_nodes = {}
            self._reset_filter()
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
        tree = self.tree
        relationship_id = self._relationship_id
        assert relationship_id is not None
        unfolded = {goal_id for goal_id, node in self._goal_nodes.items() if node.is_expanded}
        wanted, self._wanted = self._wanted, None
        reveal, self._reveal = self._reveal, False
        cursor_goal = wanted if wanted is not None else self._goal_id(self._cursor())
        previous_line = tree.cursor_line
        self._visible = None
        if self._filter.active:
            self._visible = goal_data.visible_goals(self.store, relationship_id, self._filter, tree.today)
        if reveal and wanted is not None and self._visible is not None and wanted not in self._visible.shown:
            self._reset_filter()
            self._visible = None
        tree.matches = self._visible.matches if self._visible and self._filter.text.strip() else None
        if self._visible is not None and len(self._visible.shown) <= UNFOLD_MATCHES_UP_TO:
            unfolded |= self._visible.shown
        if cursor_goal is not None and (self._visible is None or cursor_goal in self._visible.shown):
            unfolded |= set(goal_data.ancestors(self.store, cursor_goal))

        tree.unselect()
        tree.clear()
        self._goal_nodes = {}
        self._add_level(tree.root, None, unfolded)
        last_line = tree.last_line  # lays the new nodes out, giving them their line numbers

        target = self._goal_nodes.get(cursor_goal) if cursor_goal is not None else None
        if self._visible is not None and wanted is None and cursor_goal not in self._visible.matches:
            # A new filter: the cursor goes to the first goal it found (nodes are in tree order).
            matches = self._visible.matches
            target = next((node for goal_id, node in self._goal_nodes.items() if goal_id in matches), target)
        if target is None and self._goal_nodes:
            target = tree.get_node_at_line(max(0, min(previous_line, last_line)))
        if target is not None:
            tree.move_cursor(target)
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

    def _add_level(self, parent: TreeNode[GoalRow], parent_id: int | None, unfold: set[int]) -> None:
        """Add the goals under ``parent_id`` (those the filter shows), and unfold those in ``unfold``."""
        visible = self._visible
        for row in goal_data.children(self.store, self._relationship_id, parent_id):
            goal_id = row.goal.id
            if visible is not None and goal_id not in visible.shown:
                continue
            has_children = visible.shown_children.get(goal_id, 0) > 0 if visible is not None else row.children > 0
            opened = has_children and goal_id in unfold
            node = parent.add(safe(row.goal.title, single_line=True), row, allow_expand=has_children, expand=opened)
            self._goal_nodes[goal_id] = node
            if opened:
                self._add_level(node, goal_id, unfold)

    def _unfold(self, node: TreeNode[GoalRow]) -> None:
        if node.data is not None and node.allow_expand and not node.children:
            self._add_level(node, node.data.goal.id, set())
        node.expand()

    @on(Tree.NodeExpanded, "#goal-tree")
    def _expanded(self, event: Tree.NodeExpanded[GoalRow]) -> None:
        # Unfolded with the mouse: read its level now.
        node = event.node
        if node.data is not None and node.allow_expand and not node.children:
            self._add_level(node, node.data.goal.id, set())

    @on(Tree.NodeHighlighted, "#goal-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[GoalRow]) -> None:
        # No refresh_bindings() here: it rebuilds the footer, too slow for every cursor move,
        # and the footer's keys don't depend on which goal is selected (check_action still
        # decides each key press).
        self._show_details(event.node.data)

    @staticmethod
    def _goal_id(node: TreeNode[GoalRow] | None) -> int | None:
        return node.data.goal.id if node is not None and node.data is not None else None

    def _empty_message(self) -> str:
        if self._goal_nodes:
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
        lang = self.mentor_app.lang
        next_meeting = goal_data.next_meeting(self.store, self._relationship_id, self.mentor_app.clock.now())
        parts = [_("View: {view}", view=_(VIEW_LABELS[self._filter.view]))]
        if self._filter.text.strip() and self._visible is not None:
            parts.append(plural(len(self._visible.matches), N_("{n} match"), N_("{n} matches"), lang))
        open_count, done_count = goal_data.planned_counts(self.store, self._relationship_id)
        if next_meeting is not None:
            when = format_skeleton("MMMEd", next_meeting.date(), locale=lang) + " " + next_meeting.strftime("%H:%M")
            planned = _("{mark} next meeting {when} · before it: {open} open, {done} done",
                        mark=PLANNED_MARK, when=when, open=open_count, done=done_count)
        else:
            planned = _("{mark} no meeting planned · for the next one: {open} open, {done} done",
                        mark=PLANNED_MARK, open=open_count, done=done_count)
        parts.append(planned)
        summary = self.query_one("#goals-summary", Static)
        summary.display = True
        summary.update(safe(" · ".join(parts)))

    def _show_details(self, row: GoalRow | None) -> None:
        details = self.query_one("#goal-details", Static)
        details.display = row is not None
        if row is None:
            return
        goal, lang, today = row.goal, self.mentor_app.lang, self.tree.today
        text = safe(goal.title, single_line=True, style="bold")
        facts = [
            _(STATUS_WORDS[goal.status]),
            _(HORIZON_WORDS[goal.horizon]),
            _("owner: {who}", who=_(OWNER_WORDS[goal.owner])),
        ]
        if row.progress is not None:
            if row.counted_children and goal.status == "open":
                facts.append(_("{percent} ({done} of {total} steps done)", percent=percent(row.progress, lang),
                               done=row.done_leaves, total=row.leaves))
            else:
                facts.append(percent(row.progress, lang))
        text.append("\n" + " · ".join(facts))
        if goal.due_on is not None:
            due = _("due {date}", date=format_date(goal.due_on, "full", lang=lang))
            text.append(" · ")
            if is_overdue(goal, today):
                late = plural((today - goal.due_on).days, N_("{n} day"), N_("{n} days"), lang)
                text.append(_("{due}, overdue by {late}", due=due, late=late),
                            style=self.tree.get_component_rich_style("goal-tree--overdue", partial=True))
            else:
                text.append(due)
        if goal.before_next_meeting:
            text.append(" · " + PLANNED_MARK + " " + _("before the next meeting"))
        text.append("\n" + self._describe_links(row))
        if goal.notes.strip():
            text.append("\n")
            text.append_text(safe(goal.notes.strip().splitlines()[0], single_line=True, style="italic"))
        details.update(text)

    def _describe_links(self, row: GoalRow) -> str:
        """What refers to the goal, each group after the key that jumps to it."""
        links, lang = row.links, self.mentor_app.lang
        if not (links.meetings or links.actions or links.feedback):
            return _("No meeting, action or feedback refers to it yet.")
        groups = []
        in_meetings = []
        if links.meetings:
            in_meetings.append(
                plural(links.meetings, N_("{n} meeting"), N_("{n} meetings"), lang)
                + " (" + plural(links.agenda_items, N_("{n} agenda item"), N_("{n} agenda items"), lang) + ")"
            )
        if links.actions:
            in_meetings.append(plural(links.actions, N_("{n} action"), N_("{n} actions"), lang))
        if in_meetings:
            groups.append(self._key_for("meetings") + " → " + ", ".join(in_meetings))
        if links.feedback:
            feedback = plural(links.feedback, N_("{n} feedback entry"), N_("{n} feedback entries"), lang)
            groups.append(self._key_for("feedback") + " → " + feedback)
        return _("Linked: {links}", links=" · ".join(groups))

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

    def _goal_form(
        self, title: str, values: dict[str, Any], *, with_progress: bool, on_save, editing: bool = False
    ) -> FormScreen:
        dates = DateReaders(self.mentor_app)
        fields = [
            Field("title", N_("Goal"), required=True, max_length=MAX_TITLE),
            Field("notes", N_("Notes"), "area", help=N_("Why it matters, how you will know it is reached.")),
            Field("horizon", N_("Horizon"), "choice", required=True, choices=HORIZON_CHOICES),
            Field("due_on", N_("Due"), parse=dates.date, preview=dates.show_date, placeholder=N_("next friday"),
                  help=N_("next friday · +2w · 15/12 · vendredi")),
            Field("owner", N_("Owner"), "choice", required=True, choices=OWNER_CHOICES,
                  help=N_("The guide asks the mentor to let the mentee decide: goals are theirs by default.")),
        ]
        if with_progress:
            fields.append(Field("progress", N_("Progress (%)"), parse=_read_percent, placeholder="40",
                                help=N_("Your own estimate. A goal with sub-goals counts its done steps instead.")))
        # Editing writes only what was changed, so another instance's edit of the rest survives.
        return FormScreen(title, fields, values, on_save=on_save, only_changed=editing)

    def _open_add_form(self, parent_id: int | None, position: int | None, horizon: str) -> None:
        relationship_id = self._relationship_id
        if relationship_id is None:
            return

        def save(values: dict[str, Any]) -> int:
            goal = self.store.add_goal(
                relationship_id, values["title"], parent_id=parent_id, position=position,
                notes=values["notes"] or "", horizon=values["horizon"], due_on=values["due_on"],
                owner=values["owner"], progress=values["progress"],
            )
            return goal.id

        title = _("A new goal") if parent_id is None else _("A new sub-goal")
        form = self._goal_form(title, {"horizon": horizon, "owner": "mentee"}, with_progress=True, on_save=save)
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
        if row is None:
            return
        goal = row.goal
        with_progress = row.children == 0
        values = {
            "title": goal.title,
            "notes": goal.notes,
            "horizon": goal.horizon,
            "due_on": goal.due_on.isoformat() if goal.due_on else "",
            "owner": goal.owner,
            "progress": "" if goal.progress is None else str(goal.progress),
        }

        def save(changed: dict[str, Any]) -> int:
            if "notes" in changed:
                changed["notes"] = changed["notes"] or ""
            if changed:
                self.store.update_goal(goal.id, **changed)
            return goal.id

        form = self._goal_form(_("Edit the goal"), values, with_progress=with_progress, on_save=save, editing=True)
        self.app.push_screen(form, self._saved)

    # ---- status ------------------------------------------------------------------------

    def _set_status(self, status: str) -> None:
        row = self._current()
        if row is None:
            return
        goal = row.goal

        def apply(new_status: str, with_children: bool) -> None:
            self.store.set_goal_status(goal.id, new_status, with_open_children=with_children)
            self._changed(goal.id, reveal=False)

        change_goal_status(self.mentor_app, goal, status, apply)

    def action_toggle_done(self) -> None:
        self._set_status("done")

    def action_drop(self) -> None:
        self._set_status("dropped")

    def action_toggle_planned(self) -> None:
        row = self._current()
        if row is not None:
            goal_data.set_before_next_meeting(self.store, row.goal.id, not row.goal.before_next_meeting)
            self._changed(row.goal.id, reveal=False)

    # ---- delete ---------------------------------------------------------------------------

    def action_delete(self) -> None:
        node = self._cursor()
        row = self._current()
        if node is None or row is None:
            return
        goal = row.goal
        below = goal_data.descendant_count(self.store, goal.id)
        title = clean(goal.title, single_line=True)
        if below:
            question = _("Delete “{title}” and the {goals} under it?", title=title,
                         goals=plural(below, N_("{n} goal"), N_("{n} goals"), self.mentor_app.lang))
        else:
            question = _("Delete “{title}”?", title=title)
        # Where the cursor lands: the next goal at this level, else the one above, else the parent.
        neighbour = node.next_sibling or node.previous_sibling or node.parent

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            deleted = self.store.delete_goal(goal.id)
            one, many = N_("Deleted {n} goal. ctrl+z brings it back."), N_("Deleted {n} goals. ctrl+z brings them back.")
            self.notify(plural(deleted, one, many, self.mentor_app.lang), markup=False)
            self._changed(self._goal_id(neighbour))

        self.app.push_screen(ConfirmScreen(question, yes=_("Delete"), no=_("Keep")), answered)

    # ---- moves ----------------------------------------------------------------------------

    def _move(self, move, *args: Any) -> None:
        row = self._current()
        if row is not None:
            move(self.store, row.goal.id, *args)
            self._changed(row.goal.id)

    def action_move_up(self) -> None:
        node = self._cursor()
        if node is not None and node.previous_sibling is not None:
            self._move(goal_data.move_next_to, self._goal_id(node.previous_sibling))

    def action_move_down(self) -> None:
        node = self._cursor()
        if node is not None and node.next_sibling is not None:
            self._move(goal_data.move_next_to, self._goal_id(node.next_sibling))

    def action_indent(self) -> None:
        node = self._cursor()
        if node is not None and node.previous_sibling is not None:
            self._move(goal_data.indent, self._goal_id(node.previous_sibling))

    def action_outdent(self) -> None:
        row = self._current()
        if row is not None and row.goal.parent_id is not None:
            self._move(goal_data.outdent)

    # ---- folding ----------------------------------------------------------------------------

    def action_fold(self) -> None:
        tree, node = self.tree, self._cursor()
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not tree.root:
            tree.move_cursor(node.parent)

    def action_unfold(self) -> None:
        tree, node = self.tree, self._cursor()
        if node is None or not node.allow_expand:
            return
        if node.is_expanded:
            if node.children:
                tree.move_cursor(node.children[0])
        else:
            self._unfold(node)

    def action_fold_all(self) -> None:
        tree, node = self.tree, self._cursor()
        for top in tree.root.children:
            top.collapse_all()
        while node is not None and node.parent is not None and node.parent is not tree.root:
            node = node.parent
        if node is not None:
            tree.move_cursor(node)

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


def _read_percent(text: str) -> int:
    digits = text.strip().rstrip("%").strip()
    if not digits.isdigit() or not 0 <= int(digits) <= 100:
        raise ValueError(_("A whole number from 0 to 100, like 40."))
    return int(digits)
