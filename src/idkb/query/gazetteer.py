"""Names in the database, for reading new text: is this name already an entity, and which?

A name is compared as `core.names.normalise` compares it (case, accents, punctuation and
spacing do not count), after dropping courtesy titles ("Mr", "H.E.", "Comrade"), against every
name an entity has: its name, aliases and Chinese name. An entity's id matches too. A name two
entities of the kind share is ambiguous: no answer, and `ambiguous` remembers it for the
reviewer. Answers are cached, since a batch of items asks for the same names many times.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from idkb.core.batches import batches, marks
from idkb.core.names import normalise
from idkb.core.vocab import TABLES

_COURTESY = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Madame|Sir|Comrade|Hon|H\.\s?E|"
    r"His Excellency|Her Excellency)\.?\s+)+",
    re.IGNORECASE,
)
_TABLES = tuple(TABLES.values())


class Known(NamedTuple):
    id: str
    kind: str
    name: str
    country: str | None


def fold(name: str) -> str:
    """The form names are compared in: "H.E. Mr. Kim  Sóng-Nam" -> "kim song nam"."""
    return normalise(_COURTESY.sub("", name.strip()))


_BY_NAME = ("SELECT DISTINCT e.id, e.kind, e.name, e.country FROM entity_names n "
            "JOIN entities e ON e.id = n.entity_id WHERE n.norm = ?")
_BY_ID = "SELECT id, kind, name, country FROM entities WHERE id = ?"


class DatabaseGazetteer:
    """Look names up in an open idkb database (read only; nothing is written)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # Names that matched several entities since the caller last emptied this: name -> ids.
        self.ambiguous: dict[str, list[str]] = {}
        self._shared: dict[tuple[str, str | None], list[str]] = {}
        self._cache: dict[tuple[str, str | None], Known | None] = {}

    def lookup(self, name: str, kind: str | None) -> Known | None:
        key = (name, kind)
        if key not in self._cache:
            self._cache[key] = self._find(name, fold(name), kind)
        elif key in self._shared:  # asked again (by the next item): remembered again
            self.ambiguous[name] = self._shared[key]
        return self._cache[key]

    def _find(self, name: str, norm: str, kind: str | None) -> Known | None:
        row = self.conn.execute(_BY_ID, (name.strip(),)).fetchone()
        if row and kind in (None, row[1]):
            return Known(*row)
        if not norm:
            return None
        sql, args = _BY_NAME, [norm]
        if kind is not None:
            sql, args = sql + " AND e.kind = ?", [norm, kind]
        found = [Known(*r) for r in self.conn.execute(sql + " ORDER BY e.id LIMIT 10", args)]
        if len(found) > 1:
            self.ambiguous[name] = self._shared[(name, kind)] = [k.id for k in found]
            return None
        return found[0] if found else None

    def taken(self, ids: Iterable[str]) -> set[str]:
        """Those of `ids` that a record in the database already has."""
        wanted = sorted(set(ids))
        out: set[str] = set()
        for table in _TABLES:
            for chunk in batches(wanted):
                out.update(r[0] for r in self.conn.execute(
                    f"SELECT id FROM {table} WHERE id IN ({marks(chunk)})", chunk))
        return out
