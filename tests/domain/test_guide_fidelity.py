"""The guide's content says what the guide says: every French title, explanation and item is
the source's own text (its typography aside; "…" marks words left out), in the practice the
source puts it; mentortui's own advice is apart (a tip) and says so."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mentortui.core.text import fold
from mentortui.data.guide_content import Practice, load_guide

# A copy of the guide (shared/seed/maximiser-le-mentorat.txt), as it was given.
SOURCE = Path(__file__).resolve().parents[1] / "fixtures" / "maximiser-le-mentorat.txt"
GUIDE = load_guide()

# Each practice's bullet in the source starts with these words.
BULLET_STARTS = {
    "M1": "Identifiez les raisons", "M2": "Communiquez vos attentes", "M3": "Pratiquez l'écoute",
    "M4": "Fournir un retour", "M5": "Donnez à la personne", "E0": "Déterminez vos objectifs",
    "E1": "Choisissez un mentor avec", "E2": "Prenez des initiatives", "E3": "Acceptez le retour",
    "E4": "Remerciez votre mentor",
}


def plain(text: str) -> str:
    """Text as compared: one apostrophe, one kind of space, words cut at a line end joined,
    case and accents aside."""
    text = text.replace("’", "'")
    text = re.sub(r"-\s*\n\s*", "-", text)
    text = re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))
    return fold(text).strip()


def source_bullets() -> dict[str, str]:
    """The source's text of each practice, its references left out."""
    text = SOURCE.read_text(encoding="utf-8")
    bullets = [re.sub(r"\[\d+\]", "", bullet) for bullet in text.split("•")[1:]]
    found = {}
    for key, start in BULLET_STARTS.items():
        [bullet] = [b for b in bullets if plain(b).startswith(plain(start))]
        found[key] = plain(bullet.split("En tant que mentoré")[0])
    return found


def excerpt_of(text: str, passage: str) -> bool:
    """Whether ``text`` is ``passage``'s words: its parts between "…" found in order."""
    position = 0
    for part in (plain(part) for part in text.split("…")):
        part = part.strip(" ,;")
        if not part:
            continue
        found = passage.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


@pytest.fixture(scope="module")
def bullets() -> dict[str, str]:
    return source_bullets()


def test_the_practices_are_the_guides_bullets(bullets):
    assert sorted(p.key for p in GUIDE.practices) == sorted(bullets)
    # Where the source cites sources, the practice shows the same numbers.
    text = SOURCE.read_text(encoding="utf-8")
    for practice in GUIDE.practices:
        start = text.index(BULLET_STARTS[practice.key])
        cited = re.match(r"[^•]*", text[start:]).group(0)
        assert practice.references == tuple(int(n) for n in re.findall(r"\[(\d+)\]", cited)), practice.key


@pytest.mark.parametrize("practice", GUIDE.practices, ids=lambda p: p.key)
def test_every_french_text_is_the_guides_own(practice: Practice, bullets):
    passage = bullets[practice.key]
    assert excerpt_of(practice.heading("fr"), passage), practice.heading("fr")
    assert excerpt_of(practice.explain("fr"), passage), practice.explain("fr")
    for item in practice.items:
        if not item.tip:
            assert excerpt_of(item.label("fr"), passage), (practice.key, item.key, item.label("fr"))


def test_the_french_follows_french_typography():
    for practice in GUIDE.practices:
        texts = [practice.heading("fr"), practice.explain("fr"), practice.advice("fr") or "",
                 *(item.label("fr") for item in practice.items)]
        for text in texts:
            assert "'" not in text and not re.search(r"[ \u00a0][;?!]", text), text
            assert not re.search(r"[ \u202f]:", text), text


def test_mentortuis_own_advice_is_a_tip_never_the_guides():
    """The invented advice the guide was once credited with is now a tip (or gone)."""
    invented = ["no screens", "one or two main things", "without justifying yourself", "about the work",
                "rather than every flaw", "stumble", "comparing a few candidates"]
    for practice in GUIDE.practices:
        guide_words = " ".join([practice.heading("en"), practice.explain("en"),
                                *(item.label("en") for item in practice.items if not item.tip)]).lower()
        assert not [phrase for phrase in invented if phrase in guide_words], practice.key
    tips = " ".join(p.advice("en") or "" for p in GUIDE.practices).lower()
    assert "no screens" in tips and "one or two main things" in tips and "without justifying yourself" in tips
    # The tips are not in the source at all.
    source = plain(SOURCE.read_text(encoding="utf-8"))
    for practice in GUIDE.practices:
        if practice.tip:
            assert not excerpt_of(practice.advice("fr") or "", source), practice.key
        for item in practice.items:
            if item.tip:
                assert not excerpt_of(item.label("fr"), source), item.key


def test_the_career_questions_are_the_mentees():
    practice = GUIDE.practice("E0")
    assert practice.role == "mentee" and practice.replaces == ("M6",)
    labels = [item.label("fr") for item in practice.items]
    assert "Où voulez-vous que votre carrière se situe dans quelques années\u202f?" in labels
    assert "Comment votre mentor idéal peut-il vous aider à y parvenir\u202f?" in labels
    assert practice.item("career-vision").label("en") == "Where do you want your career to be in a few years?"
    mentor_text = " ".join(p.explain("en") + " ".join(i.label("en") for i in p.items) for p in GUIDE.for_role("mentor"))
    assert "career to be" not in mentor_text and "ideal mentor" not in mentor_text


def test_tips_references_and_former_keys_are_checked_when_loaded():
    from mentortui.data.guide_content import ContentError, parse_guide

    def guide(**practice):
        return {"practices": [{"key": "E0", "role": "mentee", "title": {"en": "T", "fr": "T fr"},
                               "explanation": {"en": "E.", "fr": "E fr."},
                               "items": [{"key": f"item-{n}", "en": "x", "fr": "y"} for n in "abc"], **practice}]}

    parsed = parse_guide(guide(replaces=["M6"], references=[5, 6], tip={"en": "Mine", "fr": "À moi"}))
    assert parsed.practice("M6").key == "E0" and parsed.practices[0].references == (5, 6)
    assert parsed.practices[0].advice("fr") == "À moi"
    with pytest.raises(ContentError, match="former key"):
        parse_guide(guide(replaces=["E0"]))
    with pytest.raises(ContentError, match="references"):
        parse_guide(guide(references=["[5]"]))
    with pytest.raises(ContentError, match="tip: missing in fr"):
        parse_guide(guide(tip={"en": "Mine"}))
    bad_item = guide()
    bad_item["practices"][0]["items"][0]["tip"] = "yes"
    with pytest.raises(ContentError, match="tip is true or false"):
        parse_guide(bad_item)


def test_a_review_answer_kept_under_the_former_m6_still_validates():
    """A backup written before E0 names M6 in its answers: it still imports; an unknown key does not."""
    from mentortui.data.model import Review, ValidationError
    from mentortui.data.validation import validate

    validate(Review, {"answers": {"1:guide-M6": "Which goal moved", "1:guide-E0": "Lead a team"}})
    with pytest.raises(ValidationError):
        validate(Review, {"answers": {"1:guide-M7": "?"}})
