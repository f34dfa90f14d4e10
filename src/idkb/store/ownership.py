"""Is the file at a path idkb's own database? Asked before idkb replaces anything.

idkb replaces (rebuilds over) only a file it can recognise as its own, in this order:

1. a regular file whose SQLite header carries idkb's application id ("idkb" at byte 68,
   `PRAGMA application_id`): every database idkb has built since schema 4, readable or not;
2. a regular SQLite file with a `meta` table holding `schema_version` and `seed_sha256`:
   a database of an older idkb;
3. a regular file named `idkb.db` in idkb's own data folder, which only idkb writes.

Anything else (a text file, a foreign SQLite database, a folder, a device, a pipe) is not
idkb's, and a symbolic link counts as what it finally points to.

Only the standard library is imported: read commands ask this when a file cannot be opened.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Literal

from idkb.core import paths
from idkb.store.schema import APPLICATION_ID

Kind = Literal["missing", "ours", "foreign", "not-a-file"]
SQLITE_MAGIC = b"SQLite format 3\x00"


def target(path: Path) -> Path:
    """The file a path names in the end: a symlink's target (so the link itself is kept)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def kind(path: Path) -> Kind:
    """What is at `path` (after symlinks), from idkb's point of view."""
    real = target(path)
    try:
        info = os.stat(real)
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "not-a-file"
    if not stat.S_ISREG(info.st_mode):
        return "not-a-file"
    if _header_says_ours(real) or _meta_says_ours(real) or _in_our_folder(real):
        return "ours"
    return "foreign"


def _header_says_ours(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            head = f.read(72)
    except OSError:
        return False
    return (len(head) == 72 and head.startswith(SQLITE_MAGIC)
            and int.from_bytes(head[68:72], "big") == APPLICATION_ID)


def _meta_says_ours(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            if f.read(16) != SQLITE_MAGIC:
                return False
        from idkb.store.readonly_sql import uri

        conn = sqlite3.connect(uri(path), uri=True, timeout=1)
        try:
            keys = {r[0] for r in conn.execute("SELECT key FROM meta")}
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False
    return {"schema_version", "seed_sha256"} <= keys


def _in_our_folder(path: Path) -> bool:
    own = paths.data_dir() / paths.DB_NAME
    try:
        return os.path.samefile(path, own)
    except OSError:
        return False


def refuse_foreign(path: Path, found: Kind) -> str:
    """Why idkb will not touch the file at `path`."""
    if found == "not-a-file":
        return (f"{path} is not a regular file (a folder, device or pipe); idkb only replaces "
                "its own database files; choose another --db")
    return f"{path}: this is not an idkb database; choose another --db"
