"""Opening the database for a command: build it on first run, refresh it when the seed changes.

Only the standard library is imported here, so read commands start fast; the builder (pydantic,
sqlite-utils) is imported only when a build is actually needed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from idkb import paths
from idkb.errors import DatabaseProblem
from idkb.schema import SCHEMA_VERSION


def _stamp(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _problem(path: Path, what: str) -> DatabaseProblem:
    return DatabaseProblem(
        f"{path}: {what}; run 'idkb db rebuild' to make a fresh one (the old file is kept)"
    )


def seed_sha256() -> str:
    import hashlib

    return hashlib.sha256(paths.seed_bytes()).hexdigest()


# The seed stamp of a database built without the bundled seed (`idkb db rebuild --no-seed`):
# such a database is never given the seed behind the user's back.
SEEDLESS = "none"


def _seed_is_current(conn: sqlite3.Connection, stamp: dict[str, str]) -> bool:
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


def rebuild(path: Path, with_seed: bool = True) -> None:
    """Build the database from the bundled seed (unless told not to) and every kept dataset."""
    from idkb import datasets, store

    _ensure_folder(path)
    seed = store.seed_dataset() if with_seed else None
    folder = paths.datasets_dir(path)
    store.build(path, lambda conn: datasets.fill(conn, folder, seed),
                seed.sha256 if seed else SEEDLESS)


def _ensure_folder(path: Path) -> None:
    """Create idkb's own data folder if needed, but never folders of a path the user typed:
    a mistyped --db should fail, not leave a new database somewhere unexpected."""
    folder = path.parent
    if folder.is_dir():
        return
    if path != paths.data_dir() / paths.DB_NAME:
        raise DatabaseProblem(f"cannot create the database at {path}: the folder {folder} "
                              "does not exist (create it, or choose another --db)")
    folder.mkdir(parents=True, exist_ok=True)


def connect(option: str | None = None) -> sqlite3.Connection:
    """A connection to an up-to-date database, built from the seed if there is none yet."""
    path = paths.db_path(option)
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file")
    if not path.exists():
        writing(path, "create", lambda: rebuild(path))
    conn = _open(path)
    stamp = _check(conn, path)
    if not _seed_is_current(conn, stamp):
        want = seed_sha256()
        conn.close()
        from idkb import datasets

        # A new idkb version with a changed seed.
        writing(path, "refresh", lambda: datasets.refresh_seed(path, want))
        conn = _open(path)
    conn.execute("PRAGMA query_only = ON")
    return conn


def writing(path: Path, action: str, build: Callable[[], None]) -> None:
    """Run a build; a full disk or a folder idkb may not write becomes a clear message. The
    build writes aside and renames, so whatever was at `path` is still there, unchanged."""
    try:
        build()
    except OSError as exc:
        raise DatabaseProblem(f"cannot {action} the database at {path}: {exc.strerror}; "
                              "choose a writable place with --db or IDKB_HOME") from None
    except sqlite3.OperationalError as exc:
        raise DatabaseProblem(f"cannot {action} the database at {path}: {exc}; free some space "
                              "or choose another place with --db or IDKB_HOME "
                              "(nothing was changed)") from None


def _open(path: Path) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(path, timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise _problem(path, f"cannot open ({exc})") from None
    return conn


def _check(conn: sqlite3.Connection, path: Path) -> dict[str, str]:
    try:
        stamp = _stamp(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        reason = "not an idkb database" if "no such table" in str(exc) else str(exc)
        raise _problem(path, reason) from None
    version = int(stamp.get("schema_version", "0"))
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


def _finish_file_changes(path: Path) -> None:
    """Complete a load whose kept files a kill left half-moved (see datasets.recover)."""
    from idkb import datasets

    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            datasets.recover(conn, paths.datasets_dir(path))
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a damaged database cannot say; its pending files are simply ignored


def rebuild_with_backup(path: Path, with_seed: bool = True) -> Path | None:
    """Move the current file (and its WAL companions) aside, then build afresh.

    Returns the backup's path, or None when there was nothing to keep. If the build fails the
    old file is put back, so nothing is ever lost.
    """
    if not path.exists():
        rebuild(path, with_seed)
        return None
    from datetime import datetime

    _finish_file_changes(path)

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.bak-{stamp}")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(Path(f"{backup}{suffix}"))
            moved.append(suffix)
    try:
        rebuild(path, with_seed)
    except BaseException:
        for suffix in moved:
            Path(f"{backup}{suffix}").replace(Path(f"{path}{suffix}"))
        raise
    return backup
