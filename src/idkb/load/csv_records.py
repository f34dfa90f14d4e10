"""Reading CSV load files: events or entities with documented columns, one record per row.

Lists go in one cell, separated by ";": participants as `entity:role`, sources as
`source#locator`, aliases as `name|lang|kind`. See docs/load-format.md.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import IO, Any

from idkb.load.readers import Item, Problem, Raw, StopReading, text_lines

EVENT_COLUMNS = ("id", "type", "title", "summary", "date", "location", "location_country",
                 "certainty", "participants", "sources")
ENTITY_COLUMNS = ("id", "kind", "subkind", "name", "short_name", "aliases", "summary", "country",
                  "website")
REQUIRED_COLUMNS = {"event": ("id", "type", "title", "date", "sources"),
                    "entity": ("id", "kind", "name")}


def read_csv(stream: IO[bytes]) -> Iterator[Item]:
    """CSV of events or of entities (told apart by their columns), one record per row."""
    try:
        yield from _csv_rows(text_lines(stream))
    except StopReading as stop:
        yield stop.problem
    except csv.Error as exc:
        yield Problem(None, "", f"malformed CSV: {exc}")


def _csv_rows(lines: Iterator[str]) -> Iterator[Item]:
    reader = csv.reader(lines, strict=True)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        yield Problem(None, "", "the file is empty (expected a header row of column names)")
        return
    columns = [c.strip() for c in header]
    kind = "event" if "date" in columns else "entity" if "kind" in columns else None
    if kind is None:
        yield Problem(1, "", "cannot tell the rows apart: expected event columns ("
                             f"{','.join(EVENT_COLUMNS)}) or entity columns "
                             f"({','.join(ENTITY_COLUMNS)})")
        return
    known = EVENT_COLUMNS if kind == "event" else ENTITY_COLUMNS
    bad = [c for c in columns if c not in known]
    missing = [c for c in REQUIRED_COLUMNS[kind] if c not in columns]
    faults = []
    if bad:
        faults.append(f"unknown column(s) {', '.join(map(repr, bad))}")
    if missing:
        faults.append(f"missing column(s) {', '.join(missing)}")
    if len(set(columns)) != len(columns):
        faults.append("a column comes twice")
    if faults:
        yield Problem(1, "", f"bad header for {kind} rows: {'; '.join(faults)} "
                             f"(expected: {','.join(known)})")
        return
    parse = _CELL_PARSERS
    start = reader.line_num + 1
    for row in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(columns):
            yield Problem(line, "", f"expected {len(columns)} cells, found {len(row)}")
            continue
        data = {c: parse.get(c, _text)(v) for c, v in zip(columns, row, strict=True)
                if v.strip()}
        yield Raw(kind, data, line, "")


def _text(cell: str) -> str:
    return cell


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _participants(cell: str) -> list[dict[str, str]]:
    out = []
    for part in _split(cell):
        entity, _, role = part.partition(":")
        out.append({"entity": entity.strip(), **({"role": role.strip()} if role else {})})
    return out


def _citations(cell: str) -> list[dict[str, str]]:
    out = []
    for part in _split(cell):
        source, _, locator = part.partition("#")
        out.append({"source": source.strip(), **({"locator": locator.strip()} if locator else {})})
    return out


def _aliases(cell: str) -> list[dict[str, str]]:
    out = []
    for part in _split(cell):
        bits = [b.strip() for b in part.split("|")]
        alias = {"name": bits[0]}
        if len(bits) > 1 and bits[1]:
            alias["lang"] = bits[1]
        if len(bits) > 2 and bits[2]:
            alias["kind"] = bits[2]
        out.append(alias)
    return out


_CELL_PARSERS: dict[str, Callable[[str], Any]] = {
    "participants": _participants, "sources": _citations, "aliases": _aliases,
}
