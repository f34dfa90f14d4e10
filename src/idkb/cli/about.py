"""What `idkb --version` says: the program's version and the data's.

Standard library only, and the database is only read, never built: asking for the version must
be instant and must work even when the database is missing or damaged.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

from idkb import __version__
from idkb.core import paths
from idkb.core.vocab import TABLES

COUNTED = tuple(TABLES.values())


def _counts(numbers: dict[str, int]) -> str:
    return ", ".join(f"{numbers[k]} {k}" for k in COUNTED)


def seed_line() -> str:
    try:
        seed = json.loads(paths.seed_bytes())
    except (OSError, ValueError) as exc:
        return f"data: the bundled seed cannot be read ({exc})"
    info = seed.get("dataset") or {}
    numbers = {k: len(seed.get(k) or []) for k in COUNTED}
    return f"data: seed {info.get('version') or '(no version)'} ({_counts(numbers)})"


def database_line(path: Path) -> str:
    if not path.is_file():
        return f"database: {path} (not built yet; the first command builds it)"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
        with closing(conn):
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            numbers = {k: conn.execute(f"SELECT count(*) FROM {k}").fetchone()[0]
                       for k in COUNTED}
            datasets = conn.execute("SELECT count(*) FROM datasets").fetchone()[0]
    except sqlite3.Error as exc:
        return f"database: {path} (unreadable: {exc})"
    built = meta.get("built_at", "at an unknown time")
    plural = "s" if datasets != 1 else ""
    return (f"database: {path}, built {built} from {datasets} dataset{plural} "
            f"({_counts(numbers)})")


def version_text(db_path: Path) -> str:
    return "\n".join([f"idkb {__version__}", seed_line(), database_line(db_path)])
