"""Draft records from the International Department's English press items.

`extract(item, gazetteer)` reads one item and returns load-format records (a source, the
entities not yet known, one event per contact, statements for the titles it names) and notes
on what the rules could not fill. It imports nothing else from idkb and writes nothing.
"""

from __future__ import annotations

from idkb.extract.engine import Extraction, extract, parse_item
from idkb.extract.gazetteer import Gazetteer, KnownEntity, MemoryGazetteer, name_key
from idkb.extract.text import Item

__all__ = [
    "Extraction",
    "Gazetteer",
    "Item",
    "KnownEntity",
    "MemoryGazetteer",
    "extract",
    "name_key",
    "parse_item",
]
