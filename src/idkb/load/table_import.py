"""`idkb import`: a table of events or entities, read through a mapping, made into records.

Each row becomes one record, or a problem naming its row and column: nothing is dropped
without a word (empty rows are counted and reported). The records go into one dataset with
one source (the table), each cited by its row number, through the same all-or-nothing load as
`idkb load`; a dry run reports what would happen and writes nothing.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from idkb.core.errors import BadInput
from idkb.load import datasets, mapping, record_steps, table_rows
from idkb.load.entity_match import Matcher
from idkb.load.mapping import Cell, EventSpec, Mapping, cell
from idkb.load.table_entities import entity_record
from idkb.load.table_plan import Plan, entity, identifiers, value
from idkb.load.table_values import attributes, iso_date, text_of


def _participants(plan: Plan, m: Mapping, cells: dict[str, Any], row: int) -> list[Any] | None:
    out: dict[str, dict[str, str]] = {}
    ok = True
    for spec in m.participants:
        text = spec.name if spec.name is not None else text_of(cells.get(spec.column or ""))
        names = (text.split(spec.separator) if spec.separator else [text]) if text else []
        # External ids belong to the cell's one name (a list of names has no one id).
        ids = identifiers(plan, spec.identifiers, cells, row) if len(names) == 1 else None
        for name in (n.strip() for n in names):
            if not name:
                continue
            found = entity(plan, spec.map.get(name, name), spec.kind, row, spec.column, ids)
            if found is None:
                ok = False
                continue
            if found.new and spec.country and found.country is None:
                home = text_of(cells.get(spec.country))
                place = entity(plan, home, "country", row, spec.country) if home else None
                found.country = place.id if place else None
            out.setdefault(found.id, {"entity": found.id, "role": spec.role})
    return list(out.values()) if ok else None


def _fields(spec: EventSpec) -> dict[str, Cell | None]:
    """The mapping's values as cells (made once per import, not once per row)."""
    return {key: cell(getattr(spec, key)) for key in ("type", "title", "summary", "location",
                                                      "location_country")}


def _event(plan: Plan, m: Mapping, cells: dict[str, Any], row: int, source: str) -> None:
    spec = m.events
    assert spec is not None
    problems = len(plan.problems)
    raw_date = text_of(cells.get(spec.date.column))
    when = None
    if raw_date is None:
        plan.problem(row, spec.date.column, "no date")
    else:
        try:
            when = iso_date(raw_date, spec.date.format)
        except ValueError as exc:
            plan.problem(row, spec.date.column, f"{raw_date!r} {exc}")
    fields = plan.fields
    values = {key: value(fields[key], cells) for key in ("type", "title", "summary", "location")}
    for key in ("type", "title"):
        if not values[key]:
            c = fields[key]
            plan.problem(row, c.column if c else None, f"no event {key}")
    people = _participants(plan, m, cells, row)
    country = value(fields["location_country"], cells)
    place = entity(plan, country, "country", row, None) if country else None
    if len(plan.problems) > problems or people is None:
        return
    record = {"id": f"{spec.id_prefix or plan.dataset}-{row}",
              **{k: v for k, v in values.items() if v}, "date": when,
              "location_country": place.id if place else None, "participants": people,
              "attributes": attributes(spec.attributes, cells),
              "sources": [{"source": source, "locator": f"row {row}"}]}
    plan.add("event", {k: v for k, v in record.items() if v not in (None, [], {})}, row)
    plan.records += 1


