"""Files and folders that hold personal data are made owner-only (0600 files, 0700 folders).

The mode is given where the file is made (`os.open(..., 0o600)`, `mkdir(mode=0o700)`) and set
again with `chmod`: the umask can only take permissions away, and a file made by an older
version may be wider. Folders that existed before (a home folder, /tmp) are left as they are:
they are not ours to change.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Final

log = logging.getLogger(__name__)

FILE_MODE: Final = 0o600
FOLDER_MODE: Final = 0o700


def private_folder(path: Path) -> Path:
    """Make `path` and any missing parents as owner-only folders; folders that already exist
    are left as they are (they may be shared ones such as /tmp)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
        folder.chmod(FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create `path` empty and owner-only if it is missing, else make it owner-only."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return path


def private_sqlite_file(database: str | None) -> None:
    """Before SQLite opens `database`: its folder and the file itself owner-only.

    SQLite gives its -wal, -shm and -journal files the mode of the database file, so these
    follow. In-memory databases have no file.
    """
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        private_folder(path.parent)
        private_file(path)
        for suffix in ("-wal", "-shm", "-journal"):  # left by an older version, maybe wider
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                companion.chmod(FILE_MODE)
    except OSError as exc:  # SQLite then says plainly what is wrong with the file
        log.warning("cannot make the database %s owner-only: %s", path, exc)
