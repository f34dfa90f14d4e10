"""Rows of a table of entities made into entity records."""

from __future__ import annotations

from typing import Any

from idkb.core.vocab import ENTITY_KINDS
from idkb.load.mapping import Mapping, cell
from idkb.load.table_plan import Plan, entity, identifiers, value
from idkb.load.table_values import attributes, text_of


def entity_record(plan: Plan, m: Mapping, cells: dict[str, Any], row: int) -> None:
    """One row, one entity: new unless its name already denotes one (then reported)."""
    spec = m.entities
    assert spec is not None and plan.matcher is not None
    before = len(plan.problems)
    name_cell, kind_cell = cell(spec.name), cell(spec.kind)
    name = value(name_cell, cells)
    kind = value(kind_cell, cells)
    if not name:
        plan.problem(row, name_cell.column if name_cell else None, "no name")
    if kind not in ENTITY_KINDS:
        plan.problem(row, kind_cell.column if kind_cell else None,
                     f"unknown kind {kind!r} (expected one of: {', '.join(ENTITY_KINDS)})")
    ids = identifiers(plan, spec.identifiers, cells, row)
    country = value(cell(spec.country), cells)
    place = entity(plan, country, "country", row, None) if country else None
    if len(plan.problems) > before or not name or kind is None:
        return
    found = entity(plan, name, kind, row, None, ids)
    if found is None:
        return
    if not found.new or found.id in plan.row_entities:  # met before: no second record
        where = "the database" if not found.new else f"row {plan.first_row[found.id]}"
        plan.notes.append(f"{plan.table} row {row}: {name!r} is {found.name!r} ({found.id}) "
                          f"from {where}; no new record")
        return
    plan.row_entities.add(found.id)
    aliases = text_of(cells.get(spec.aliases or "")) or ""
    record = {"id": found.id, "kind": kind, "name": name,
              "aliases": [{"name": a.strip()} for a in aliases.split(spec.separator)
                          if a.strip()],
              "summary": value(cell(spec.summary), cells),
              "country": place.id if place else None,
              "website": value(cell(spec.website), cells), "identifiers": ids,
              "attributes": attributes(spec.attributes, cells)}
    plan.add("entity", {k: v for k, v in record.items() if v not in (None, [], {})}, row)
    plan.records += 1

