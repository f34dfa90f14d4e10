"""Naming what the contacts involve: a known entity's id, or a new entity record.

Known entities (looked up in the gazetteer, in every word order a person's name may take) are
referred to by their ids and never repeated; each new one gets one record per output.
"""

from __future__ import annotations

import re
from typing import Any

from idkb.extract import countries
from idkb.extract.gazetteer import Gazetteer, KnownEntity, name_key, person_variants
from idkb.extract.ids import IdSet, slug
from idkb.extract.titles import ID_NAME

Record = dict[str, Any]
_ID_NAMES = (ID_NAME, "International Department", "International Liaison Department", "IDCPC")


class Entities:
    def __init__(self, gazetteer: Gazetteer, ids: IdSet) -> None:
        self.gazetteer = gazetteer
        self.ids = ids
        self.records: list[Record] = []
        self.notes: list[str] = []
        self.countries: dict[str, str | None] = {}  # entity id -> country id, for scoring
        self._made: dict[tuple[str, str], str] = {}
        self.names: dict[str, str] = {}  # known entity id -> the database's name, for titles
        # Parties by name without "of COUNTRY", with that country: "MPLA" is "MPLA of Angola"
        # but "Communist Party of Brazil" is not "Communist Party of Chile".
        self._bases: dict[str, list[tuple[str | None, str]]] = {}

    def _known(self, names: list[str], kind: str) -> KnownEntity | None:
        for n in names:
            if found := self.gazetteer.lookup(n, kind):
                self.names[found.id] = found.name
                return found
        return None

    def _new(self, kind: str, name: str, extra: Record) -> str:
        key = (kind, name_key(name))
        if key not in self._made:
            rid = self.ids.new(slug(name))
            self._made[key] = rid
            record: Record = {"record": "entity", "id": rid, "kind": kind, "name": name}
            record.update({k: v for k, v in extra.items() if v is not None})
            if kind in ("person", "party") and extra.get("country") is None:
                self.notes.append(f"{kind} {name!r} ({rid}): country not stated")
            self.records.append(record)
            self.countries[rid] = extra.get("country")
        return self._made[key]

    def country(self, alpha3: str | None) -> str | None:
        if alpha3 is None:
            return None
        names = countries.official_names(alpha3)
        if known := self._known(names, "country"):
            self.countries[known.id] = known.id
            return known.id
        rid = self._new("country", names[0], {})
        self.countries[rid] = rid
        return rid

    def department(self) -> str:
        if known := self._known(list(_ID_NAMES), "organisation"):
            return known.id
        extra = {"subkind": "party-department", "country": self.country("CHN")}
        return self._new("organisation", ID_NAME, extra)

    def known_person(self, name: str) -> KnownEntity | None:
        return self._known(person_variants(name), "person")

    def person(self, name: str, country: str | None, country_id: str | None = None) -> str:
        """`country` is an ISO code read from the text; `country_id` a country already
        resolved (a known party's), used when the text names none."""
        if known := self.known_person(name):
            self.countries.setdefault(known.id, known.country)
            return known.id
        return self._new("person", name, {"country": self.country(country) or country_id})

    def party(self, name: str, abbreviation: str | None, country: str | None,
              hints: tuple[str, ...] = ()) -> str:
        """"X of Angola" and "X" are one party: the first name the item uses is kept (an
        acronym loses its country: "ZANU-PF of Zimbabwe" is ZANU-PF). `hints` are country
        names to try as "X (COUNTRY)": those of known people whose titles name the party."""
        base, suffix_country = countries.split_suffix(name)
        names = [name, f"the {name}", base] + ([abbreviation] if abbreviation else [])
        # The database writes a name two countries share as "Republican Party (Chile)".
        if suffix_country is not None:
            names.append(f"{base} ({name[len(base):].split(' of ', 1)[1].strip()})")
        names += [f"{base} ({c})" for c in hints]
        if known := self._known(names, "party"):
            self.countries.setdefault(known.id, known.country)
            return known.id
        if base != name and re.fullmatch(r"[A-Z][A-Z0-9-]+", base):
            name = base
        where = suffix_country or country
        for other_country, rid in self._bases.get(name_key(base), []):
            if None in (where, other_country) or where == other_country:
                return rid
        extra: Record = {"country": self.country(where)}
        if abbreviation and abbreviation != name:
            extra["aliases"] = [{"name": abbreviation, "kind": "abbreviation"}]
        rid = self._new("party", name, extra)
        self._bases.setdefault(name_key(base), []).append((where, rid))
        return rid
