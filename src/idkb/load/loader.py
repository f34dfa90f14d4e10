"""Checking load files record by record, and writing them inside the caller's transaction.

Every check `idkb load` makes lives here, so `idkb validate` runs exactly the same ones. Records
stream through in batches: each is validated with the pydantic models, its id checked against
the rest of the load and the database, its references looked up; only sets of ids (and the few
references that point forward in the file) are kept in memory. Every problem is collected with
its file, line, JSON path, field, value and what was expected; once there is one, nothing more
is written and the caller rolls back.
"""

from __future__ import annotations

import difflib
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from idkb.core.batches import batches
from idkb.core.model import RECORD_MODELS, DatasetInfo, Entity, Event, Statement
from idkb.core.vocab import TABLES
from idkb.load import csv_records, readers
from idkb.store import records, search_index
from idkb.store.records import Record

READERS: dict[str, Callable[[IO[bytes]], Iterator[readers.Item]]] = {
    "json": readers.read_json, "jsonl": readers.read_jsonl, "csv": csv_records.read_csv,
}

BATCH = 1000
MAX_SHOWN = 1000  # problems listed in full; the rest are counted
_MODELS: list[type[BaseModel]] = [*RECORD_MODELS.values(), DatasetInfo]
_FIELD_NAMES = sorted({name for m in _MODELS for name in m.model_fields}
                      | {"source", "locator", "entity", "role", "lang", "note"})


@dataclass(frozen=True)
class Input:
    """One file to read: what messages call it, what the registry records, where it is."""

    label: str
    file: str
    path: Path
    sha256: str
    fmt: str
    size: int
    origin_loaded_at: str | None = None  # set when rebuilding from a kept file


@dataclass(frozen=True)
class Ref:
    kind: str
    id: str
    where: str


@dataclass
class Outcome:
    datasets: list[str] = field(default_factory=list)  # written (new or replaced)
    replaced_datasets: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # "file: already loaded as 'x'"
    replaced: list[str] = field(default_factory=list)  # one line per record replaced
    touched: set[str] = field(default_factory=set)  # other datasets that lost records
    records: int = 0


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120] or "data"


def show(value: Any) -> str:
    """A bad value as the message shows it: repr, cut short when long."""
    if isinstance(value, str) and len(value) > 60:
        return f"{value[:40]!r}… ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= 80 else text[:70] + "…"


def _loc(prefix: str, loc: tuple[int | str, ...]) -> str:
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _message(err: Any) -> str:
    kind, msg, value = err["type"], err["msg"], err.get("input")
    if kind == "missing":
        return "is required"
    if kind == "extra_forbidden":
        name = str(err["loc"][-1]) if err["loc"] else ""
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown field{hint}"
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
        return msg if show(value) in msg or "{" in show(value)[:1] else f"{show(value)}: {msg}"
    if kind in ("model_type", "model_attributes_type"):
        return f"{show(value)}: expected an object with named fields"
    return f"{show(value)}: {msg[0].lower()}{msg[1:]}"


def _field(prefix: str, path: str) -> str:
    return prefix + path if path else prefix.rstrip(": .")


def _references(record: Record) -> Iterable[tuple[str, str, str]]:
    """(kind, id, field path) for every other record this one points to."""
    if isinstance(record, Entity):
        if record.country:
            yield "entity", record.country, "country"
        return
    if isinstance(record, Statement):
        yield "entity", record.subject, "subject"
        if record.object:
            yield "entity", record.object, "object"
    elif isinstance(record, Event):
        if record.location_country:
            yield "entity", record.location_country, "location_country"
        for i, p in enumerate(record.participants):
            yield "entity", p.entity, f"participants[{i}].entity"
    else:
        return
    for i, c in enumerate(record.sources):
        yield "source", c.source, f"sources[{i}].source"


# Where each record type names other records: (field, kind) and (list, field in each, kind).
_RAW_FIELDS = {"entity": (("country", "entity"),),
               "statement": (("subject", "entity"), ("object", "entity")),
               "event": (("location_country", "entity"),)}
_RAW_LISTS = {"statement": (("sources", "source", "source"),),
              "event": (("participants", "entity", "entity"), ("sources", "source", "source"))}


