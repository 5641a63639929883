"""The README's two commands are the ones that work, CI runs the test one, and its keyboard
table is the app's bindings (regenerate it with ``python -m tests.test_readme``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START, END = "<!-- keys:start -->", "<!-- keys:end -->"


def _code_after(heading: str) -> str:
    text = README.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    return re.search(r"```\n(.+?)\n```", section, re.S).group(1).strip()


def test_ci_runs_the_readme_test_command():
    command = _code_after("## Run the tests")
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert command in ci_lines


def test_readme_run_command_installs_and_starts_mentortui():
    assert _code_after("## Run it") == "python -m pip install . && mentortui"


def keyboard_table() -> str:
    """The keys of every screen, from the bindings themselves (English)."""
    from mentortui.app import SCREENS, MentorApp
    from mentortui.core.i18n import translate
    from mentortui.ui.forms import FormScreen
    from mentortui.ui.wizard import WizardScreen

    def display(key: str) -> str:
        names = {"question_mark": "?", "slash": "/"}
        return " / ".join("`" + names.get(k.strip(), k.strip()) + "`" for k in key.split(","))

    def rows(cls: type) -> list[str]:
        found = []
        for bindings in cls._merged_bindings.key_to_bindings.values():
            for binding in bindings:
                if binding.id and binding.description and binding.id not in seen:
                    seen.add(binding.id)
                    found.append(f"| {display(binding.key)} | {translate(binding.description, 'en')} | `{binding.id}` |")
        return found

    seen: set[str] = set()
    app_rows = rows(MentorApp)
    lines = ["| key | does | binding id |", "|---|---|---|", "| **everywhere** | | |", *app_rows]
    seen_app = set(seen)
    for mode in SCREENS:
        seen = set(seen_app)
        lines.append(f"| **{mode.key} · {mode.title}** | | |")
        lines += rows(mode.screen)
    for title, form in (("in a form", FormScreen), ("first run (the welcome, in four steps)", WizardScreen)):
        seen = set(seen_app)
        lines.append(f"| **{title}** | | |")
        lines += rows(form)
    return "\n".join(lines)


def test_readme_keyboard_table_matches_the_bindings():
    text = README.read_text(encoding="utf-8")
    documented = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert documented == keyboard_table(), "run: python -m tests.test_readme"


if __name__ == "__main__":
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(before + START + "\n" + keyboard_table() + "\n" + END + after, encoding="utf-8")
    print("README keyboard table updated")
