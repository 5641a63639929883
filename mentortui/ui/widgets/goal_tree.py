"""The goal tree of the Goals screen: one line per goal that fits the width, status and
title on the left, the before-next-meeting mark, due date, progress and owner in columns
on the right. Its levels are filled by the screen, one at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import lru_cache

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from mentortui.core.dates import due_in_the_past
from mentortui.core.i18n import N_, _, format_skeleton, translate
from mentortui.core.safetext import safe
from mentortui.data.goals import GoalRow, Visible
from mentortui.data.model import Goal

STATUS_MARKS = {"open": "○", "done": "✓", "dropped": "✗"}
PLANNED_MARK = "◆"
OWNER_WORDS = {"mentee": N_("mentee"), "mentor": N_("mentor"), "both": N_("both")}
# A title keeps at least this many cells (and half the line) before the columns give way.
MIN_TITLE_CELLS = 16
# A filter unfolds the way to its matches only while that stays a readable number of lines.
UNFOLD_MATCHES_UP_TO = 300


# Babel's formatting is slow next to a cursor move, and the tree asks for the same few
# values again and again: the formatters below are cached.


@lru_cache(maxsize=4096)
def short_day(day: dt.date, today: dt.date, lang: str) -> str:
    """"Dec 3" this year; "Sep 2029" in another (the details show the whole date)."""
    return format_skeleton(day, "MMMd" if day.year == today.year else "yMMM", lang)


@lru_cache(maxsize=256)
def percent(value: int, lang: str) -> str:
    """A whole percentage as ``lang`` writes it ("80%", « 80 % »); English without Babel."""
    if lang == "en":
        return f"{value}%"
    from babel.numbers import format_percent  # slow to import: not for English

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


def goal_id_of(node: TreeNode[GoalRow] | None) -> int | None:
    return node.data.goal.id if node is not None and node.data is not None else None


def is_overdue(goal: Goal, today: dt.date) -> bool:
    return goal.status == "open" and due_in_the_past(goal.due_on, today)


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
        self.nodes: dict[int, TreeNode[GoalRow]] = {}  # the goals read so far, by id
        self._visible: Visible | None = None
        self._children: Callable[[int | None], list[GoalRow]] = lambda parent_id: []

    @property
    def current_node(self) -> TreeNode[GoalRow] | None:
        # After a rebuild that left nothing to show, cursor_node still names a discarded node.
        return self.cursor_node if self.cursor_line >= 0 else None

    def fill(self, children: Callable[[int | None], list[GoalRow]], visible: Visible | None, unfold: set[int]) -> int:
        """Draw the tree again from the top: ``children(parent_id)`` reads a level, ``visible``
        is what a filter leaves (None: everything), the goals in ``unfold`` are unfolded.
        Returns the last line (laying the new nodes out gives them their line numbers)."""
        self._children, self._visible = children, visible
        self.unselect()
        self.clear()
        self.nodes = {}
        self._add_level(self.root, None, unfold)
        return self.last_line

    def refill(
        self,
        children: Callable[[int | None], list[GoalRow]],
        ancestors: Callable[[int], list[int]],
        visible: Visible | None,
        matches: frozenset[int] | None,
        wanted: int | None,
        unfold: frozenset[int] = frozenset(),
    ) -> TreeNode[GoalRow] | None:
        """Draw the tree again (see ``fill``) keeping what was unfolded (and unfolding
        ``unfold`` too), ``matches`` emphasised, and put the cursor back: on ``wanted`` if
        given, else where it was, else on a new filter's first match, else on the line it
        was on. Returns the node it lands on."""
        unfolded = self.unfolded() | unfold
        cursor_goal = wanted if wanted is not None else goal_id_of(self.current_node)
        previous_line = self.cursor_line
        self.matches = matches
        if visible is not None and len(visible.shown) <= UNFOLD_MATCHES_UP_TO:
            unfolded |= visible.shown
        if cursor_goal is not None and (visible is None or cursor_goal in visible.shown):
            unfolded |= set(ancestors(cursor_goal))

        last_line = self.fill(children, visible, unfolded)

        target = self.nodes.get(cursor_goal) if cursor_goal is not None else None
        if visible is not None and wanted is None and cursor_goal not in visible.matches:
            # A new filter: the cursor goes to the first goal it found (nodes are in tree order).
            target = next((node for goal_id, node in self.nodes.items() if goal_id in visible.matches), target)
        if target is None and self.nodes:
            target = self.get_node_at_line(max(0, min(previous_line, last_line)))
        if target is not None:
            self.move_cursor(target)
        return target

    def unfolded(self) -> set[int]:
        """The goals unfolded now."""
        return {goal_id for goal_id, node in self.nodes.items() if node.is_expanded}

    def _add_level(self, parent: TreeNode[GoalRow], parent_id: int | None, unfold: set[int]) -> None:
        """Add the goals under ``parent_id`` (those the filter shows), and unfold those in ``unfold``."""
        visible = self._visible
        for row in self._children(parent_id):
            goal_id = row.goal.id
            if visible is not None and goal_id not in visible.shown:
                continue
            has_children = visible.shown_children.get(goal_id, 0) > 0 if visible is not None else row.children > 0
            opened = has_children and goal_id in unfold
            node = parent.add(safe(row.goal.title, single_line=True), row, allow_expand=has_children, expand=opened)
            self.nodes[goal_id] = node
            if opened:
                self._add_level(node, goal_id, unfold)

    def unfold(self, node: TreeNode[GoalRow]) -> None:
        if node.data is not None and node.allow_expand and not node.children:
            self._add_level(node, node.data.goal.id, set())
        node.expand()

    def fold_or_go_up(self) -> None:
        node = self.current_node
        if node is None:
            return
        if node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def unfold_or_go_down(self) -> None:
        node = self.current_node
        if node is None or not node.allow_expand:
            return
        if node.is_expanded:
            if node.children:
                self.move_cursor(node.children[0])
        else:
            self.unfold(node)

    def fold_all(self) -> None:
        """Fold everything; the cursor goes to the top-level goal it was under."""
        node = self.current_node
        for top in self.root.children:
            top.collapse_all()
        while node is not None and node.parent is not None and node.parent is not self.root:
            node = node.parent
        if node is not None:
            self.move_cursor(node)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[GoalRow]) -> None:
        # Unfolded with the mouse: read its level now.
        node = event.node
        if node.data is not None and node.allow_expand and not node.children:
            self._add_level(node, node.data.goal.id, set())

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
