"""User text reaches SQL only as parameters: no SQL call may be given a formatted string,
whether written in the call, joined with ``+``, or put in a variable first."""

from __future__ import annotations

import ast
from pathlib import Path

import mentortui

SQL_CALLS = {"execute", "executemany", "executescript", "query", "rows_where", "count_where", "delete_where", "select"}
SQL_KEYWORDS = {"sql", "where"}
# Turning a value into SQL text: a number or a name joined into the statement instead of
# passed as a parameter.
TO_TEXT = {"str", "repr", "format"}

Scope = dict[str, list[ast.expr]]


def _assignments(body: ast.AST) -> Scope:
    """Every value assigned to each simple name in ``body`` (``x = …`` and ``x += …``),
    nested functions excluded: they have their own scope."""
    found: Scope = {}
    pending = list(ast.iter_child_nodes(body))
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and isinstance(node.target, ast.Name) and node.value:
            found.setdefault(node.target.id, []).append(node.value)
        pending += ast.iter_child_nodes(node)
    return found


def _formatted(node: ast.AST, scopes: list[Scope], seen: frozenset[str] = frozenset()) -> bool:
    """Whether ``node`` builds SQL text out of values: an f-string, ``%`` or ``.format``,
    ``str(…)`` joined in, directly, through ``+``, or through a variable assigned so."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        if isinstance(node.op, ast.Mod):
            return True
        if isinstance(node.op, ast.Add):
            return _formatted(node.left, scopes, seen) or _formatted(node.right, scopes, seen)
        return False
    if isinstance(node, ast.IfExp):
        return _formatted(node.body, scopes, seen) or _formatted(node.orelse, scopes, seen)
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Attribute) and func.attr == "format") or (
            isinstance(func, ast.Name) and func.id in TO_TEXT
        )
    if isinstance(node, ast.Name) and node.id not in seen:
        # The innermost scope that assigns the name decides (a local hides a global).
        for scope in scopes:
            if node.id in scope:
                return any(_formatted(value, scopes, seen | {node.id}) for value in scope[node.id])
    return False


def offending_calls(source: str) -> list[int]:
    tree = ast.parse(source)
    module = _assignments(tree)
    lines = []

    def visit(node: ast.AST, scopes: list[Scope]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, [_assignments(child), *scopes])
                continue
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr in SQL_CALLS:
                sql = [*child.args[:2], *(k.value for k in child.keywords if k.arg in SQL_KEYWORDS)]
                if any(_formatted(arg, scopes) for arg in sql):
                    lines.append(child.lineno)
            visit(child, scopes)

    visit(tree, [module])
    return sorted(lines)


def test_the_scanner_catches_formatted_sql():
    assert offending_calls('db.execute(f"SELECT * FROM t WHERE name = {name}")') == [1]
    assert offending_calls('conn.execute("SELECT %s" % name)') == [1]
    assert offending_calls('db.query("SELECT {}".format(name))') == [1]
    assert offending_calls('db.execute("SELECT * FROM t WHERE name = ?", [name])') == []


def test_the_scanner_catches_sql_joined_with_plus():
    assert offending_calls("""db.execute("SELECT * FROM t WHERE name = '" + f"{name}" + "'")""") == [1]
    assert offending_calls('db.execute("SELECT * FROM t WHERE id = " + str(goal_id))') == [1]
    assert offending_calls('db.rows_where("goals", "title = " + repr(title))') == [1]
    # Our own identifiers and fragments joined together are not values.
    assert offending_calls('db.execute("DELETE FROM " + cls.table + " WHERE id = ?", [row_id])') == []


def test_the_scanner_follows_sql_put_in_a_variable_first():
    assert offending_calls('sql = f"SELECT * FROM t WHERE name = {name}"\ndb.execute(sql)') == [2]
    assert offending_calls(
        'def find(db, name):\n    sql = "SELECT * FROM t"\n    sql += " WHERE name = \'%s\'" % name\n    return db.query(sql)'
    ) == [4]
    assert offending_calls(
        'WHERE = "name = {}".format(NAME)\ndef find(db):\n    where = WHERE\n    return db.execute("SELECT * FROM t WHERE " + where)'
    ) == [4]
    assert offending_calls('db.query(sql=f"SELECT {name}")') == [1]
    # A local that is safe hides a global that is not; a constant built with + is fine.
    assert offending_calls(
        'sql = f"SELECT {x}"\nQUERY = "SELECT * " + "FROM t"\ndef f(db):\n    sql = QUERY\n    return db.execute(sql)'
    ) == []


def test_no_sql_is_built_from_formatted_strings():
    package = Path(mentortui.__file__).parent
    found = {
        str(path.relative_to(package)): lines
        for path in package.rglob("*.py")
        if (lines := offending_calls(path.read_text(encoding="utf-8")))
    }
    assert found == {}
