"""Command-line conventions: French --help, LANGUAGE, dates in the full locale, completion and
man page from the parser, preferences in the config folder, invalid keys in keymap.toml."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentortui.cli import main
from mentortui.core.i18n import detect_date_locale, detect_language, format_date, set_date_locale, set_language
from mentortui.ui.keymap import default_keymap_path, load_keymap

ROOT = Path(__file__).resolve().parent.parent
DEC_3 = dt.date(2026, 12, 3)


def _help(*argv: str, **env: str) -> str:
    clean_env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    result = subprocess.run(
        [sys.executable, "-m", "mentortui", *argv, "--help"],
        env={**clean_env, "PYTHONPATH": str(ROOT), **env}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    "argv, env",
    [(("--lang", "fr"), {}), ((), {"LANG": "fr_CA.UTF-8"}), ((), {"LANG": "en_US.UTF-8", "LANGUAGE": "fr:en"})],
)
def test_help_is_all_french_with_lang_fr_a_french_locale_or_language(argv, env):
    text = _help(*argv, **env)
    assert text.startswith("utilisation\u00a0: mentortui ")
    assert "-h, --help      afficher cette aide et quitter" in text
    assert "restaurer le cahier depuis une réplique" in text
    assert "show this help" not in text and "usage:" not in text


def test_subcommand_help_and_usage_errors_in_french():
    assert "la réplique donnée à replicate --to" in _help("restore", LANG="fr_FR.UTF-8")
    result = subprocess.run(
        [sys.executable, "-m", "mentortui", "--lang", "fr", "restore"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
    )
    assert result.returncode == 2
    assert "mentortui restore\u00a0: erreur\u00a0: " in result.stderr


def test_language_priority_list_is_honoured():
    assert detect_language(environ={"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}) == "fr"
    assert detect_language(environ={"LANGUAGE": "de:fr", "LANG": "en_GB.UTF-8"}) == "fr"  # first one we speak
    assert detect_language(environ={"LANGUAGE": "en", "LANG": "fr_FR.UTF-8"}) == "en"
    assert detect_language(environ={"LANGUAGE": "fr", "LC_ALL": "C"}) == "en"  # as gettext: "C" ignores LANGUAGE
    assert detect_language("en", environ={"LANGUAGE": "fr"}) == "en"  # --lang wins


def test_dates_follow_the_full_locale_not_only_the_language():
    assert format_date(DEC_3) == "Dec 3, 2026"
    assert detect_date_locale("en", {"LANG": "en_GB.UTF-8"}) == "en_GB"
    assert detect_date_locale("en", {"LANG": "fr_CA.UTF-8"}) is None  # the language shown wins
    assert detect_date_locale("fr", {"LC_TIME": "fr_CA.UTF-8", "LANG": "fr_FR.UTF-8"}) == "fr_CA"
    assert detect_date_locale("en", {"LANG": "C.UTF-8"}) is None

    set_date_locale("en_GB")
    assert format_date(DEC_3) == "3 Dec 2026"
    set_language("fr")
    assert format_date(DEC_3) == "3 déc. 2026"  # an en_GB locale says nothing about French dates
    set_date_locale("fr_CA")
    assert format_date(DEC_3, "short") == "2026-12-03"
    set_date_locale("fr_FR")
    assert format_date(DEC_3, "short") == "03/12/2026"


def test_the_command_line_takes_the_date_locale_from_the_environment(tmp_path, monkeypatch, capsys):
    for name in ("LANGUAGE", "LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert main(["demo", "--db", str(tmp_path / "demo.db")]) == 0
    assert format_date(DEC_3) == "3 Dec 2026"


def test_an_invalid_key_in_the_keymap_is_named_and_skipped(tmp_path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"app.undo" = "crtl+z"\n"app.quit" = "ctrl+q,f77"\n"app.help" = "f1,question_mark"\n')
    applied, problems = load_keymap(keymap, {"app.undo", "app.quit", "app.help"})
    assert applied == {"app.help": "f1,question_mark"}
    assert problems == [
        "Keymap: “app.undo” has an invalid key “crtl+z”; skipped.",
        "Keymap: “app.quit” has an invalid key “f77”; skipped.",
    ]


def test_preferences_live_in_the_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert default_keymap_path() == tmp_path / "config" / "mentortui" / "keymap.toml"


@pytest.mark.skipif(
    importlib.util.find_spec("shtab") is None or importlib.util.find_spec("argparse_manpage") is None,
    reason='shtab and argparse-manpage are not installed (pip install -e ".[docs]")',
)
def test_one_command_writes_completion_for_three_shells_and_the_man_page(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mentortui.shell_docs", str(tmp_path)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "LANG": "fr_FR.UTF-8"}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    files = {path.name: path.read_text(encoding="utf-8") for path in tmp_path.iterdir()}
    assert set(files) == {"mentortui.bash", "_mentortui", "mentortui.fish", "mentortui.1"}
    for name in ("mentortui.bash", "_mentortui", "mentortui.fish"):
        for command in ("replicate", "restore", "export", "check"):
            assert command in files[name]
    assert "_shtab_mentortui_export___format_choices=(json md ics)" in files["mentortui.bash"]
    assert files["mentortui.1"].startswith(".TH MENTORTUI")
    assert "language of the app and of generated text" in files["mentortui.1"]  # installed once for everyone: English
    assert "replicate" in files["mentortui.1"]