def build(conn: sqlite3.Connection, table: Path, m: Mapping, dataset: str) -> Plan:
    """Every row of `table` made into records (or problems), nothing written."""
    plan = Plan(str(table), dataset)
    spec = m.events or m.entities
    assert spec is not None
    plan.matcher = Matcher(conn, dataset, prefix=spec.id_prefix if m.entities else None)
    if m.events is not None:
        plan.fields = _fields(m.events)
    fmt = table_rows.table_format(table, m.table.format)
    missing = mapping.missing_columns(m, table_rows.header(table, fmt), "mapping", str(table))
    if missing:
        raise BadInput(f"the mapping names {len(missing)} column(s) the table does not have; "
                       "nothing was imported", missing)
    source = m.source.model_dump(exclude_none=True)
    for row in table_rows.rows(table, fmt):
        plan.rows += 1
        if row.problem is not None:
            plan.problem(row.number, None, row.problem)
        elif not row.cells:
            plan.empty.append(row.number)
        elif m.events is not None:
            _event(plan, m, row.cells, row.number, source["id"])
        else:
            entity_record(plan, m, row.cells, row.number)
    body, rows = plan.items, plan.item_rows
    plan.items, plan.item_rows = [], []
    plan.add("dataset", _dataset_info(m, dataset), None)
    plan.add("source", source, None)
    for kind, found in plan.matcher.entities():
        if found.new and found.id not in plan.row_entities:
            plan.add("entity", {"id": found.id, "kind": kind, "name": found.name,
                                **({"country": found.country} if found.country else {}),
                                **({"identifiers": found.identifiers} if found.identifiers
                                   else {})},
                     plan.first_row.get(found.id))
    plan.items += body
    plan.item_rows += rows
    return plan


def _dataset_info(m: Mapping, dataset: str) -> dict[str, Any]:
    info = m.dataset.model_dump(exclude_none=True) if m.dataset else {}
    return {**info, "name": dataset}


def dataset_name(m: Mapping, table: Path, name: str | None) -> str:
    if name:
        return name
    if m.dataset is not None:
        return m.dataset.name
    return re.sub(r"[^a-z0-9]+", "-", table.stem.lower()).strip("-")[:120] or "import"


def _rows_named(exc: BadInput, plan: Plan, label: str) -> BadInput:
    """The load's problems, with the records' numbers turned back into table rows."""
    pattern = re.compile(rf"^{re.escape(label)}:(\d+): ")

    def back(line: str) -> str:
        hit = pattern.match(line)
        if not hit or int(hit[1]) > len(plan.item_rows):
            return line
        row = plan.item_rows[int(hit[1]) - 1]
        where = f"{plan.table} row {row}: " if row else f"{plan.table} (the mapping's records): "
        return where + line[hit.end():]

    return BadInput(exc.message.replace("nothing was loaded", "nothing was imported"),
                    [back(d) for d in exc.details])


def run(db: Path, table: str, map_file: str, *, name: str | None = None,
        dry_run: bool = False, replace: bool = False) -> dict[str, Any]:
    """Import `table` into the database at `db` (or, with `dry_run`, only report)."""
    m = mapping.read(Path(map_file))
    path = Path(table)
    dataset = dataset_name(m, path, name)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        plan = build(conn, path, m, dataset)
        assert plan.matcher is not None
        if dry_run:
            plan.matcher.add_nearest()
    if plan.problems and not dry_run:
        raise BadInput(f"{len(plan.problems):,} row problem(s) in {table}; nothing was imported",
                       plan.problems)
    made = record_steps.made_input(table, plan.items)
    written = not dry_run
    try:
        steps = functools.partial(record_steps.steps, made, dataset, plan.items)
        outcome = datasets.load_made(db, made, steps, name=dataset, check_only=dry_run,
                                     replace=replace)
        plan.notes += [f"{line}; nothing changed" for line in outcome.unchanged]
        written = written and not outcome.unchanged
    except BadInput as exc:
        if not dry_run:
            raise _rows_named(exc, plan, table) from None
        plan.problems += _rows_named(exc, plan, table).details
    return report(plan, written=written)


def report(plan: Plan, written: bool) -> dict[str, Any]:
    assert plan.matcher is not None
    found = plan.matcher.entities()
    return {
        "table": plan.table, "dataset": plan.dataset, "written": written, "rows": plan.rows,
        "records": plan.records, "empty_rows": plan.empty,
        "matched": [{"name": f.name, "kind": k, "id": f.id, "rows": f.rows}
                    for k, f in found if not f.new],
        "new": [{"name": f.name, "kind": k, "id": f.id, "rows": f.rows, "nearest": f.nearest}
                for k, f in found if f.new],
        "notes": plan.notes, "problems": plan.problems,
    }

