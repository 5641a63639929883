"""The boundaries between layers, enforced: the import contracts of pyproject.toml
([tool.importlinter]) hold, and each of them fails on a deliberate violation."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """Check the contracts on the copy of mentortui under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"}  # one contract a line
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root, env=env, capture_output=True, text=True,
    )


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("ui/screens/dashboard.py", "from mentortui.ui.screens.goals import GoalsScreen",
         "A screen never imports another screen"),
        ("ui/search.py", "from mentortui.app import MentorApp", "Each layer imports only the layers below it"),
        ("domain/guide.py", "from mentortui.exchange import demo", "Each layer imports only the layers below it"),
        ("ui/screens/goals.py", "import sqlite3", "Only the data layer touches SQLite"),
        ("exchange/demo/__init__.py", "import sqlite_utils", "Only the data layer touches SQLite"),
        ("data/goals.py", "from textual.widget import Widget", "No Textual or Rich below the UI"),
        ("core/dates.py", "from rich.text import Text", "No Textual or Rich below the UI"),
    ],
)
def test_a_deliberate_violation_breaks_a_contract(tmp_path, module, line, broken):
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(ROOT / "mentortui", tmp_path / "mentortui", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "mentortui" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith(broken) and " BROKEN" in line for line in result.stdout.splitlines())


# The demo is being rebuilt on the store's own writes; until then its two uses are known.
# Remove this once exchange/demo/ no longer reaches the store's connection.
def conn_uses(source: str) -> list[int]:
    """Lines where ``source`` reads a ``.conn`` attribute (a store's or a database's SQLite
    connection). Import-linter sees imports only: this catches SQL run through a store."""
    return [node.lineno for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Attribute) and node.attr == "conn"]


def conn_uses_outside_data(package: Path) -> list[str]:
    return [
        f"{module}:{line}"
        for path in sorted(package.rglob("*.py"))
        if (module := path.relative_to(package).as_posix()).split("/")[0] != "data"
        for line in conn_uses(path.read_text(encoding="utf-8"))
    ]


def test_only_the_data_layer_uses_a_store_connection():
    assert conn_uses_outside_data(ROOT / "mentortui") == []


def test_a_store_connection_used_outside_the_data_layer_is_caught(tmp_path):
    shutil.copytree(ROOT / "mentortui", tmp_path / "mentortui", ignore=shutil.ignore_patterns("__pycache__"))
    path = tmp_path / "mentortui" / "exchange" / "meetings_export.py"
    source = path.read_text(encoding="utf-8")
    path.write_text(source + "\n\ndef peek(store):\n    return store.conn.execute('SELECT 1')\n", encoding="utf-8")
    line = source.count("\n") + 4
    assert conn_uses_outside_data(tmp_path / "mentortui") == [f"exchange/meetings_export.py:{line}"]


def test_lower_layers_load_without_textual():
    """core, data, domain and exchange load without Textual or Rich (Harlequin's guard:
    import every module in a fresh interpreter, look at sys.modules). safetext imports
    Rich only when the UI asks it for a Rich Text: the contract allows that one import."""
    code = (
        "import sys, pkgutil, importlib\n"
        "for name in ('core', 'data', 'domain', 'exchange'):\n"
        "    package = importlib.import_module('mentortui.' + name)\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(package.__name__ + '.' + info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_kind_of_reference_has_a_main_screen():
    """Navigation is typed: each reference names an item, and the app knows which of its
    screens shows it (a new reference without a route would fail here, not on a key press)."""
    import dataclasses

    from mentortui.app import MentorApp
    from mentortui.core import refs
    from mentortui.ui.navigation import ROUTES, SCREEN_TITLES

    kinds = {value for value in vars(refs).values() if dataclasses.is_dataclass(value) and isinstance(value, type)}
    assert kinds == set(ROUTES)
    assert set(ROUTES.values()) == set(MentorApp.MODES) == set(SCREEN_TITLES)
