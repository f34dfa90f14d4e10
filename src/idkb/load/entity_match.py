"""Matching the names in a table to entities: the database first, then the table itself.

A name matches an entity of the same kind through its names, aliases (its own and those
added by other datasets) or external identifiers, with case, accents and punctuation folded;
"Putin, Vladimir" is also tried as "Vladimir Putin". Ids that a same-as declaration joins
count as one entity. A name found nowhere becomes a new entity, once per table.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from idkb.core.names import normalise
from idkb.store import links

# The dataset being imported is left out: importing it again replaces it, so its own
# entities are made again rather than matched.
_LOOKUP = """
SELECT e.id FROM entity_names n JOIN entities e ON e.id = n.entity_id
 WHERE n.norm = :norm AND e.kind = :kind AND e.dataset != :ds
UNION SELECT e.id FROM added_aliases a JOIN entities e ON e.id = a.entity_id
 WHERE a.norm = :norm AND e.kind = :kind AND e.dataset != :ds AND a.dataset != :ds
UNION SELECT e.id FROM entity_identifiers i JOIN entities e ON e.id = i.entity_id
 WHERE i.value = :raw AND e.kind = :kind AND e.dataset != :ds
"""


def folded(name: str) -> list[str]:
    """The name's folded forms: as written, and "Last, First" turned round."""
    forms = [normalise(name)]
    last, comma, first = name.partition(",")
    if comma and first.strip() and "," not in first:
        forms.append(normalise(f"{first} {last}"))
    return [f for f in forms if f]


@dataclass
class Found:
    id: str
    name: str
    new: bool
    rows: int = 0  # rows that name it
    last_row: int = 0
    country: str | None = None
    nearest: str | None = None
    identifiers: dict[str, str] = field(default_factory=dict)  # for a new entity


@dataclass
class Matcher:
    conn: sqlite3.Connection
    dataset: str
    prefix: str | None = None
    known: dict[tuple[str, str], Found | str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    seen: dict[tuple[str, str], Found | str] = field(default_factory=dict)  # by name as written
    by_id: dict[tuple[str, str, str], Found] = field(default_factory=dict)  # kind, scheme, id

    def find(self, name: str, kind: str, row: int = 0,
             ids: dict[str, str] | None = None) -> Found | str:
        """The entity `name` (or, first, its external ids) denotes, matched or new, or why
        it cannot be told."""
        found: Found | str | None = self._by_ids(kind, ids) if ids else None
        if found is None:
            found = self.seen.get((name, kind))
        if found is None:
            found = self.seen[(name, kind)] = self._fold(name, kind)
        if isinstance(found, Found) and ids:
            for scheme, value in ids.items():
                self.by_id.setdefault((kind, scheme, value), found)
                if found.new:
                    found.identifiers.setdefault(scheme, value)
        if isinstance(found, Found) and (found.last_row != row or not row):
            found.rows += 1
            found.last_row = row
        return found

    def _by_ids(self, kind: str, ids: dict[str, str]) -> Found | None:
        for scheme, value in ids.items():
            if (kind, scheme, value) in self.by_id:
                return self.by_id[(kind, scheme, value)]
            hit = self.conn.execute(
                "SELECT e.id, e.name FROM entity_identifiers i JOIN entities e ON e.id = "
                "i.entity_id WHERE i.scheme = ? AND i.value = ? AND e.kind = ? AND "
                "e.dataset != ? ORDER BY e.id LIMIT 1", (scheme, value, kind, self.dataset)
            ).fetchone()
            if hit:
                found = self.by_id[(kind, scheme, value)] = Found(hit[0], hit[1], new=False)
                return found
        return None

    def _fold(self, name: str, kind: str) -> Found | str:
        forms = folded(name)
        if not forms:
            return "the name is empty once punctuation is set aside"
        found = next((self.known[(f, kind)] for f in forms if (f, kind) in self.known), None)
        if found is None:
            found = self._lookup(name, forms, kind)
        for form in forms:
            self.known.setdefault((form, kind), found)
        return found

    def _lookup(self, name: str, forms: list[str], kind: str) -> Found | str:
        for form in forms:
            ids = sorted({r[0] for r in self.conn.execute(
                _LOOKUP, {"norm": form, "kind": kind, "raw": name.strip(), "ds": self.dataset})})
            if len(ids) > 1 and set(ids) <= set(links.group(self.conn, ids[0])):
                ids = ids[:1]  # one entity under several ids
            if len(ids) > 1:
                return f"{name!r} matches {len(ids)} {kind} entities: {', '.join(ids[:5])}"
            if ids:
                row = self.conn.execute("SELECT name FROM entities WHERE id = ?",
                                        (ids[0],)).fetchone()
                return Found(ids[0], row[0], new=False)
        last, comma, first = name.partition(",")
        shown = f"{first.strip()} {last.strip()}" if len(forms) > 1 and comma else name.strip()
        return Found(self._new_id(normalise(shown), kind), shown, new=True)

    def _new_id(self, form: str, kind: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", form).strip("-")[:100] or kind
        if self.prefix:
            base = f"{self.prefix}-{base}"
        candidate, n = base, 1
        while candidate in self.taken or self.conn.execute(
                "SELECT 1 FROM entities WHERE id = ? AND dataset != ?",
                (candidate, self.dataset)).fetchone():
            n += 1
            candidate = f"{base}-{n}"
        self.taken.add(candidate)
        return candidate

    def entities(self) -> list[tuple[str, Found]]:
        """(kind, entity) for every name met, each entity once, in the order first met."""
        out: dict[str, tuple[str, Found]] = {}
        for (_, kind), found in self.known.items():
            if isinstance(found, Found) and found.id not in out:
                out[found.id] = (kind, found)
        return list(out.values())

    def add_nearest(self) -> None:
        """For each new entity, the nearest existing name of its kind (rapidfuzz)."""
        from rapidfuzz import fuzz, process

        by_kind: dict[str, list[tuple[str, str]]] = {}
        for kind, found in self.entities():
            if not found.new:
                continue
            if kind not in by_kind:
                by_kind[kind] = self.conn.execute(
                    "SELECT n.norm, e.name FROM entity_names n JOIN entities e "
                    "ON e.id = n.entity_id WHERE e.kind = ? AND e.dataset != ?",
                    (kind, self.dataset)).fetchall()
            rows = by_kind[kind]
            best = process.extractOne(normalise(found.name), [r[0] for r in rows],
                                      scorer=fuzz.WRatio, score_cutoff=75)
            if best is not None:
                found.nearest = rows[best[2]][1]
