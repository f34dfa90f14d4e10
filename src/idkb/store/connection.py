"""Opening a database file and telling whether it is an idkb database of this version.

Only the standard library is imported here, so read commands start fast. Building a missing
database or refreshing its seed is the loading layer's job (idkb.load.database).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from idkb.core import paths
from idkb.core.errors import DatabaseProblem
from idkb.store.schema import SCHEMA_VERSION


def _stamp(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _problem(path: Path, what: str) -> DatabaseProblem:
    """A file that cannot be used. Rebuilding is advised only for a file idkb recognises as
    its own (store.ownership); a locked database is not damaged, and a foreign file is not
    idkb's to replace."""
    from idkb.store import ownership, writer_lock

    if "locked" in what or "busy" in what:
        return DatabaseProblem(f"{path} is locked by {writer_lock.holder(path)}; try again when "
                               "it has finished (nothing is damaged)")
    found = ownership.kind(path)
    if found != "ours":
        return DatabaseProblem(ownership.refuse_foreign(path, found))
    return DatabaseProblem(
        f"{path}: {what}; run 'idkb db rebuild' to make a fresh one (the old file is kept)"
    )


def seed_sha256() -> str:
    import hashlib

    return hashlib.sha256(paths.seed_bytes()).hexdigest()


# The seed stamp of a database built without the bundled seed (`idkb db rebuild --no-seed`):
# such a database is never given the seed behind the user's back.
SEEDLESS = "none"


def seed_is_current(conn: sqlite3.Connection, stamp: dict[str, str]) -> bool:
    """Has the database been built from the bundled seed as it is now?

    Hashing the seed on every start costs more than most queries, so the file's size and time
    are compared first; the hash is computed only when they changed, and then remembered.
    """
    if stamp.get("seed_sha256") == SEEDLESS:
        return True
    mark = paths.seed_mark(stamp.get("seed_sha256"))
    if mark is not None and stamp.get("seed_checked") == mark:
        return True
    if stamp.get("seed_sha256") != seed_sha256():
        return False
    if mark is not None:
        try:
            with conn:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('seed_checked', ?)", (mark,))
        except sqlite3.Error:
            pass  # a read-only file: check the hash again next time
    return True


def writing(path: Path, action: str, build: Callable[[], None]) -> None:
    """Run a build; a full disk or a folder idkb may not write becomes a clear message. The
    build writes aside and renames, so whatever was at `path` is still there, unchanged."""
    try:
        build()
    except OSError as exc:
        raise DatabaseProblem(f"cannot {action} the database at {path}: {exc.strerror}; "
                              "choose a writable place with --db or IDKB_HOME") from None
    except sqlite3.OperationalError as exc:
        raise DatabaseProblem(f"cannot {action} the database at {path}: {exc}; free some space"
                              f"{_space_needed(path)} or choose another place with --db or "
                              "IDKB_HOME (nothing was changed)") from None


def _space_needed(path: Path) -> str:
    """How much a build needs beside the database: about the size of the one it replaces."""
    try:
        size = path.stat().st_size
    except OSError:
        return ""
    return f" (a build needs about {max(1, size // 2**20):,} MB beside it)"


def open_file(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise _problem(path, f"cannot open ({exc})") from None
    return conn


def check_stamp(conn: sqlite3.Connection, path: Path) -> dict[str, str]:
    try:
        stamp = _stamp(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        reason = "not an idkb database" if "no such table" in str(exc) else str(exc)
        raise _problem(path, reason) from None
    try:
        version = int(stamp.get("schema_version", "0"))
    except ValueError:
        conn.close()
        raise _problem(path, f"its schema version {stamp.get('schema_version')!r} is not a "
                             "number") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseProblem(
            f"{path} was written by a newer idkb (schema {version}, this idkb reads "
            f"{SCHEMA_VERSION}); upgrade idkb or point --db elsewhere"
        )
    if version < SCHEMA_VERSION:
        conn.close()
        raise _problem(path, f"it uses an older schema ({version})")
    return stamp
