"""Where mentortui keeps preferences and helper files: the user's config folder
(the workbook itself lives in the data folder, see ``data/db.py``)."""

from __future__ import annotations

from pathlib import Path


def config_dir() -> Path:
    """``~/.config/mentortui`` on Linux (honours XDG_CONFIG_HOME), the platform's equivalent elsewhere."""
    import platformdirs

    return platformdirs.user_config_path("mentortui", appauthor=False)
