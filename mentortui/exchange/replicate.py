"""Keeping the workbook on more than one machine: continuous replication with Litestream,
restore from a replica, and a warning when the live file sits in a sync folder.

Litestream (an optional extra: ``pip install "mentortui[replicate]"``) copies each committed
transaction from SQLite's WAL to a replica; a sync client copying the ``.db`` and its ``-wal``
at different moments does not, and corrupts the copy. No Textual here.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from mentortui.core.i18n import _
from mentortui.core.safetext import clean

INSTALL_HINT = 'pip install "mentortui[replicate]"'
REMOTE_SCHEMES = ("file", "sftp", "s3")
CONFIG_MODE = 0o600
_URL_LINE = re.compile(r"^\s*-?\s*url:\s*(.+?)\s*$", re.MULTILINE)

# Folder names that sync clients create, and files they leave at the root of what they sync.
SYNC_FOLDER_NAMES = {
    "dropbox": "Dropbox",
    "onedrive": "OneDrive",
    "icloud drive": "iCloud Drive",
    "icloud~com~apple~clouddocs": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "nextcloud": "Nextcloud",
    "owncloud": "Nextcloud",
}
SYNC_MARKERS = {
    ".stfolder": "Syncthing",
    ".dropbox": "Dropbox",
    ".dropbox.cache": "Dropbox",
}
SYNC_MARKER_GLOBS = {".sync_*.db": "Nextcloud", "._sync_*.db": "Nextcloud"}


class ReplicationError(Exception):
    """A problem to report in one line (the CLI prints it)."""


# ---- Litestream -------------------------------------------------------------------------


def litestream_binary() -> Path:
    """The ``litestream`` that the extra installed next to this Python, else one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "litestream"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside
    found = shutil.which("litestream")
    if found:
        return Path(found)
    raise ReplicationError(
        _("Replication needs Litestream, which is not installed; install it with: {command}", command=INSTALL_HINT)
    )


def replica_url(target: str) -> str:
    """A Litestream replica URL from what the user typed: a folder path, or a
    ``file://``, ``sftp://`` or ``s3://`` URL (``s3://`` covers any S3-compatible store)."""
    text = target.strip()
    scheme = urlparse(text).scheme.lower()
    if "://" in text:
        if scheme not in REMOTE_SCHEMES:
            raise ReplicationError(
                _("{url}: unsupported replica; give a folder, or a file://, sftp:// or s3:// URL", url=text)
            )
        return text
    return Path(text).expanduser().resolve().as_uri()


def config_path(db_path: Path, config_dir: Path) -> Path:
    """The Litestream config kept for this workbook (one per workbook path)."""
    resolved = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    return config_dir / "replicate" / f"{Path(resolved).stem}-{digest}.yml"


