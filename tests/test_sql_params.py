"""User text reaches SQL only as parameters: no SQL call may be given a formatted string."""

from __future__ import annotations

import ast
from pathlib import Path

import mentortui

SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where", "count_where", "delete_where", "select"}


def _formatted(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return True
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
    )


def offending_calls(source: str) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            if any(_formatted(arg) for arg in node.args[:2]):
                lines.append(node.lineno)
    return lines


def test_the_scanner_catches_formatted_sql():
    assert offending_calls('db.execute(f"SELECT * FROM t WHERE name = {name}")') == [1]
    assert offending_calls('conn.execute("SELECT %s" % name)') == [1]
    assert offending_calls('db.query("SELECT {}".format(name))') == [1]
    assert offending_calls('db.execute("SELECT * FROM t WHERE name = ?", [name])') == []


def test_no_sql_is_built_from_formatted_strings():
    package = Path(mentortui.__file__).parent
    found = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if (lines := offending_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
