"""The database a command works on: built from the seed and kept datasets on first run,
refreshed when the bundled seed changes, rebuilt on request with the old file kept aside.

The read path stays on the standard library: pydantic and sqlite-utils are imported by the
modules below only when a build actually happens.
"""

from __future__ import annotations

import glob
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from idkb.core import paths
from idkb.core.errors import DatabaseProblem
from idkb.store import connection

Notice = Callable[[str], None]


def _tell(notice: Notice | None, text: str | None) -> None:
    if notice is not None and text:
        notice(text)


def rebuild(path: Path, with_seed: bool = True, notice: Notice | None = None) -> None:
    """Build the database from the bundled seed (unless told not to) and every kept dataset;
    `notice` hears which seed records yield to a dataset's own versions."""
    from idkb.load import datasets
    from idkb.store import records

    _ensure_folder(path)
    seed = records.seed_dataset() if with_seed else None
    folder = paths.datasets_dir(path)
    kept: list[str] = []
    records.build(path, lambda conn: kept.extend(datasets.fill(conn, folder, seed)),
                  seed.sha256 if seed else connection.SEEDLESS)
    _tell(notice, datasets.kept_note(kept))


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


def connect(option: str | None = None, notice: Notice | None = None) -> sqlite3.Connection:
    """A read-only connection to an up-to-date database, built from the seed if there is none
    yet; `notice` hears what a build or seed refresh has to say."""
    path = paths.db_path(option)
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a folder, not a database file")
    if not path.exists():
        connection.writing(path, "create", lambda: rebuild(path, notice=notice))
    conn = connection.open_file(path)
    stamp = connection.check_stamp(conn, path)
    if not connection.seed_is_current(conn, stamp):
        want = connection.seed_sha256()
        conn.close()
        from idkb.load import datasets

        # A new idkb version with a changed seed.
        kept: list[str] = []
        connection.writing(path, "refresh",
                           lambda: kept.extend(datasets.refresh_seed(path, want)))
        _tell(notice, datasets.kept_note(kept))
        conn = connection.open_file(path)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _finish_file_changes(path: Path) -> None:
    """Complete a load whose kept files a kill left half-moved (see datasets.recover)."""
    from idkb.load import datasets

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


def rebuild_with_backup(path: Path, with_seed: bool = True,
                        notice: Notice | None = None) -> Path | None:
    """Move the current file (and its WAL companions) aside, then build afresh.

    Returns the backup's path, or None when there was nothing to keep. If the build fails the
    old file is put back, so nothing is ever lost.
    """
    if not path.exists():
        rebuild(path, with_seed, notice)
        return None
    from datetime import datetime

    _finish_file_changes(path)

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup = path.with_name(f"{path.name}.bak-{stamp}")
    moved = []
    for suffix in ("", "-wal", "-shm"):
        source = Path(f"{path}{suffix}")
        if source.exists():
            source.replace(Path(f"{backup}{suffix}"))
            moved.append(suffix)
    try:
        rebuild(path, with_seed, notice)
    except BaseException:
        for suffix in moved:
            Path(f"{backup}{suffix}").replace(Path(f"{path}{suffix}"))
        raise
    prune_backups(path)
    return backup


KEEP_BACKUPS = 3
_BACKUP = re.compile(r"\.bak-[0-9]{8}-[0-9]{6}(-[0-9]{6})?(-wal|-shm)?")


def backups(path: Path) -> list[Path]:
    """The backups `db rebuild` made of `path` (its own files only), oldest first."""
    prefix = path.name
    found = [p for p in path.parent.glob(f"{glob.escape(prefix)}.bak-*")
             if _BACKUP.fullmatch(p.name[len(prefix):]) and not p.name.endswith(("-wal", "-shm"))]
    return sorted(found, key=lambda p: p.name)


def prune_backups(path: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Remove all but the newest `keep` backups of `path` (with their -wal and -shm)."""
    old = backups(path)[:-keep] if keep else backups(path)
    for backup in old:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{backup}{suffix}").unlink(missing_ok=True)
    return old
