"""Shell completion (bash, zsh, fish) and the man page, generated from the argparse parser.

    python -m mentortui.shell_docs DIR     # writes DIR/mentortui.bash, _mentortui, mentortui.fish, mentortui.1

One command for all four files, kept out of the user-facing ``mentortui`` CLI so the app needs
neither generator at run time (they come with the ``docs`` extra). Always in English: the
words of a man page and of completion descriptions are installed once, for every user.
"""

from __future__ import annotations

import sys
from pathlib import Path

COMPLETION_FILES = {"bash": "mentortui.bash", "zsh": "_mentortui", "fish": "mentortui.fish"}
MANPAGE_FILE = "mentortui.1"


def completion(shell: str) -> str:
    import shtab

    from mentortui.cli import build_parser

    return shtab.complete(build_parser(), shell=shell)


def manpage() -> str:
    from argparse_manpage.manpage import Manpage

    from mentortui.cli import build_parser

    return str(Manpage(build_parser()))


def generate(folder: Path) -> list[Path]:
    """Write the three completion scripts and the man page into ``folder``."""
    from mentortui.core.i18n import set_language

    set_language("en")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for shell, name in COMPLETION_FILES.items():
        (folder / name).write_text(completion(shell), encoding="utf-8")
        written.append(folder / name)
    (folder / MANPAGE_FILE).write_text(manpage(), encoding="utf-8")
    written.append(folder / MANPAGE_FILE)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m mentortui.shell_docs DIR", file=sys.stderr)
        return 2
    for path in generate(Path(args[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
