"""`idkb extract`: press items in, draft records in the load format out; nothing written.

The files are all read and checked first (so a bad one stops the run before any output), then
each is extracted with the database's names as the gazetteer. What the rules could not fill
goes to stderr for the reviewer; the records go to stdout, for `idkb validate` and `idkb load`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from datetime import date

from idkb.cli.actions.common import connect
from idkb.cli.boundary import say
from idkb.core import vocab
from idkb.core.errors import BadInput, NotFound
from idkb.extract import Item, KnownEntity, parse_item
from idkb.extract import extract as read_item
from idkb.extract.batch import Batch
from idkb.query.gazetteer import DatabaseGazetteer
from idkb.render.emit import Text, dumps

_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?")
_URL = re.compile(r"https?://\S+")


class _Names:
    """The database's names in the shape the extraction rules ask for."""

    def __init__(self, names: DatabaseGazetteer) -> None:
        self.names = names

    def lookup(self, name: str, kind: str | None) -> KnownEntity | None:
        found = self.names.lookup(name, kind)
        return KnownEntity(*found) if found else None


def _decode(label: str, data: bytes) -> str:
    if b"\x00" in data:
        raise BadInput(f"{label}: not a text file (it holds NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(f"{label}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset "
                       f"{exc.start:,})") from None
    if not text.strip():
        raise BadInput(f"{label}: the file is empty")
    return text


def _read(name: str) -> str:
    if name == "-":
        return _decode("standard input", sys.stdin.buffer.read())
    try:
        with open(name, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise BadInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BadInput(f"{name}: is a folder, not a file") from None
    except OSError as exc:
        raise BadInput(f"{name}: cannot be read ({exc.strerror})") from None
    return _decode(name, data)


def _checked(label: str, item: Item) -> Item:
    """The item, or BadInput when its publication date or URL cannot be used."""
    if item.published is not None:
        day = _DAY.fullmatch(item.published)  # a time after the day is dropped
        try:
            if day is None:
                raise ValueError
            date.fromisoformat(day.group(1))
        except ValueError:
            raise BadInput(f"{label}: published {item.published!r} is not a date "
                           "(YYYY-MM-DD)") from None
        item = replace(item, published=day.group(1))
    if item.url is not None and not _URL.fullmatch(item.url):
        raise BadInput(f"{label}: url {item.url!r} is not an http(s) address")
    if not item.text.strip():
        raise BadInput(f"{label}: no text after the header")
    return item


def _items(files: list[str], given: dict[str, str | None]) -> list[tuple[str, Item]]:
    if len(files) > 1 and (given["url"] or given["title"]):
        raise BadInput("--url and --title describe one item; with several files, give each "
                       "its own in the file's header (url:, title:)")
    if files.count("-") > 1:
        raise BadInput("'-' (standard input) can be given once")
    out = []
    for name in files:
        label = "standard input" if name == "-" else name
        item = parse_item(_read(name))
        item = replace(item, **{k: v for k, v in given.items() if v is not None})
        out.append((label, _checked(label, item)))
    return out


def _document(records: list[dict[str, object]], fmt: str) -> str:
    if fmt == "jsonl":
        return "".join(dumps(r) + "\n" for r in records)
    doc: dict[str, object] = {"idkb": 1}
    for kind, key in vocab.TABLES.items():
        doc[key] = [{k: v for k, v in r.items() if k != "record"} for r in records
                    if r["record"] == kind]
    return dumps(doc, indent=2) + "\n"


def _tell(label: str, notes: list[str], names: DatabaseGazetteer) -> None:
    for note in notes:
        say(f"{label}: {note}")
    for name, ids in names.ambiguous.items():
        say(f"{label}: {name!r} could be any of {', '.join(ids)}; written as new, check")
    names.ambiguous.clear()


def extract(files: list[str], url: str | None, published: str | None, publisher: str | None,
            title: str | None, fmt: str, db_option: str | None) -> Text:
    given = {"url": url, "published": published, "publisher": publisher, "title": title}
    items = _items(files, given)
    names = DatabaseGazetteer(connect(db_option))
    batch = Batch(_Names(names), names.taken)
    records: list[dict[str, object]] = []
    empty: list[str] = []
    for label, item in items:
        result = read_item(item, batch)
        if not result.events:  # nothing of it is written: the item is read by hand
            empty.append(label)
            _tell(label, [n for n in result.notes if n != "no contact found"], names)
            continue
        result = batch.add(result)
        _tell(label, result.notes, names)
        records += result.records
    if not records:
        raise NotFound("no contact found" if len(items) == 1 else
                       f"no contact found in any of the {len(items)} files")
    failure = NotFound(f"no contact found in {len(empty)} of {len(items)} files: "
                       f"{', '.join(empty)}") if empty else None
    return Text(_document(records, fmt.lower()), failure)
