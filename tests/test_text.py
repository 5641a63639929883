"""The shared text helpers (mentortui.core.text) and the rules' single home (core.policy)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from mentortui.core import policy
from mentortui.core.i18n import set_language
from mentortui.core.text import fold, one_line
from mentortui.domain import meetings
from mentortui.domain.guide import matches
from mentortui.ui.dialogs.relationship_forms import _Parsers


def test_fold_drops_case_and_accents() -> None:
    assert fold("Réunion À Noël") == "reunion a noel"
    assert fold("STRASSE") == fold("straße")


def test_matches_and_goal_search_fold_alike() -> None:
    assert matches("reunion", "Préparer la Réunion")
    assert not matches("reunion budget", "Préparer la Réunion")


def test_one_line_keeps_short_text_and_joins_lines() -> None:
    assert one_line("  Ship\nthe\tdraft  ", 40) == "Ship the draft"


def test_one_line_cuts_with_an_ellipsis_at_the_width() -> None:
    cut = one_line("Send the design document a week before the review", 20)
    assert cut == "Send the design doc…"
    assert len(cut) == 20
    assert one_line("abcdefghij " + "x" * 20, 12) == "abcdefghij…"  # no space left before the ellipsis


def test_one_line_removes_control_characters() -> None:
    assert one_line("evil\x1b[2Jtext", 40) == "eviltext"


def test_agenda_brings_up_advice_after_the_policy_wait(store, clock) -> None:
    rel = store.add_relationship(partner="Ana", role="mentee", started_on=clock.today() - dt.timedelta(days=90))
    today = clock.today()
    store.add_feedback(relationship_id=rel.id, direction="received", kind="advice", text="Old advice",
                       date=today - dt.timedelta(days=policy.ADVICE_WAIT_DAYS + 1))
    store.add_feedback(relationship_id=rel.id, direction="received", kind="advice", text="Fresh advice",
                       date=today - dt.timedelta(days=policy.ADVICE_WAIT_DAYS - 1))
    meeting = store.add_meeting(rel.id, starts_at=clock.now() + dt.timedelta(days=2), mode="video")
    added = meetings.prepare_agenda(store, meeting.id)
    assert [item.text for item in added if item.kind == "advice"] == ["What came of the advice “Old advice”"]


def test_stay_in_touch_form_reads_the_policy_range(clock) -> None:
    low, high = policy.STAY_IN_TOUCH_MONTHS
    parsers = _Parsers(SimpleNamespace(clock=clock, lang="fr", preferences={}))
    assert parsers.stay_in_touch(str(high)) == high
    set_language("fr")  # the conftest sets English back after each test
    with pytest.raises(ValueError, match=f"^Un nombre de mois de {low} à {high}\\.$"):
        parsers.stay_in_touch(str(high + 1))
