"""The one lock every writer of a database holds: loads, unloads, seed refreshes, builds and
rebuilds.

SQLite's own lock lives in the database file, and a rebuild replaces that file: a load waiting
on the old file's lock would then write into the file that was just moved aside. So writers
first take an exclusive `flock` on `DB.lock` beside the database, a file that is never
replaced or deleted, and only then open the database. The holder writes its process id and
command into the lock file, so a writer that has to wait can say whom it waits for.

A writer waits up to `WAIT_SECONDS` (IDKB_LOCK_WAIT to change it), saying once that it is
waiting, then gives up with exit code 3 and changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from idkb.core.errors import DatabaseProblem

WAIT_SECONDS = 30.0
POLL_SECONDS = 0.05
Notice = Callable[[str], None]


def lock_path(db: Path) -> Path:
    """Beside the file the database path finally names, so a symlink and its target share
    one lock."""
    real = Path(os.path.realpath(db))
    return real.with_name(real.name + ".lock")


def wait_seconds() -> float:
    try:
        wait = float(os.environ.get("IDKB_LOCK_WAIT", WAIT_SECONDS))
    except ValueError:
        return WAIT_SECONDS
    return wait if 0 <= wait < 86400 else WAIT_SECONDS


def holder(db: Path) -> str:
    """Who holds the lock, as the holder wrote it ("idkb load (process 1234)")."""
    try:
        text = lock_path(db).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        text = ""
    return text[:200] or "another idkb process"


@contextlib.contextmanager
def held(db: Path, what: str, notice: Notice | None = None) -> Iterator[None]:
    """Hold the writer lock of `db` while the block runs."""
    if sys.platform == "win32":  # no flock: SQLite's own locking is all there is
        yield
        return
    try:
        fd = os.open(lock_path(db), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise DatabaseProblem(f"cannot {what} the database at {db}: cannot create its lock "
                              f"file {lock_path(db)} ({exc.strerror}); choose a writable place "
                              "with --db or IDKB_HOME") from None
    try:
        _acquire(fd, db, what, notice)
        _sign(fd, what)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock, also when killed


def _acquire(fd: int, db: Path, what: str, notice: Notice | None) -> None:
    import fcntl

    wait = wait_seconds()
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        if not told and notice is not None:
            notice(f"waiting for {holder(db)} to finish with {db} (up to {wait:g} s)")
            told = True
        if time.monotonic() >= deadline:
            raise DatabaseProblem(f"cannot {what} {db}: it is locked by {holder(db)}; gave up "
                                  f"after {wait:g} s (nothing was changed); try again when it "
                                  "has finished")
        time.sleep(POLL_SECONDS)


def _sign(fd: int, what: str) -> None:
    """Write who holds the lock (best effort: the lock itself is what matters)."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"idkb {what} (process {os.getpid()})\n".encode(), 0)
