"""What an import has made so far: its records, its problems, its entities."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from idkb.core import json_text
from idkb.core.model import Entity
from idkb.load.entity_match import Found, Matcher
from idkb.load.mapping import Cell
from idkb.load.table_values import TextView, text_of


@dataclass
class Plan:
    table: str
    dataset: str
    rows: int = 0
    records: int = 0
    problems: list[str] = field(default_factory=list)
    empty: list[int] = field(default_factory=list)
    # The records, each a JSON line with its "record" field (see `add`).
    items: list[bytes] = field(default_factory=list)
    item_rows: list[int | None] = field(default_factory=list)  # the row each record came from
    matcher: Matcher | None = None
    first_row: dict[str, int] = field(default_factory=dict)  # new entity id -> row
    row_entities: set[str] = field(default_factory=set)  # entities made by a row of their own
    notes: list[str] = field(default_factory=list)  # rows that made no record, and why
    fields: dict[str, Cell | None] = field(default_factory=dict)  # the mapping's event values

    def add(self, kind: str, record: dict[str, Any], row: int | None) -> None:
        # As JSON lines, 100,000 records take a fifth of the memory they take as objects, the
        # garbage collector has nothing to go through, and the load checks each as it parses
        # it, as it checks a JSON Lines file (several times faster than from a dict). The same
        # record always gives the same bytes (the load's checksum is taken over them).
        self.items.append(json_text.exact_line({"record": kind, **record}))
        self.item_rows.append(row)

    def problem(self, row: int, column: str | None, message: str) -> None:
        where = f"{self.table} row {row}" + (f", column {column!r}" if column else "")
        self.problems.append(f"{where}: {message}")


def value(c: Cell | None, cells: dict[str, Any]) -> str | None:
    if c is None:
        return None
    if c.value is not None:
        return c.value
    if c.template is not None:
        filled = c.template.format_map(TextView(cells))
        return " ".join(filled.split()) or None
    found = text_of(cells.get(c.column or ""))
    return c.map.get(found, found) if found is not None else None


def entity(plan: Plan, name: str, kind: str, row: int, column: str | None,
           ids: dict[str, str] | None = None) -> Found | None:
    assert plan.matcher is not None
    found = plan.matcher.find(name, kind, row, ids)
    if isinstance(found, str):
        plan.problem(row, column, found)
        return None
    if found.new:
        plan.first_row.setdefault(found.id, row)
    return found


def identifiers(plan: Plan, columns: dict[str, str], cells: dict[str, Any],
                row: int) -> dict[str, str]:
    """The external ids a row gives (scheme -> column), each checked like the load format's."""
    found: dict[str, str] = {}
    for scheme, column in columns.items():
        code = text_of(cells.get(column))
        if code is None:
            continue
        try:
            Entity.model_validate({"id": "x", "kind": "person", "name": "x",
                                   "identifiers": {scheme: code}})
        except ValidationError as exc:
            plan.problem(row, column, exc.errors()[0]["msg"].removeprefix("Value error, "))
            continue
        found[scheme] = code
    return found
