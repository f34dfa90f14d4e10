"""The answers to researchers' questions worked out in plain Python from the raw tables, to
check idkb's queries against: who took part in what, and which countries took part."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Facts:
    """Every event, participant and entity of a database, read whole."""

    events: dict[str, sqlite3.Row] = field(default_factory=dict)
    parts: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # event: [(who, role)]
    kind: dict[str, str] = field(default_factory=dict)
    country: dict[str, str | None] = field(default_factory=dict)
    name: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, db: Path) -> Facts:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        facts = cls()
        for e in conn.execute("SELECT * FROM events"):
            facts.events[e["id"]] = e
            facts.parts[e["id"]] = []
        for p in conn.execute("SELECT event_id, entity_id, role FROM event_participants"):
            facts.parts[p[0]].append((p[1], p[2]))
        for x in conn.execute("SELECT id, kind, country, name FROM entities"):
            facts.kind[x[0]], facts.country[x[0]], facts.name[x[0]] = x[1], x[2], x[3]
        conn.close()
        return facts

    def takes_part(self, entity: str, event: str, role: str | None = None) -> bool:
        """A participant; a country also through what is based in it, or by hosting."""
        for who, how in self.parts[event]:
            if role is not None and how != role:
                continue
            if who == entity or (self.kind[entity] == "country"
                                 and self.country.get(who) == entity):
                return True
        return (role is None and self.kind[entity] == "country"
                and self.events[event]["location_country"] == entity)

    def with_all(self, *entities: str, role: str | None = None) -> set[str]:
        return {e for e in self.events if all(self.takes_part(x, e, role) for x in entities)}

    def in_year(self, event: str, year: int) -> bool:
        e = self.events[event]
        first, last = f"{year}-01-01", f"{year}-12-31"
        return (e["latest"] is None or e["latest"] >= first) and \
            (e["earliest"] is None or e["earliest"] <= last)

    def participants(self, events: set[str], kind: str | None = None,
                     leave_out: tuple[str, ...] = ()) -> Counter[str]:
        counts: Counter[str] = Counter()
        for e in events:
            counts.update({who for who, _ in self.parts[e]
                           if (kind is None or self.kind[who] == kind) and who not in leave_out})
        return counts

    def countries_of(self, event: str) -> set[str]:
        found = set()
        for who, _ in self.parts[event]:
            c = who if self.kind[who] == "country" else self.country.get(who)
            if c:
                found.add(c)
        return found

    def busiest(self, kind: str, n: int = 1) -> list[str]:
        counts = self.participants(set(self.events), kind)
        return [x for x, _ in counts.most_common(n)]
