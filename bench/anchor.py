"""The load's anchors: what the same file costs loaded the plainest way, timed in the same run.

    python -m bench.anchor FILE DB

reads the JSON Lines file, parses every line, and inserts its events with one plain
`executemany` into one flat table (participants and sources as JSON text), with no checks at
all. `idkb load` of the same file is held to at most 3 times this.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from idkb.core.vocab import TABLES
from idkb.load import export_sql


def _events(path: Path) -> Iterator[tuple[Any, ...]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            r = json.loads(line)
            if r.get("record") == "event":
                yield (r["id"], r["type"], r["title"], r["date"], r.get("location_country"),
                       json.dumps(r.get("participants", [])), json.dumps(r["sources"]))


def main(argv: list[str] | None = None) -> None:
    source, target = map(Path, argv or sys.argv[1:])
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT, title TEXT, date TEXT, "
                 "location_country TEXT, participants TEXT, sources TEXT)")
    with conn:
        conn.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", _events(source))
    conn.close()


if __name__ == "__main__":
    main()


def export_command(db: Path) -> list[str]:
    """The sqlite3 shell writing every record's export line itself (with the same SQL as
    `idkb export --format jsonl`, so the lines are the same): the export's anchor."""
    sql = ";\n".join(export_sql.select(kind, False) for kind in TABLES) + ";"
    return ["sqlite3", "-readonly", "-list", str(db), sql]
