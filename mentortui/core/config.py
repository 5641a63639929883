"""Where mentortui keeps preferences and helper files: the user's config folder
(the workbook itself lives in the data folder, see ``data/db.py``)."""

from __future__ import annotations

from pathlib import Path


def config_dir() -> Path:
    """``~/.config/mentortui`` on Linux (honours XDG_CONFIG_HOME), the platform's equivalent elsewhere."""
    import platformdirs

    return platformdirs.user_config_path("mentortui", appauthor=False)


PREFERENCES_FILE = "preferences.json"


class Preferences:
    """The user's preferences (theme, last folders): a small JSON file in the config folder.

    Preferences belong to the person, not to a workbook, so they are not in the database and
    not undoable. A missing or unreadable file means defaults; a write that fails is skipped
    (a preference is never worth an error).
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else config_dir() / PREFERENCES_FILE

    def read(self) -> dict[str, str]:
        import json

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) else {}

    def get(self, key: str) -> str | None:
        return self.read().get(key)

    def folder(self, fallback: Path) -> Path:
        """Where to offer to write a file for the user: the folder of the last one written, if
        it is still there, else ``fallback`` (the documents folder)."""
        last = self.get("last_folder")
        return Path(last) if last and Path(last).is_dir() else fallback

    def remember_folder(self, written: Path) -> None:
        self.set("last_folder", str(Path(written).parent))

    def set(self, key: str, value: str) -> None:
        import json

        from mentortui.core.files import write_private

        current = self.read()
        if current.get(key) == value:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_private(self.path, json.dumps({**current, key: value}, indent=2, sort_keys=True), replace=True)
        except OSError:
            pass
