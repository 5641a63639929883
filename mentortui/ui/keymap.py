"""A user keymap: rebind any key by its binding id, in a TOML file.

    # ~/.config/mentortui/keymap.toml
    [keys]
    "screen.relationship" = "7,f7"
    "app.undo" = "ctrl+u"
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from mentortui.i18n import _


def default_keymap_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path("mentortui", appauthor=False) / "keymap.toml"


def load_keymap(path: Path | None, known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap in ``path`` and the problems found in it (shown to the user).

    A file that can't be read gives no keymap at all (the defaults); an entry that is
    wrong is skipped and named, the others still apply.
    """
    if path is None or not path.exists():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, [_("Keymap {path} not used ({error}); the default keys apply.", path=path, error=error)]
    table = data.get("keys", {})
    if not isinstance(table, dict):
        return {}, [_("Keymap {path} not used: [keys] must be a table; the default keys apply.", path=path)]
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in known_ids:
            problems.append(_("Keymap: unknown binding id “{id}” skipped.", id=binding_id))
        elif not isinstance(keys, str) or not keys.strip():
            problems.append(_("Keymap: “{id}” needs keys as text, like \"ctrl+g\"; skipped.", id=binding_id))
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems
