"""Checks on same-as and alias records: every group joins entities of one kind; the line a
link record makes in the kept file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from idkb.core.batches import batches


def setup(conn: sqlite3.Connection) -> None:
    """The entity kinds of one load, on SQLite's pages like its ids (see load.ids)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS load_kinds (id TEXT PRIMARY KEY, "
                 "kind TEXT NOT NULL) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.load_kinds")


def _kinds(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for chunk in batches(ids):
        marks = ",".join("?" * len(chunk))
        kinds.update(conn.execute(f"SELECT id, kind FROM entities WHERE id IN ({marks})", chunk))
        kinds.update(conn.execute(f"SELECT id, kind FROM temp.load_kinds WHERE id IN ({marks})",
                                  chunk))
    return kinds


def mixed_kinds(conn: sqlite3.Connection,
                same_as: list[tuple[list[str], str]]) -> Iterator[tuple[str, str]]:
    """(where, message) for each same-as joining entities of different kinds."""
    kinds = _kinds(conn, sorted({i for ids, _ in same_as for i in ids}))
    for ids, where in same_as:
        if len({kinds[i] for i in ids if i in kinds}) > 1:
            shown = ", ".join(f"{i} ({kinds[i]})" for i in ids if i in kinds)
            yield where, f"a same-as joins entities of one kind; found {shown}"


def line(kind: str, record: BaseModel) -> dict[str, Any]:
    """The record as the kept file and the export write it."""
    out: dict[str, Any] = {"record": kind, **record.model_dump(exclude_none=True)}
    if out.get("kind") == "alias":
        del out["kind"]  # the default, left out as the export leaves it out
    out["sources"] = [{k: v for k, v in c.items() if v is not None} for c in out["sources"]]
    return out
