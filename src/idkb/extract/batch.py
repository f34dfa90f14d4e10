"""Several items in one output, as one load file.

Each item is read on its own, but the output must load as a whole: an entity that one item
introduces is referred to by its id in the items after it (the batch is a gazetteer over the
database's names and the new ones so far), and an id that an earlier item or the database
already holds gets "-2", "-3", ... with every reference to it rewritten and a note for the
reviewer (the same item read twice, or an item whose source is already loaded). The same
statement or event reported by two items (the department's report and Xinhua's of one meeting:
same id, type and date) is one record citing both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from idkb.extract.engine import Extraction
from idkb.extract.gazetteer import Gazetteer, KnownEntity, name_key

Record = dict[str, Any]
Taken = Callable[[Iterable[str]], set[str]]
_REFERENCES = ("country", "location_country", "subject", "object")
# What must agree for two records with one id to be the same fact.
_SAME = ("record", "type", "date", "subject", "predicate", "object", "title", "as_of")


class Batch:
    def __init__(self, gazetteer: Gazetteer, taken: Taken) -> None:
        self.gazetteer = gazetteer
        self.taken = taken  # those of some ids the database already has
        self.ids: set[str] = set()
        self._new: dict[tuple[str, str], KnownEntity] = {}
        self._emitted: dict[str, Record] = {}  # statements and events, to merge repeats into

    def lookup(self, name: str, kind: str | None) -> KnownEntity | None:
        if found := self.gazetteer.lookup(name, kind):
            return found
        key = name_key(name)
        kinds = (kind,) if kind else ("person", "party", "organisation", "country")
        return next((self._new[(key, k)] for k in kinds if (key, k) in self._new), None)

    def add(self, result: Extraction) -> Extraction:
        """`result` (read with this batch as its gazetteer) with ids unique in the output;
        repeats of earlier statements and events are merged into them (and left out here)."""
        repeats = [r for r in result.records if self._repeats(r)]
        records = [r for r in result.records if not self._repeats(r)]
        renamed = self._renames([r["id"] for r in records])
        records = [_rewrite(r, renamed) for r in records] if renamed else records
        notes = [self._merge(_rewrite(r, renamed)) for r in repeats]
        notes += [f"id {old!r} is already taken (in the database or earlier in this output); "
                  f"this one is {new!r}" for old, new in renamed.items()]
        for r in records:
            self.ids.add(r["id"])
            if r["record"] == "entity":
                self._learn(r)
            elif r["record"] in ("statement", "event"):
                self._emitted[r["id"]] = r
        return Extraction(records, [*result.notes, *notes])

    def _repeats(self, record: Record) -> bool:
        """Whether `record` states again a statement or event emitted earlier."""
        earlier = self._emitted.get(record["id"])
        return earlier is not None and all(earlier.get(k) == record.get(k) for k in _SAME)

    def _merge(self, record: Record) -> str:
        earlier = self._emitted[record["id"]]
        earlier["sources"] = [*earlier["sources"], *record["sources"]]
        if "participants" in record:
            have = {p["entity"] for p in earlier["participants"]}
            earlier["participants"] = [*earlier["participants"],
                                       *(p for p in record["participants"]
                                         if p["entity"] not in have)]
        return (f"{record['record']} {record['id']!r} was reported earlier in this output; "
                "this item is cited there too")

    def _renames(self, ids: list[str]) -> dict[str, str]:
        clash = (set(ids) & self.ids) | self.taken(ids)
        renamed: dict[str, str] = {}
        for old in sorted(clash):
            n = 2
            while (new := f"{old}-{n}") in self.ids or new in ids or self.taken([new]):
                n += 1
            renamed[old] = new
            self.ids.add(new)
        return renamed

    def _learn(self, entity: Record) -> None:
        known = KnownEntity(entity["id"], entity["kind"], entity["name"],
                            entity.get("country"))
        for name in [entity["name"], *(a["name"] for a in entity.get("aliases", []))]:
            self._new.setdefault((name_key(name), known.kind), known)


def _rewrite(record: Record, renamed: dict[str, str]) -> Record:
    out = dict(record)
    out["id"] = renamed.get(record["id"], record["id"])
    for key in _REFERENCES:
        if key in out:
            out[key] = renamed.get(out[key], out[key])
    if "sources" in out:
        out["sources"] = [{**c, "source": renamed.get(c["source"], c["source"])}
                          for c in out["sources"]]
    if "participants" in out:
        out["participants"] = [{**p, "entity": renamed.get(p["entity"], p["entity"])}
                               for p in out["participants"]]
    return out
