"""Files mentortui writes for the user (exports, backups, agendas, updates).

They hold private notes about people, so every one is written the way careful tools write
files: the content goes to a temporary file in the target's folder, created 0600 (never
readable by others, not even for a moment), flushed and fsynced, then renamed onto the
target, and the folder is fsynced. A kill or a full disk leaves the target as it was (or
absent) and no partial file under its name. An existing target is replaced only when the
caller says so; a symbolic link (or anything but a regular file) is never written through.

The standard library does all of this; no third-party package is needed (and the usual
one, ``atomicwrites``, is no longer maintained).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import platformdirs

from mentortui.core.i18n import _

FILE_MODE = 0o600
# ``.<target name>.<pid>-<random>.part``: unique per run, and the pid tells a later run
# whether the writer is still alive (a killed run's leftover is removed by the next one).
_TEMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.part$")


class TargetExists(FileExistsError):
    """The target exists and the caller did not ask to replace it."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
        self.path = path


class UnsafeTarget(OSError):
    """The target is a symbolic link or not a regular file: mentortui does not write there."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(_("{label}: {value}", label=path, value=reason))
        self.path = path


def check_target(path: Path, *, replace: bool = False) -> None:
    """Raise UnsafeTarget for a link or a non-regular file, TargetExists for an existing file
    unless ``replace``. (Checked again where it matters, at the rename.)"""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(found.st_mode):
        raise UnsafeTarget(path, _("is a symbolic link; mentortui does not write through links — give the real path"))
    if not stat.S_ISREG(found.st_mode):
        raise UnsafeTarget(path, _("is not a regular file; mentortui writes only regular files"))
    if not replace:
        raise TargetExists(path)


def write_private(path: Path, data: str | bytes, *, replace: bool = False) -> Path:
    """Write ``data`` (str as UTF-8) to ``path``, private to its owner; return the path written.

    Raises TargetExists (a FileExistsError) when ``path`` exists and ``replace`` is false,
    UnsafeTarget for a symbolic link, OSError for the rest (the target is then untouched).
    """
    content = data.encode("utf-8") if isinstance(data, str) else data

    def fill(fd: int, _temp: Path) -> None:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view):]

    return publish(path, fill, replace=replace)


def publish(path: Path, fill: Callable[[int, Path], None], *, replace: bool = False) -> Path:
    """Create a private temporary file beside ``path``, let ``fill(fd, temp_path)`` write it,
    then fsync it and move it onto ``path``. On any error, or a kill, ``path`` is untouched."""
    target = Path(path).expanduser().absolute()
    check_target(target, replace=replace)
    remove_stale_temps(target)
    temp = target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)  # whatever the umask
            fill(fd, temp)
            os.fsync(fd)
        finally:
            os.close(fd)
        _move_into_place(temp, target, replace=replace)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)
    return target


def _move_into_place(temp: Path, target: Path, *, replace: bool) -> None:
    if replace:
        check_target(target, replace=True)  # a link made meanwhile is refused, not replaced
        os.replace(temp, target)  # a rename replaces a link, it never follows it
        return
    # A hard link fails if the target appeared meanwhile: no window where it is overwritten.
    try:
        os.link(temp, target)
    except FileExistsError:
        check_target(target)  # says link / not a regular file / exists
        raise TargetExists(target) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS):
            raise
        # A file system without hard links: check, then rename (a narrow race, but no link to follow).
        check_target(target)
        os.replace(temp, target)
        return
    temp.unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the file itself is already synced
    finally:
        os.close(fd)


def remove_stale_temps(target: Path) -> None:
    """Remove the temporary files a killed run left for ``target`` (their writer is gone)."""
    try:
        names = os.listdir(target.parent)
    except OSError:
        return
    for name in names:
        found = _TEMP.match(name)
        if found is None or found["name"] != target.name or _alive(int(found["pid"])):
            continue
        leftover = target.parent / name
        try:
            info = os.lstat(leftover)
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid():
                leftover.unlink()
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``, ``stem-3.md``… when that name is taken."""
    candidate = folder / (stem + suffix)
    number = 2
    while os.path.lexists(candidate):
        candidate = folder / (stem + "-" + str(number) + suffix)
        number += 1
    return candidate


def export_folder() -> Path:
    """Where written agendas and recaps go: the documents folder, else the current one."""
    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.cwd()