def write_config(db_path: Path, url: str, config_dir: Path) -> Path:
    """Write (or rewrite) the workbook's Litestream config, 0600: it may name a private server."""
    path = config_path(db_path, config_dir)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # JSON strings are valid YAML double-quoted scalars: paths with spaces or colons stay intact.
    text = (
        "# Written by `mentortui replicate`; it reuses this file. Credentials come from the\n"
        "# environment (LITESTREAM_ACCESS_KEY_ID / LITESTREAM_SECRET_ACCESS_KEY for s3://).\n"
        "dbs:\n"
        f"  - path: {json.dumps(str(Path(db_path).expanduser().resolve()))}\n"
        "    replicas:\n"
        f"      - url: {json.dumps(url)}\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, CONFIG_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, CONFIG_MODE)
    return path


def configured_url(config: Path) -> str | None:
    """The replica URL in a config written earlier (None if there is none)."""
    if not config.exists():
        return None
    match = _URL_LINE.search(config.read_text(encoding="utf-8"))
    if match is None:
        return None
    value = match.group(1)
    try:
        return json.loads(value) if value.startswith('"') else value
    except json.JSONDecodeError:
        return value


def prepare_replication(db_path: Path, target: str | None, config_dir: Path) -> tuple[Path, str]:
    """The config to run and its replica URL: a new one for ``--to``, else the saved one."""
    config = config_path(db_path, config_dir)
    if target is not None:
        url = replica_url(target)
        return write_config(db_path, url, config_dir), url
    url = configured_url(config)
    if url is None:
        raise ReplicationError(
            _("{path}: no replica chosen yet; give one with --to (a folder, or a file://, sftp:// or s3:// URL)", path=db_path)
        )
    return config, url


def replicate_command(config: Path) -> list[str]:
    return [str(litestream_binary()), "replicate", "-config", str(config)]


def run_replication(config: Path) -> None:
    """Become Litestream, in the foreground: ctrl+c (SIGINT) and SIGTERM reach it directly,
    it pushes what is left and exits, and no replicator is left running behind a dead parent."""
    command = replicate_command(config)
    sys.stdout.flush()
    # A program started with SIGINT ignored (from a script's background job, say) keeps it
    # ignored across exec, and Go then never sees ctrl+c: give it the default back.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.execv(command[0], command)


def restore(source: str, target: Path) -> Path:
    """Restore the latest state of the replica ``source`` into ``target``, a new file, 0600.

    Refuses to overwrite: an existing workbook at ``target`` is never touched.
    """
    url = replica_url(source)
    target = Path(target).expanduser()
    if target.exists():
        raise ReplicationError(_("{path}: a workbook is already there; restore to a new path with -o", path=target))
    binary = litestream_binary()
    # Restore into a private folder beside the target, then link it into place: the file is
    # 0600 before anyone can read it, and a file that appeared meanwhile is not replaced.
    staging = Path(tempfile.mkdtemp(prefix=".mentortui-restore-", dir=target.parent))
    try:
        restored = staging / "restored.db"
        result = subprocess.run(
            [str(binary), "restore", "-o", str(restored), url], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not restored.exists():
            lines = [line for line in (result.stderr or result.stdout).splitlines() if line.strip()]
            reason = lines[-1] if lines else _("no backup found")
            raise ReplicationError(_("{url}: restore failed ({reason})", url=url, reason=reason))
        os.chmod(restored, CONFIG_MODE)
        try:
            os.link(restored, target)
        except FileExistsError as error:
            raise ReplicationError(
                _("{path}: a workbook is already there; restore to a new path with -o", path=target)
            ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


# ---- the sync-folder warning --------------------------------------------------------------


def sync_service(path: Path) -> str | None:
    """The sync client whose folder holds ``path`` (Dropbox, OneDrive, …), or None."""
    resolved = Path(path).expanduser().resolve()
    for folder in resolved.parents:
        name = folder.name.lower()
        if name in SYNC_FOLDER_NAMES:
            return SYNC_FOLDER_NAMES[name]
        if name.startswith("onedrive"):  # "OneDrive - Company", "OneDrive-Personal"
            return "OneDrive"
        if name.startswith("googledrive-"):  # macOS: ~/Library/CloudStorage/GoogleDrive-<account>
            return "Google Drive"
        if name.startswith("dropbox"):  # "Dropbox (Company)", CloudStorage/Dropbox-<account>
            return "Dropbox"
        for marker, service in SYNC_MARKERS.items():
            if (folder / marker).exists():
                return service
        for pattern, service in SYNC_MARKER_GLOBS.items():
            if any(folder.glob(pattern)):
                return service
    return None


def _warned_file(config_dir: Path) -> Path:
    return config_dir / "sync-folder-warned.txt"


def sync_folder_warning(db_path: Path, config_dir: Path) -> str | None:
    """The one-line warning for a workbook inside a sync folder, the first time only.

    The workbook paths already warned about are remembered in the config folder; a
    warning that cannot be remembered is still shown (better twice than never).
    """
    service = sync_service(db_path)
    if service is None:
        return None
    resolved = str(Path(db_path).expanduser().resolve())
    record = _warned_file(config_dir)
    try:
        warned = set(record.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        warned = set()
    if resolved in warned:
        return None
    try:
        record.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_APPEND, CONFIG_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(resolved + "\n")
    except OSError:
        pass
    return _(
        "mentortui: warning: {path} is in a {service} folder; syncing a live database corrupts it."
        " Move it out and use `mentortui replicate`, or put `mentortui backup` copies there instead.",
        path=clean(resolved, single_line=True),
        service=service,
    )


def warn_if_in_sync_folder(db_path: Path, config_dir: Path) -> None:
    """Print the sync-folder warning to stderr, once per workbook path."""
    warning = sync_folder_warning(db_path, config_dir)
    if warning is not None:
        print(warning, file=sys.stderr)