def _raw_references(kind: str, data: object) -> Iterable[tuple[str, str, str]]:
    """The references of a record that failed its field checks, read from its raw fields as
    far as they look right: its dangling references are reported in the same run."""
    if not isinstance(data, dict):
        return
    for key, target in _RAW_FIELDS.get(kind, ()):
        if isinstance(data.get(key), str) and data[key].strip():
            yield target, data[key].strip(), key
    for name, key, target in _RAW_LISTS.get(kind, ()):
        items = data.get(name)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                yield target, item[key].strip(), f"{name}[{i}].{key}"


class Loader:
    """Checks (and, when `write`, inserts) the records of one load."""

    def __init__(self, conn: sqlite3.Connection, *, write: bool, name: str | None = None,
                 replace: bool = False, reserved: bool = True, sha256: str | None = None,
                 known: dict[str, set[str]] | None = None,
                 progress: Callable[[int], None] | None = None) -> None:
        self.conn, self.write, self.name, self.replace = conn, write, name, replace
        self.sha256 = sha256  # of the whole load, when several files make one dataset
        self.reserved = reserved  # the name "seed" is kept for the bundled seed
        self.known = known or {}  # ids that count as present though not in the database yet
        self.progress = progress
        self.seen: dict[str, set[str]] = {kind: set() for kind in TABLES}
        self.pending: list[Ref] = []
        self.problems: list[str] = []
        self.problem_count = 0
        self.deleted = False
        self.outcome = Outcome()
        self.current: str | None = None
        self.blocked: str | None = None  # a dataset name already taken (problem reported)
        self.batch: list[tuple[Record, str]] = []

    # --- problems --------------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_SHOWN:
            self.problems.append(f"{where}: {message}")

    def _prefix(self, inp: Input, line: int | None, path: str) -> str:
        """What goes before a field's name in a message: 'f.json:12: events[3].'."""
        place = f"{inp.label}:{line}" if line else inp.label
        return f"{place}: {path}." if path else f"{place}: "

    # --- reading ---------------------------------------------------------------------------

    def load(self, inp: Input) -> None:
        """Read one file to the end, checking (and writing) what it holds."""
        if not self.name:
            self.current = None
        before = self.problem_count
        with inp.path.open("rb") as stream:
            for item in READERS[inp.fmt](stream):
                if isinstance(item, readers.Problem):
                    self.problem(_field(self._prefix(inp, item.line, ""), item.path),
                                 item.message)
                elif item.kind == "dataset":
                    self._dataset(inp, item)
                else:
                    if self.current is None:
                        self._begin(inp, None)
                    self._record(inp, item)
        self.flush()
        if self.current is None and self.problem_count == before:
            self._begin(inp, None)  # a valid file with no records still makes a dataset

    def _dataset(self, inp: Input, raw: readers.Raw) -> None:
        where = self._prefix(inp, raw.line, raw.path or "dataset")
        if self.current is not None and not self.name:
            self.problem(_field(where, ""), "the dataset entry must come before the records")
            return
        try:
            info = DatasetInfo.model_validate(raw.data)
        except ValidationError as exc:
            self._report(where, exc)
            return
        if self.current is None:
            self._begin(inp, info, _field(where, ""))

    def _begin(self, inp: Input, info: DatasetInfo | None, where: str | None = None) -> None:
        name = self.name or (info.name if info else None) or slug(
            Path(inp.label).stem if inp.label != "stdin" else "stdin")
        self.current = name
        where = where or inp.label
        if name in self.outcome.datasets:
            self.problem(where, f"dataset {name!r} comes twice in this load (use --name to "
                                "load several files as one dataset)")
            return
        self.outcome.datasets.append(name)
        if name == "seed" and self.reserved:
            self.problem(where, "the dataset name 'seed' is kept for the bundled seed "
                                "(choose another with --name)")
            return
        row = self.conn.execute("SELECT file, loaded_at FROM datasets WHERE name = ?",
                                (name,)).fetchone()
        if row is not None and not self.replace:
            self.blocked = name
            self.problem(where, f"a dataset named {name!r} is already loaded (from {row[0]}, "
                                f"{row[1]}); add --replace to replace it, or --name NEW to "
                                "load beside it")
            return
        if row is not None:
            self.outcome.replaced_datasets.append(name)
        if self.write:
            if row is not None:
                records.delete_dataset(self.conn, name)
                self.deleted = True
            sha = self.sha256 or inp.sha256
            records.insert_dataset_row(self.conn, records.dataset_row(
                name, info, inp.file, sha, inp.origin_loaded_at))

    def _report(self, where: str, exc: ValidationError) -> None:
        for err in exc.errors(include_url=False):
            self.problem(_field(where, _loc("", tuple(err["loc"]))), _message(err))

    def _record(self, inp: Input, raw: readers.Raw) -> None:
        where = self._prefix(inp, raw.line, raw.path)
        model: type[BaseModel] = RECORD_MODELS[raw.kind]
        seen = self.seen[raw.kind]
        try:
            record: Any = model.model_validate(raw.data)
        except ValidationError as exc:
            self._report(where, exc)
            rid = raw.data.get("id") if isinstance(raw.data, dict) else None
            if isinstance(rid, str):
                seen.add(rid.strip())  # so records pointing to it are not reported as well
            self._loose([Ref(k, i, f"{where}{path}")
                         for k, i, path in _raw_references(raw.kind, raw.data)])
            return
        if record.id in seen:
            self.problem(f"{where}id",
                         f"duplicate {raw.kind} id {record.id!r} (ids are unique in a load)")
            return
        seen.add(record.id)
        self.batch.append((record, where))
        if len(self.batch) >= BATCH:
            self.flush()

    # --- batches ---------------------------------------------------------------------------

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        self._conflicts(batch)
        self._resolve(batch)
        if self.write and not self.problem_count and self.current is not None:
            records.insert_records(self.conn, self.current, [r for r, _ in batch])
        self.outcome.records += len(batch)
        if self.progress:
            self.progress(len(batch))

    def _existing(self, kind: str, ids: list[str], cols: str = "id") -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        for chunk in batches(ids):
            found += self.conn.execute(
                f"SELECT {cols} FROM {TABLES[kind]} WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
        return found

    def _conflicts(self, batch: list[tuple[Record, str]]) -> None:
        for kind in TABLES:
            mine = {r.id: where for r, where in batch if records.kind_of(r) == kind}
            if not mine:
                continue
            for rid, dataset in self._existing(kind, list(mine), "id, dataset"):
                if dataset in (self.current, self.blocked):
                    continue
                if not self.replace:
                    self.problem(f"{mine[rid]}id", f"{kind} id {rid!r} already exists in "
                                                  f"dataset {dataset!r} (add --replace to "
                                                  "replace it)")
                    continue
                self.outcome.replaced.append(f"{kind} {rid!r} replaces the one in dataset "
                                             f"{dataset!r}")
                self.outcome.touched.add(dataset)
                if self.write:
                    records.delete_records(self.conn, kind, [rid])
                    self.deleted = True

    def _resolve(self, batch: list[tuple[Record, str]]) -> None:
        self._loose([Ref(kind, rid, f"{where}{path}") for record, where in batch
                     for kind, rid, path in _references(record)])

    def _loose(self, refs: list[Ref]) -> None:
        """Keep the references that are neither in this load so far nor in the database."""
        loose = [r for r in refs if r.id not in self.seen[r.kind]
                 and r.id not in self.known.get(r.kind, ())]
        for kind in TABLES:
            ids = sorted({r.id for r in loose if r.kind == kind})
            if not ids:
                continue
            there = {row[0] for row in self._existing(kind, ids)}
            self.pending += [r for r in loose if r.kind == kind and r.id not in there]

    def finish(self) -> None:
        """Report references that never resolved; check nothing was left dangling."""
        self.flush()
        for ref in self.pending:
            if ref.id not in self.seen[ref.kind]:
                self.problem(ref.where, f"no {ref.kind} with id {ref.id!r} in this load or the "
                                        "database")
        self.pending = []
        if self.write and self.deleted and not self.problem_count:
            for line in records.dangling(self.conn):
                self.problem("database", f"{line} (it belonged to a record this load removes)")
        if self.write and not self.problem_count:
            # Datasets that lost records first: their search documents must go before the
            # loaded datasets' documents for the same ids come in.
            for name in [*sorted(self.outcome.touched), *self.outcome.datasets]:
                records.update_counts(self.conn, name)
                search_index.refresh(self.conn, name)
