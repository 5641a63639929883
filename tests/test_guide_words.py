"""The guide as the guide says it, on screen: the career questions on the mentee's list (not
the mentor's), mentortui's own tips labelled apart, the sources the guide cites, the
candidates' career-goals criterion next to the mentee's long-term goals, and the welcome's
"why" step worded for the role chosen."""

from __future__ import annotations

import datetime as dt

from textual.widgets import OptionList

from mentortui.app import make_app
from mentortui.ui.screens.goals import GoalsScreen
from mentortui.ui.screens.guide import GuideScreen
from tests.ui_helpers import screen_text, type_text

TALL = (120, 70)  # every practice of a role on screen at once
CAREER_QUESTION = "Where do you want your career to be in a few years?"
IDEAL_MENTOR_QUESTION = "How can your ideal mentor help you get there?"


async def open_guide(pilot):
    await pilot.pause()
    await pilot.press("2")
    await pilot.pause()
    assert isinstance(pilot.app.screen, GuideScreen)


async def highlight(pilot, row_id: str):
    options = pilot.app.screen.query_one("#guide-items", OptionList)
    ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
    steps = ids.index(row_id) - options.highlighted
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
    await pilot.pause()


def flat(pilot) -> str:
    """The screen's text with its wrapping undone (the panes wrap long lines)."""
    return " ".join(screen_text(pilot).split())


async def test_the_mentees_guide_asks_the_career_questions_and_the_mentors_does_not(store):
    mentee = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    mentor = store.add_relationship(partner="Bo Lindqvist", role="mentor", started_on=dt.date(2026, 10, 1))
    goal = store.add_goal(mentee.id, "Lead the platform team", horizon="long")
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        app.data_changed(mentee.id)
        await open_guide(pilot)
        text = screen_text(pilot)
        assert "Determine your mentoring and career goals" in text
        assert CAREER_QUESTION in text and IDEAL_MENTOR_QUESTION in text
        # Answered by the mentee's long-term goal; the "ideal mentor" question by the profile's why.
        await highlight(pilot, "E0/career-vision")
        assert "Long-term goal: “Lead the platform team”." in flat(pilot)
        await highlight(pilot, "E0")
        assert "Sources cited by the guide: [5] [6] [7] [8]" in flat(pilot)
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, "In three years: leading a team")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.data_changed(mentor.id)
        await pilot.pause()
        text = screen_text(pilot)
        assert "Your practices as mentor" in text
        assert CAREER_QUESTION not in text and IDEAL_MENTOR_QUESTION not in text
        assert "career goals" not in text
    notes = {(e.relationship_id, e.practice, e.item): e.note for e in store.checklist(mentee.id)}
    assert notes == {(mentee.id, "E0", ""): "In three years: leading a team"}
    assert store.checklist(mentor.id) == [] and goal.horizon == "long"


async def test_mentortuis_tips_are_labelled_apart_from_the_guides_words(store):
    rel = store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M3")
        text = flat(pilot)
        assert "Be attentive when your mentee speaks to you." in text  # the guide's words
        assert "mentortui's tip — No screens and no rush while they speak" in text
        assert "Sources cited by the guide: [3] [4]" in text
        # An item that is mentortui's own says so in the list and in the detail; this one is answered by
        # the agreement's limits, so space ticks nothing by hand.
        assert "Decide how much time you can really give (mentortui's tip)" in text
        await highlight(pilot, "M1/time-weighed")
        assert "mentortui's tip: not in the guide." in flat(pilot)
        await pilot.press("space")
        await pilot.pause()
    assert store.checklist(rel.id) == []


async def test_the_tips_are_labelled_in_french(store):
    store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        await highlight(pilot, "M4")
        text = flat(pilot)
        assert "Fournir un retour d’information constructif" in text
        assert "Conseil de mentortui — Parlez du travail" in text
        assert "Sources citées par le guide\u00a0: [3]\u00a0[4]" in screen_text(pilot)


