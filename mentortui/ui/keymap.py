"""A user keymap: rebind any key by its binding id, in a TOML file.

    # ~/.config/mentortui/keymap.toml
    [keys]
    "screen.relationship" = "7,f7"
    "app.undo" = "ctrl+u"
"""

from __future__ import annotations

from pathlib import Path

from mentortui.core.config import config_dir
from mentortui.core.i18n import _


def default_keymap_path() -> Path:
    return config_dir() / "keymap.toml"


def load_keymap(path: Path | None, known_ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap in ``path`` and the problems found in it (shown to the user).

    A file that can't be read gives no keymap at all (the defaults); an entry that is
    wrong is skipped and named, the others still apply.
    """
    if path is None or not path.exists():
        return {}, []
    import tomllib  # only when a keymap file exists

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
        elif bad := [key.strip() for key in keys.split(",") if not is_key(key.strip())]:
            problems.append(_("Keymap: “{id}” has an invalid key “{key}”; skipped.", id=binding_id, key=bad[0]))
        else:
            keymap[binding_id] = ",".join(key.strip() for key in keys.split(","))
    return keymap, problems


MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}


def is_key(key: str) -> bool:
    """Whether Textual can ever deliver ``key``: modifiers, then one key by name or character
    ("ctrl+g", "f7", "pageup", "question_mark", "é"). A typo ("crtl+g", "f77") can't."""
    from textual.keys import KEY_NAME_REPLACEMENTS, Keys, key_to_character

    *modifiers, base = key.split("+")
    if not base or any(modifier not in MODIFIERS for modifier in modifiers):
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    named = {member.value for member in Keys} | set(KEY_NAME_REPLACEMENTS.values())  # "slash", "minus"
    return base in named or key_to_character(base) is not None
