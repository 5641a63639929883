"""Navigation: a screen posts ``Navigate(ref)``, the app shows the screen that holds ``ref``.

Screens never import one another: they name the item to show (``mentortui.core.refs``)
and this table says which main screen shows it. The app switches to that screen and calls
its ``show(ref)``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING

from textual.message import Message

from mentortui.core.i18n import N_
from mentortui.core.refs import (
    AgreementRef,
    CandidateRef,
    FeedbackAbout,
    FeedbackRef,
    GoalRef,
    MeetingRef,
    MeetingsAbout,
    Overview,
    PracticeRef,
    Ref,
    RelationshipRef,
    ReviewRef,
    ReviewStep,
)

if TYPE_CHECKING:
    from mentortui.ui.base import BaseScreen

# The main screens in key order (keys 1…7): mode name and title (a message id).
SCREEN_TITLES = {
    "dashboard": N_("Dashboard"),
    "guide": N_("Guide"),
    "goals": N_("Goals"),
    "meetings": N_("Meetings"),
    "feedback": N_("Feedback"),
    "review": N_("Weekly review"),
    "relationship": N_("Relationship"),
}

# Each main screen's class, imported when the screen is first shown: the first frame pays only
# for the screen it draws (importing all seven, and what they import, took ~100 ms).
SCREEN_CLASSES = {
    "dashboard": "mentortui.ui.screens.dashboard:DashboardScreen",
    "guide": "mentortui.ui.screens.guide:GuideScreen",
    "goals": "mentortui.ui.screens.goals:GoalsScreen",
    "meetings": "mentortui.ui.screens.meetings:MeetingsScreen",
    "feedback": "mentortui.ui.screens.feedback:FeedbackScreen",
    "review": "mentortui.ui.screens.review:ReviewScreen",
    "relationship": "mentortui.ui.screens.relationship:RelationshipScreen",
}


# The main screens whose class offers palette commands from anywhere (``palette_commands``):
# the palette imports these, and only these, before they are shown.
PALETTE_SCREENS = ("guide", "relationship")


def screen_class(name: str) -> type[BaseScreen]:
    """The class of the main screen ``name`` (a mode name), importing its module if needed."""
    module, _colon, class_name = SCREEN_CLASSES[name].partition(":")
    return getattr(import_module(module), class_name)


def mode_of(screen: object) -> str | None:
    """The mode name of a main screen, without importing the screens not shown yet."""
    for name, path in SCREEN_CLASSES.items():
        module, _colon, class_name = path.partition(":")
        if module in sys.modules and isinstance(screen, getattr(sys.modules[module], class_name)):
            return name
    return None


# The main screen (mode name) that shows each kind of reference.
ROUTES: dict[type, str] = {
    Overview: "dashboard",
    PracticeRef: "guide",
    CandidateRef: "guide",
    GoalRef: "goals",
    MeetingRef: "meetings",
    MeetingsAbout: "meetings",
    FeedbackRef: "feedback",
    FeedbackAbout: "feedback",
    ReviewStep: "review",
    ReviewRef: "review",
    RelationshipRef: "relationship",
    AgreementRef: "relationship",
}


def screen_for(ref: Ref) -> str:
    """The mode name of the main screen that shows ``ref``."""
    return ROUTES[type(ref)]


class Navigate(Message):
    """Show ``ref``, first making ``relationship_id`` the active relationship if given."""

    def __init__(self, ref: Ref, relationship_id: int | None = None) -> None:
        super().__init__()
        self.ref = ref
        self.relationship_id = relationship_id