async def test_the_career_goals_criterion_shows_the_mentees_long_term_goals(store):
    mentee = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    store.add_goal(mentee.id, "Lead the platform team", horizon="long")
    store.add_goal(mentee.id, "Give a conference talk", horizon="short")
    store.add_candidate("Tom Becker", notes="", score_goals=2)
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Linked to my career goals (2/3)" in text
        assert "Against your long-term goals:" in text and "• Lead the platform team" in text
        assert "Give a conference talk" not in text  # a short-term goal is not what a mentor is chosen for
        # The scoring form asks against the same goals.
        await pilot.press("e")
        await pilot.pause()
        assert "Against your long-term goals: “Lead the platform team”." in flat(pilot)
    assert [c.score_goals for c in store.candidates()] == [2]


async def test_without_a_long_term_goal_the_mentee_is_told_to_write_one(store):
    mentee = store.add_relationship(partner="Ana Souza", role="mentee", started_on=dt.date(2026, 9, 1))
    mentor = store.add_relationship(partner="Bo Lindqvist", role="mentor", started_on=dt.date(2026, 10, 1))
    store.add_goal(mentor.id, "Bo's own goal", horizon="long")  # my mentee's goal: not mine
    store.add_candidate("Tom Becker", notes="")
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        app.data_changed(mentor.id)
        await open_guide(pilot)
        await pilot.press("c")
        await pilot.pause()
        text = flat(pilot)
        assert "No long-term goal yet. Where do you want your career to be in a few years?" in text
        assert "g writes it on the Goals screen." in text and "Bo's own goal" not in text
        assert app.screen.check_action("career_goals", ()) is True
        await pilot.press("g")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen) and app.relationship.id == mentee.id
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Lead the platform team")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        assert "• Lead the platform team" in screen_text(pilot)
    assert [(g.title, g.horizon) for g in store.goals(mentee.id)] == [("Lead the platform team", "long")]


async def test_nobodys_mentee_yet_scores_against_the_career_in_mind(store):
    store.add_relationship(partner="Bo Lindqvist", role="mentor", started_on=dt.date(2026, 10, 1))
    store.add_candidate("Tom Becker", notes="")
    app = make_app(store=store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_guide(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert "once you are someone's mentee" in flat(pilot)
        assert not app.screen.check_action("career_goals", ())
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GuideScreen)


async def welcome_why_step(pilot, role_presses: list[str]) -> str:
    await pilot.pause()
    await type_text(pilot, "Ana")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*role_presses, "enter", "enter", "enter")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await pilot.pause()
    return flat(pilot)


async def test_the_welcomes_why_step_names_the_mentees_questions(store):
    app = make_app(store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        text = await welcome_why_step(pilot, [])
        assert "Step 4 of 4 · Why you are doing this" in text
        assert ("The guide asks the mentee: where do you want your career to be in a few years? "
                "How can your ideal mentor help you get there?") in text
        assert "first practice" not in text
        await type_text(pilot, "To lead a team in three years")
        await pilot.press("ctrl+s")
        await pilot.pause()
    [rel] = store.relationships()
    assert (rel.role, rel.why) == ("mentee", "To lead a team in three years")


async def test_the_welcomes_why_step_names_the_mentors_first_practice(store):
    app = make_app(store=store, lang="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        text = await welcome_why_step(pilot, ["down"])
        assert "La première pratique du guide pour un mentor" in text
        assert "identifiez les raisons pour lesquelles vous souhaitez devenir mentor" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
    [rel] = store.relationships()
    assert rel.role == "mentor"


async def test_a_note_kept_under_the_former_m6_opens_the_career_goals_practice(store):
    """Workbooks written before the career goals became the mentee's (E0) hold them as M6:
    a search hit on such a note still opens the practice, on the mentee's list."""
    from mentortui.core.refs import PracticeRef

    rel = store.add_relationship(partner="Ana Souza", role="mentor", started_on=dt.date(2026, 9, 1))
    store.set_checklist(rel.id, "M6", "career-vision", note="Asked where she sees herself")
    app = make_app(store=store)
    async with app.run_test(size=TALL) as pilot:
        await open_guide(pilot)
        await app.navigate(PracticeRef("M6", "career-vision"))
        await pilot.pause()
        options = app.screen.query_one("#guide-items", OptionList)
        assert options.get_option_at_index(options.highlighted).id == "E0/career-vision"
        text = screen_text(pilot)
        assert "What the mentee is asked to do" in text and CAREER_QUESTION in text
    assert [(e.practice, e.note) for e in store.checklist(rel.id)] == [("M6", "Asked where she sees herself")]
