"""`idkb db check`: do the kept copies of loaded datasets agree with the database?

A rebuild makes the database from the bundled seed and the kept copies (NAME.jsonl in the kept
folder), so each loaded dataset must have its copy, each copy must be a loaded dataset, and a
copy must hold exactly the records the database holds for it (compared by record type and id).
A file change that a kill interrupted after its COMMIT (a pending change list, finished by the
next write) is read as finished.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from idkb.core.vocab import TABLES

Keys = set[tuple[str, str]]
CHECK = "kept copies agree with the database"


def _pending(conn: sqlite3.Connection, folder: Path) -> dict[str, Path | None]:
    """Final name -> the file that will hold it (None: to be deleted), for a committed change
    list a kill left unfinished."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'kept_txn'").fetchone()
    if row is None:
        return {}
    try:
        manifest = json.loads((folder / f".txn-{row[0]}.json").read_text(encoding="utf-8"))
        moves: dict[str, Path | None] = {
            str(final): folder / str(tmp) for tmp, final in manifest["rename"]
            if "/" not in str(tmp) and (folder / str(tmp)).exists()}
        moves.update({str(name): None for name in manifest["delete"]})
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return moves


def _file_keys(path: Path) -> Keys:
    keys: Keys = set()
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                record = json.loads(line)
                if record.get("record") in TABLES:
                    keys.add((str(record["record"]), str(record.get("id"))))
    return keys


def _db_keys(conn: sqlite3.Connection, name: str) -> Keys:
    keys: Keys = set()
    for kind, table in TABLES.items():
        keys.update((kind, r[0]) for r in conn.execute(
            f"SELECT id FROM {table} WHERE dataset = ?", (name,)))
    return keys


def compare(conn: sqlite3.Connection, folder: Path) -> list[str]:
    """Every disagreement between the database and the kept copies, as a readable line."""
    loaded = [r[0] for r in conn.execute("SELECT name FROM datasets WHERE name != 'seed'")]
    files: dict[str, Path | None] = {}
    if folder.is_dir():
        files = {p.name: p for p in folder.glob("*.jsonl")}
        files.update(_pending(conn, folder))
    problems = []
    for name in sorted(loaded):
        kept = files.get(f"{name}.jsonl")
        if kept is None:
            problems.append(f"dataset {name!r} is loaded but has no kept copy in {folder}")
            continue
        try:
            in_file = _file_keys(kept)
        except (OSError, ValueError, KeyError, AttributeError) as exc:
            problems.append(f"the kept copy of {name!r} cannot be read ({exc})")
            continue
        in_db = _db_keys(conn, name)
        for what, keys in (("only in the database", in_db - in_file),
                           ("only in the kept copy", in_file - in_db)):
            if keys:
                shown = ", ".join(f"{k} {i}" for k, i in sorted(keys)[:3])
                problems.append(f"dataset {name!r}: {len(keys)} record(s) {what} ({shown})")
    for final, path in sorted(files.items()):
        if path is not None and final.endswith(".jsonl") and final[:-6] not in loaded:
            problems.append(f"{path.name} is kept but no dataset {final[:-6]!r} is loaded "
                            "(a rebuild would load it)")
    return problems
