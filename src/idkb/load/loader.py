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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from idkb.core.batches import batches
from idkb.core.model import (
    LINK_MODELS,
    RECORD_MODELS,
    AliasOf,
    DatasetInfo,
    SameAs,
)
from idkb.core.vocab import LINK_KINDS, TABLES
from idkb.load import csv_records, fastcheck, link_checks, readers
from idkb.load.export import DATASET_FIELDS
from idkb.load.fastcheck import Checked
from idkb.load.ids import LoadIds
from idkb.load.kept import KeptFiles
from idkb.load.problems import Problems
from idkb.load.references import raw_references, references
from idkb.store import bulk, links, records, search_index

READERS: dict[str, Callable[[IO[bytes]], Iterator[readers.Item]]] = {
    "json": readers.read_json, "jsonl": readers.read_jsonl, "csv": csv_records.read_csv,
}

BATCH = 1000
_MODELS: list[type[BaseModel]] = [*RECORD_MODELS.values(), *LINK_MODELS.values(), DatasetInfo]
_FIELD_NAMES = sorted({name for m in _MODELS for name in m.model_fields}
                      | {"source", "locator", "entity", "role", "lang", "note", "ids"})


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


class Loader(Problems):
    """Checks (and, when `write`, inserts) the records of one load."""

    def __init__(self, conn: sqlite3.Connection, *, write: bool, name: str | None = None,
                 replace: bool = False, reserved: bool = True, sha256: str | None = None,
                 known: dict[str, set[str]] | None = None,
                 progress: Callable[[int], None] | None = None,
                 keep: KeptFiles | None = None, big: bool = False) -> None:
        self.conn, self.write, self.name, self.replace = conn, write, name, replace
        self.sha256 = sha256  # of the whole load, when several files make one dataset
        self.reserved = reserved  # the name "seed" is kept for the bundled seed
        self.progress = progress
        self.ids = LoadIds(conn, known)
        self.keep = keep  # the kept copies, written as the records go in
        # A big load drops the secondary indexes and builds them again at the end.
        self.indexes = bulk.drop_indexes(conn) if big and write else []
        self.pending: list[Ref] = []
        Problems.__init__(self)
        self.deleted = False
        self.outcome = Outcome()
        self.current: str | None = None
        self.blocked: str | None = None  # a dataset name already taken (problem reported)
        # Checked records, and (kind, id) of records that failed (their id still counts as
        # read: no second report for each record pointing to it).
        self.batch: list[tuple[Checked | tuple[str, str], str]] = []
        self.links: list[tuple[SameAs | AliasOf, Checked, str]] = []
        self.same_as: list[tuple[list[str], str]] = []  # checked for kinds at the end
        link_checks.setup(conn)

    # --- problems --------------------------------------------------------------------------

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
                                 item.message, "read")
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
            row = records.dataset_row(name, info, inp.file, sha, inp.origin_loaded_at)
            records.insert_dataset_row(self.conn, row)
            if self.keep is not None:
                self.keep.begin(name, {k: row[k] for k in DATASET_FIELDS if row[k] is not None})

    def _report(self, where: str, exc: ValidationError) -> None:
        for err in exc.errors(include_url=False):
            field = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "")
            self.problem(_field(where, _loc("", tuple(err["loc"]))), _message(err),
                         f"{err['type']} {field}")

    def _link(self, where: str, raw: readers.Raw) -> None:
        try:
            record: Any = LINK_MODELS[raw.kind].model_validate(raw.data)
        except ValidationError as exc:
            self._report(where, exc)
            return
        if isinstance(record, SameAs):
            self.same_as.append((record.ids, f"{where}ids"))
        self.links.append((record, Checked(raw.kind, "", [], link_checks.line(raw.kind, record),
                                           list(references(record))), where))

    def _record(self, inp: Input, raw: readers.Raw) -> None:
        where = self._prefix(inp, raw.line, raw.path)
        if raw.kind in LINK_KINDS:
            self._link(where, raw)
            return
        dataset = self.current or ""
        checked = fastcheck.check(raw.kind, raw.data, dataset)
        if checked is None:
            model: type[BaseModel] = RECORD_MODELS[raw.kind]
            try:
                record: Any = model.model_validate(raw.data)
            except ValidationError as exc:
                self._report(where, exc)
                rid = raw.data.get("id") if isinstance(raw.data, dict) else None
                if isinstance(rid, str):
                    self.batch.append(((raw.kind, rid.strip()), where))
                # Its references still count: dangling ones are reported in the same run.
                self.pending += [Ref(k, i, f"{where}{path}")
                                 for k, i, path in raw_references(raw.kind, raw.data)]
                return
            checked = fastcheck.from_model(raw.kind, record, dataset,
                                           records.record_rows(record, dataset),
                                           list(references(record)))
        self.batch.append((checked, where))
        if len(self.batch) + len(self.links) >= BATCH:
            self.flush()

    # --- batches ---------------------------------------------------------------------------

    def flush(self) -> None:
        batch, self.batch = self._unique(self.batch), []
        linked, self.links = self.links, []
        if not batch and not linked:
            return
        self._conflicts(batch)
        self._resolve([*batch, *((c, w) for _, c, w in linked)])
        self.conn.executemany("INSERT OR REPLACE INTO temp.load_kinds VALUES (?, ?)",
                              [(c.id, c.line["kind"]) for c, _ in batch if c.kind == "entity"])
        if self.write and not self.problem_count and self.current is not None:
            records.insert_rows(self.conn, (c.rows for c, _ in batch))
            links.insert(self.conn, self.current, [r for r, _, _ in linked])
            if self.keep is not None:
                self.keep.add(self.current, [c.line for c, _ in batch]
                              + [c.line for _, c, _ in linked])
        self.outcome.records += len(batch) + len(linked)
        if self.progress:
            self.progress(len(batch) + len(linked))

    def _unique(self, batch: list[tuple[Checked | tuple[str, str], str]]
                ) -> list[tuple[Checked, str]]:
        """The batch's valid records that are not duplicates (those are reported); every id
        read is recorded."""
        read: dict[str, set[str]] = {}
        for kind in {item[0] for item, _ in batch}:
            read[kind] = self.ids.read(kind, [
                item.id if isinstance(item, Checked) else item[1]
                for item, _ in batch if item[0] == kind])
        fresh: list[tuple[Checked, str]] = []
        for item, where in batch:
            if not isinstance(item, Checked):
                read[item[0]].add(item[1])
            elif item.id in read[item.kind]:
                self.problem(f"{where}id", f"duplicate {item.kind} id {item.id!r} (ids are "
                                           "unique in a load)", "duplicate")
            else:
                read[item.kind].add(item.id)
                fresh.append((item, where))
        self.ids.add((item[0], item.id if isinstance(item, Checked) else item[1])
                     for item, _ in batch)
        return fresh

    def _existing(self, kind: str, ids: list[str], cols: str = "id") -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        for chunk in batches(ids):
            found += self.conn.execute(
                f"SELECT {cols} FROM {TABLES[kind]} WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
        return found

    def _conflicts(self, batch: list[tuple[Checked, str]]) -> None:
        for kind in TABLES:
            mine = {c.id: where for c, where in batch if c.kind == kind}
            if not mine:
                continue
            for rid, dataset in self._existing(kind, list(mine), "id, dataset"):
                if dataset in (self.current, self.blocked):
                    continue
                if not self.replace:
                    self.conflict(f"{mine[rid]}id", kind, rid, dataset)
                    continue
                self.outcome.replaced.append(f"{kind} {rid!r} replaces the one in dataset "
                                             f"{dataset!r}")
                self.outcome.touched.add(dataset)
                if self.write:
                    records.delete_records(self.conn, kind, [rid])
                    self.deleted = True

    def _resolve(self, batch: list[tuple[Checked, str]]) -> None:
        wanted: dict[str, set[str]] = {}
        for checked, _ in batch:
            for kind, rid, _ in checked.refs:
                wanted.setdefault(kind, set()).add(rid)
        there = {kind: self.ids.present(kind, ids) for kind, ids in wanted.items()}
        for checked, where in batch:  # only a reference not found yet becomes a Ref
            for kind, rid, path in checked.refs:
                if rid not in there[kind]:
                    self.pending.append(Ref(kind, rid, f"{where}{path}"))

    def finish(self) -> None:
        """Report references that never resolved; check nothing was left dangling."""
        self.flush()
        there = {kind: self.ids.present(kind, [r.id for r in self.pending if r.kind == kind])
                 for kind in {r.kind for r in self.pending}}
        for ref in self.pending:
            if ref.id not in there[ref.kind]:
                self.problem(ref.where, f"no {ref.kind} with id {ref.id!r} in this load or the "
                                        "database", "reference")
        self.pending = []
        for where, message in link_checks.mixed_kinds(self.conn, self.same_as):
            self.problem(where, message, "same_as")  # a person is never a country
        if self.indexes:
            bulk.rebuild_indexes(self.conn, self.indexes)
            self.indexes = []
        if self.write and self.deleted and not self.problem_count:
            for line in records.dangling(self.conn):
                self.problem("database", f"{line} (it belonged to a record this load removes)")
        if self.write and not self.problem_count:
            # Datasets that lost records first: their search documents must go before the
            # loaded datasets' documents for the same ids come in.
            for name in [*sorted(self.outcome.touched), *self.outcome.datasets]:
                records.update_counts(self.conn, name)
                search_index.refresh(self.conn, name)
            links.refresh_named(self.conn, self.outcome.datasets)
