"""One item in, draft records and reviewer notes out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from idkb.extract import dates
from idkb.extract.contacts import find_contacts
from idkb.extract.entities import Entities
from idkb.extract.gazetteer import Gazetteer
from idkb.extract.ids import IdSet
from idkb.extract.records import Builder, source_record
from idkb.extract.text import Item, paragraphs, parse_item, split_dateline

__all__ = ["Extraction", "extract", "parse_item"]

Record = dict[str, Any]


@dataclass
class Extraction:
    """The records in load order (source, entities, statements, events) and the notes."""

    records: list[Record] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[Record]:
        return [r for r in self.records if r["record"] == kind]

    @property
    def events(self) -> list[Record]:
        """Empty when the item reports no contact the rules recognise."""
        return self.of("event")


def _published(item: Item) -> date | None:
    try:
        return date.fromisoformat(item.published[:10]) if item.published else None
    except ValueError:
        return None


# Control characters would make every record that quotes them fail to load.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _clean(item: Item) -> Item:
    def c(value: str | None) -> str | None:
        return " ".join(_CONTROL.sub(" ", value).split()) if value else value

    text = _CONTROL.sub(" ", item.text)
    return Item(text, c(item.url), c(item.publisher), c(item.published), c(item.title))


def extract(item: Item, gazetteer: Gazetteer) -> Extraction:
    item = _clean(item)
    paras = paragraphs(item.text)
    dateline, first = split_dateline(paras[0]) if paras else (None, "")
    if paras:
        paras[0] = first
    published = _published(item)
    ref = dates.anchor(dateline, published)
    notes: list[str] = []
    if ref is None:
        missing = "no year in the dateline" if dateline else "no dateline"
        notes.append(f"no publication date and {missing}: days and weekdays not resolved")
    def is_known_party(name: str) -> bool:
        return gazetteer.lookup(name, "party") is not None

    contacts, skipped = find_contacts(paras, dateline, published, ref, is_known_party)
    notes += skipped
    ids = IdSet()
    source = source_record(item, ids, notes)
    entities = Entities(gazetteer, ids)
    builder = Builder(entities, ids, source["id"])
    for contact in contacts:
        notes += contact.notes
        if contact.date is None:
            notes.append(f"para {contact.para}: a {contact.kind} with no date; left out")
            continue
        builder.event(contact)
    notes += entities.notes
    if not item.title and builder.events:
        # No title in the header: the first contact's own title says what the item reports.
        source["title"] = builder.events[0]["title"]
        notes.append(f"no title given; the source is titled {source['title']!r}")
    if not builder.events:
        notes.append("no contact found")
    records = [source, *entities.records, *builder.statements, *builder.events]
    return Extraction(records, list(dict.fromkeys(notes)))
