"""Files mentortui writes for the user (exports, agendas, updates): private to their owner."""

from __future__ import annotations

import os
from pathlib import Path


def write_private(path: Path, text: str, *, overwrite: bool = True) -> Path:
    """Write ``text`` to ``path`` readable by its owner only (notes about people are private).

    Without ``overwrite``, an existing file is left alone (FileExistsError). Raises OSError.
    """
    path = Path(path).expanduser()
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path.resolve()


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``, ``stem-3.md``… when that name is taken."""
    candidate = folder / (stem + suffix)
    number = 2
    while candidate.exists():
        candidate = folder / (stem + "-" + str(number) + suffix)
        number += 1
    return candidate
