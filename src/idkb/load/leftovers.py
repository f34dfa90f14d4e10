"""Cleaning what a killed run left behind: half-written builds beside the database and
standard input spooled to a temporary file. (Half-written kept files are cleaned by
kept_files.recover, inside the next write transaction.)"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

STDIN_PREFIX = "idkb-stdin-"


def spool_name() -> str:
    """The prefix of this process's spooled standard input: it carries the process id, so a
    later run can tell a spool whose process is gone from one still being read."""
    return f"{STDIN_PREFIX}{os.getpid()}-"


def clean(target: Path) -> None:
    """Remove stale builds of `target` and spools of processes that no longer run. Call
    holding the writer lock of `target`."""
    from idkb.store import records  # the models behind it stay off the read path

    records.clean_builds(target)
    clean_spools()


def clean_spools() -> None:
    uid = os.getuid() if hasattr(os, "getuid") else None
    for spool in Path(tempfile.gettempdir()).glob(f"{STDIN_PREFIX}*-*"):
        pid = spool.name[len(STDIN_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or _alive(int(pid)):
            continue
        with contextlib.suppress(OSError):
            if uid is None or spool.lstat().st_uid == uid:
                spool.unlink()


def _alive(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill would end the process there, not ask about it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is not ours to signal
    return True
