"""Contacts to load-format records: the source, new entities, events and statements."""

from __future__ import annotations

import re
from typing import Any

from idkb.extract import countries, dates, titles
from idkb.extract.contacts import Contact
from idkb.extract.entities import Entities
from idkb.extract.ids import IdSet, slug
from idkb.extract.people import PartyMention, PersonMention
from idkb.extract.text import Item

Record = dict[str, Any]
_LABEL = {
    "meeting": "meets", "talks": "holds talks with", "visit": "visit:",
    "video-call": "holds a video call with", "phone-call": "has a phone call with",
    "forum": "forum:", "letter": "writes to", "other": "and",
}


_URL = re.compile(r"^https?://\S+$")
_ISO = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def lead(text: str, width: int = 80) -> str:
    """The text's first sentence, cut at a word (not mid-word) if it is longer than `width`."""
    first = re.split(r"(?<=[.!?])\s", " ".join(text.split()), maxsplit=1)[0]
    if len(first) <= width:
        return first
    return first[:width].rsplit(" ", 1)[0].rstrip(",;:-—") + " ..."


def source_record(item: Item, ids: IdSet, notes: list[str]) -> Record:
    """The item as a source; a header value the load format would refuse is left out."""
    title = item.title or lead(item.text) or "Untitled item"
    published = item.published if item.published and _ISO.match(item.published) else None
    base = "-".join(p for p in (slug(item.publisher or "item", 30), published or "") if p)
    record: Record = {"record": "source", "id": ids.new(f"{base}-{slug(title, 50)}"),
                      "title": title[:300], "kind": "news"}
    if item.publisher:
        record["publisher"] = item.publisher[:300]
    if item.url and _URL.match(item.url) and len(item.url) <= 2000:
        record["url"] = item.url
    elif item.url:
        notes.append(f"url {item.url[:80]!r} is not an http(s) address; left out")
    if published:
        record["published"] = published
    elif item.published:
        notes.append(f"published {item.published[:40]!r} is not a YYYY-MM-DD date; left out")
    return record


def _party_country(party: PartyMention, contact: Contact) -> str | None:
    inside = [c for _, c in countries.find(party.name)]
    if inside:
        return inside[0]
    others = set(contact.countries)
    return others.pop() if len(others) == 1 else None


def _person_country(person: PersonMention, parties: list[PartyMention],
                    contact: Contact) -> str | None:
    if person.department:
        return "CHN"
    in_title = [c for _, c in countries.find(person.title)]
    if in_title:
        return in_title[0]
    for party in parties:
        if party.name in person.title or (party.abbreviation or "\0") in person.title:
            return _party_country(party, contact)
    others = set(contact.countries)
    return others.pop() if len(others) == 1 else None


def _names(person: PersonMention, party: PartyMention) -> bool:
    """Does the person's title name the party?"""
    return party.name in person.title or (party.abbreviation or "\0") in person.title


class Builder:
    def __init__(self, entities: Entities, ids: IdSet, source: str) -> None:
        self.entities, self.ids, self.source = entities, ids, source
        self.events: list[Record] = []
        self.statements: list[Record] = []
        self._statement_ids: set[str] = set()

    def _participants(self, c: Contact) -> tuple[list[Record], list[str]]:
        """The participants, and their names as the text gives them (for the title)."""
        parts: list[Record] = []
        names: list[str] = []

        def add(eid: str, role: str, name: str) -> None:
            if all(p["entity"] != eid for p in parts):
                parts.append({"entity": eid, "role": role})
                names.append(self.entities.names.get(eid, name))  # the database's spelling

        for p in c.officials:
            add(self.entities.person(p.name, "CHN"), "participant", p.name)
        if c.department or c.officials:
            add(self.entities.department(), "participant", "International Department")
        party_ids: dict[str, str] = {}
        for party in c.parties:
            pid = self._party(party, c)
            party_ids[party.name] = pid
            add(pid, "counterpart", party.name)
        for p in c.people:
            add(self.entities.person(p.name, _person_country(p, c.parties, c),
                                     self._country_via_party(p, c, party_ids)),
                "counterpart", p.name)
        # A country is a participant only when no party or person already stands for it.
        held = [self.entities.countries.get(p["entity"]) or "" for p in parts]
        for alpha3 in dict.fromkeys(c.countries):
            cid = self.entities.country(alpha3)
            if cid and cid not in held:
                add(cid, "counterpart", countries.display_name(alpha3))
        return parts, names

    def _party(self, party: PartyMention, c: Contact) -> str:
        """A party's id; a known person whose title names it suggests its country."""
        hints = tuple(
            known.country.replace("-", " ").title()
            for p in c.people if _names(p, party)
            and (known := self.entities.known_person(p.name)) and known.country)
        return self.entities.party(party.name, party.abbreviation, _party_country(party, c),
                                   hints)

    def _country_via_party(self, person: PersonMention, c: Contact,
                           party_ids: dict[str, str]) -> str | None:
        """A known party's country, for a person whose title names that party."""
        for party in c.parties:
            if party.name in person.title or (party.abbreviation or "\0") in person.title:
                return self.entities.countries.get(party_ids.get(party.name, ""))
        return None

    def event(self, c: Contact) -> None:
        assert c.date is not None
        parts, names = self._participants(c)
        lead = names[0] if names else "International Department"
        other = next((n for n, p in zip(names, parts, strict=True)
                      if p["role"] == "counterpart"), "")
        base = f"{dates.slug(c.date)}-{slug(lead, 30)}-{slug(other or c.kind, 40)}"
        record: Record = {"record": "event", "id": self.ids.new(base), "type": c.kind,
                          "title": f"{lead} {_LABEL[c.kind]} {other}".strip()[:300],
                          "date": c.date}
        if c.city:
            record["location"] = c.city
        if c.country:
            record["location_country"] = self.entities.country(c.country)
        record["participants"] = parts
        record["sources"] = [{"source": self.source, "locator": f"para {c.para}"}]
        self.events.append(record)
        for person in [*c.officials, *c.people]:
            self._statement(person, c)

    def _statement(self, person: PersonMention, c: Contact) -> None:
        """"X, general secretary of the Y Party": X heads Y, as of the contact's date."""
        obj: str | None = None
        if person.department:
            obj = self.entities.department()
        else:
            obj = next((self._party(party, c) for party in c.parties
                        if _names(person, party)), None)
        if obj is None or c.date is None:
            return
        subject = self.entities.person(person.name, None)
        pred = titles.predicate(person.title, of_party=not person.department)
        # One statement per holder and office in an item: a delegation met again later in
        # the item does not restate its leader's title.
        if (key := f"{subject} {pred} {obj}") in self._statement_ids:
            return
        self._statement_ids.add(key)
        sid = slug(f"{subject}-{pred}-{obj}", 100) + "-" + dates.slug(c.date)
        self.statements.append({
            "record": "statement", "id": self.ids.new(sid), "subject": subject,
            "predicate": pred, "object": obj, "title": titles.office(person.title)[:300],
            # As precise as the text: a title given for a visit of several days holds
            # through it, so the interval (or "on or before") is kept as the text has it.
            "as_of": c.date,
            "sources": [{"source": self.source, "locator": f"para {person.para or c.para}"}],
        })
