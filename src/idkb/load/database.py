"""The database a command works on: built from the seed and kept datasets on first run,
refreshed when the bundled seed changes, rebuilt on request with the old file kept aside.

The read path stays on the standard library: pydantic and sqlite-utils are imported by the
modules below only when a build actually happens.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from idkb.core import paths
from idkb.core.errors import DatabaseProblem
from idkb.load import leftovers
from idkb.store import connection, ownership, writer_lock

records_place = Callable[[Path, Path], None]

Notice = Callable[[str], None]


def _tell(notice: Notice | None, text: str | None) -> None:
    if notice is not None and text:
        notice(text)


def rebuild(path: Path, with_seed: bool = True, notice: Notice | None = None,
            place: records_place | None = None) -> None:
    """Build the database from the bundled seed (unless told not to) and every kept dataset;
    `notice` hears which seed records yield to a dataset's own versions. The caller holds the
    writer lock, or the database is one no one else knows yet (tests)."""
    from idkb.load import datasets
    from idkb.store import records

    _ensure_folder(path)
    seed = records.seed_dataset() if with_seed else None
    folder = paths.datasets_dir(path)
    kept: list[str] = []
    target = ownership.target(path)
    records.build(target, lambda conn: kept.extend(datasets.fill(conn, folder, seed)),
                  seed.sha256 if seed else connection.SEEDLESS, place)
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
        _first_build(path, notice)
    conn = connection.open_file(path)
    stamp = connection.check_stamp(conn, path)
    if not connection.seed_is_current(conn, stamp):
        want = connection.seed_sha256()
        conn.close()
        from idkb.load import datasets

        # A new idkb version with a changed seed.
        kept: list[str] = []
        connection.writing(path, "refresh",
                           lambda: kept.extend(datasets.refresh_seed(path, want, notice)))
        _tell(notice, datasets.kept_note(kept))
        conn = connection.open_file(path)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _first_build(path: Path, notice: Notice | None) -> None:
    """Build a missing database, holding the writer lock (another first run may be building
    it: then its database is used)."""
    if path.is_symlink():  # a link to nothing: never build through it onto somewhere else
        raise DatabaseProblem(f"{path} is a symbolic link to a file that does not exist; "
                              "fix the link or choose another --db")
    def build() -> None:
        _ensure_folder(path)
        with writer_lock.held(path, "create", notice):
            if not path.exists():
                leftovers.clean(path)
                rebuild(path, notice=notice)

    connection.writing(path, "create", build)


def _finish_file_changes(path: Path) -> None:
    """Complete a load whose kept files a kill left half-moved (see kept_files.recover)."""
    from idkb.load import kept_files

    try:
        conn = sqlite3.connect(path, timeout=10, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            kept_files.recover(conn, paths.datasets_dir(path))
            conn.execute("COMMIT")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a damaged database cannot say; its pending files are simply ignored


def rebuild_with_backup(path: Path, with_seed: bool = True,
                        notice: Notice | None = None) -> Path | None:
    """Build afresh beside the database, then swap: the old file is kept as `.bak-*` (a second
    name for it, made before the new file is renamed over it), so a kill at any moment leaves
    the old database or the new one in place, never none.

    Only a file idkb recognises as its own is replaced (see store.ownership); a symbolic link
    is kept and the file it points to is rebuilt. Returns the backup's path, or None when
    there was nothing to keep.
    """
    found = ownership.kind(path)
    if found not in ("missing", "ours"):
        raise DatabaseProblem(ownership.refuse_foreign(path, found))
    real = ownership.target(path)
    _ensure_folder(real)
    with writer_lock.held(real, "rebuild", notice):
        leftovers.clean(real)
        if not real.exists():
            rebuild(path, with_seed, notice, place=None)
            return None
        _finish_file_changes(path)
        backup = _backup_name(real)
        rebuild(path, with_seed, notice, place=lambda tmp, target: _swap(tmp, real, backup))
        prune_backups(real)
        return backup


def _backup_name(real: Path) -> Path:
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    backup, n = real.with_name(f"{real.name}.bak-{stamp}"), 1
    while backup.exists():
        n += 1
        backup = real.with_name(f"{real.name}.bak-{stamp}-{n}")
    return backup


def _swap(tmp: Path, real: Path, backup: Path) -> None:
    """Keep the old file under a second name, then rename the new one over it (atomic)."""
    _checkpoint(real)
    try:
        os.link(real, backup)
    except OSError:  # no hard links here: a copy keeps the old data just as well
        shutil.copy2(real, backup)
    for suffix in ("-wal", "-shm"):
        companion = Path(f"{real}{suffix}")
        if companion.exists():
            companion.replace(Path(f"{backup}{suffix}"))
    os.replace(tmp, real)


def _checkpoint(real: Path) -> None:
    """Fold the old file's WAL into it, so the file alone holds all its data."""
    try:
        conn = sqlite3.connect(real, timeout=5)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
    except sqlite3.Error:
        pass  # a damaged file: its WAL is moved aside with it


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
