"""Checking load files record by record, and writing them inside the caller's transaction.

Every check `idkb load` makes lives here and in `checking`, so `idkb validate` runs exactly the
same ones. Records stream through in batches: each is checked on its own (`checking`, perhaps in
a second process: `pipeline`), then here its id is checked against the rest of the load and the
database and its references looked up; only the few references that point forward in the file
are kept in memory. Every problem is collected with its file, line, JSON path, field, value and
what was expected; once there is one, nothing more is written and the caller rolls back.

A big load first tries the optimistic way (`optimistic`): valid records come packed by table
(`checking.Rows`) and go straight in, each table's primary key refusing a duplicate and the
references checked against what the database holds after each batch. Only a load with nothing
wrong gets through that way; at the first sign of a problem (one reported, a duplicate, a
reference not found by the end) it raises `Unsure`, the caller rolls back and loads again the
careful way above, which finds and words every problem as always.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from idkb.core.batches import batches
from idkb.core.model import LINK_MODELS, DatasetInfo
from idkb.core.vocab import LINK_KINDS, TABLES
from idkb.load import checking, link_checks, pipeline
from idkb.load.checking import (
    Begin,
    Dangling,
    End,
    Input,
    Op,
    Ready,
    Report,
    Rows,
    Start,
    Verdict,
    Verdicts,
)
from idkb.load.export import DATASET_FIELDS
from idkb.load.ids import LoadIds
from idkb.load.kept import KeptFiles
from idkb.load.problems import Problems
from idkb.store import bulk, links, records, search_index

__all__ = ["Input", "Loader", "Outcome", "Unsure"]

BATCH = 1000


class Unsure(Exception):
    """An optimistic load met something only the careful way words right."""


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


def _link(ready: checking.Ready) -> Any:
    """A checked same-as or alias record, read back from its kept line (they are few)."""
    data = json.loads(ready.line)
    del data["record"]
    return LINK_MODELS[ready.kind].model_validate(data)


class Loader(Problems):
    """Checks (and, when `write`, inserts) the records of one load."""

    def __init__(self, conn: sqlite3.Connection, *, write: bool, name: str | None = None,
                 replace: bool = False, reserved: bool = True, sha256: str | None = None,
                 known: dict[str, set[str]] | None = None,
                 progress: Callable[[int], None] | None = None,
                 keep: KeptFiles | None = None, big: bool = False,
                 optimistic: bool = False) -> None:
        self.conn, self.write, self.name, self.replace = conn, write, name, replace
        self.sha256 = sha256  # of the whole load, when several files make one dataset
        self.reserved = reserved  # the name "seed" is kept for the bundled seed
        self.progress = progress
        self.ids = LoadIds(conn, known)
        self.keep = keep  # the kept copies, written as the records go in
        # A big load drops the secondary indexes and full-text triggers and builds them again
        # at the end.
        self.aside = bulk.set_aside(conn) if big and write else bulk.SetAside()
        self.pending: list[Ref] = []
        Problems.__init__(self)
        self.deleted = False
        self.outcome = Outcome()
        self.current: str | None = None
        self.blocked: str | None = None  # a dataset name already taken (problem reported)
        # Checked records, and (kind, id) of records that failed (their id still counts as
        # read: no second report for each record pointing to it).
        self.batch: list[tuple[Ready | tuple[str, str], str]] = []
        self.batches = 0  # batches flushed so far
        self.same_as: list[tuple[list[str], str]] = []  # checked for kinds at the end
        self.optimistic = optimistic
        self.unsure: defaultdict[str, set[str]] = defaultdict(set)  # not found yet (by kind)
        link_checks.setup(conn)

    # --- reading ---------------------------------------------------------------------------

    def load(self, inputs: list[Input], steps: Generator[Op, None, None] | None = None) -> None:
        """Read the files to the end, in order, checking (and writing) what they hold. The
        reading and checking may happen in a second process (`pipeline`); the steps it sends
        are applied here, in file order. `steps` made elsewhere (from records in memory: see
        `record_steps`) are applied instead of reading the files."""
        steps = pipeline.ops(inputs, self.name, self.optimistic) if steps is None else steps
        before = self.problem_count
        try:
            for op in steps:
                if isinstance(op, Rows):
                    self._insert(op)
                elif isinstance(op, Verdicts):
                    self._add(op.items)
                elif isinstance(op, Verdict):
                    self.batch.append((op.record, op.where))
                    if len(self.batch) >= BATCH:
                        self.flush()
                elif isinstance(op, Report):
                    self.problem(op.where, op.message)
                elif isinstance(op, Dangling):
                    self.pending += [Ref(*ref) for ref in op.refs]
                elif isinstance(op, Begin):
                    self._begin(inputs[op.file], op.name, op.info, op.where)
                elif isinstance(op, Start):
                    if not self.name:
                        self.current = None
                    before = self.problem_count
                elif isinstance(op, End):
                    self.flush()
                    if self.current is None and self.problem_count == before:
                        # a valid file with no records still makes a dataset
                        inp = inputs[op.file]
                        self._begin(inp, checking.dataset_name(self.name, None, inp.label), None,
                                    None)
        finally:
            steps.close()

    def _add(self, items: list[tuple[Ready | tuple[str, str], str]]) -> None:
        """Records in a row, in batches cut exactly where one at a time would cut them (the
        order of the problems found depends on it)."""
        while items:
            room = BATCH - len(self.batch)
            self.batch += items[:room]
            items = items[room:]
            if len(self.batch) >= BATCH:
                self.flush()

    def _begin(self, inp: Input, name: str, info: DatasetInfo | None,
               where: str | None) -> None:
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

    # --- batches ---------------------------------------------------------------------------

    def problem(self, where: str, message: str, kind: str = "invalid") -> None:
        if self.optimistic:
            raise Unsure
        super().problem(where, message, kind)

    def _insert(self, rows: Rows) -> None:
        """Valid records packed by table, for an optimistic load only."""
        if not (self.optimistic and self.write and self.current is not None):
            raise Unsure
        try:
            records.insert_tables(self.conn, rows.tables)
        except sqlite3.IntegrityError:  # an id the load or the database holds already
            raise Unsure from None
        for kind, ids in _references(rows.tables).items():
            self.unsure[kind] |= ids - self.ids.present(kind, ids)
        if self.keep is not None:
            self.keep.add(self.current, [rows.lines])
        self.outcome.records += rows.size
        if self.progress:
            self.progress(rows.size)

    def flush(self) -> None:
        # Same-as and alias records have no id of their own: they only point to others.
        linked = [(c, w) for c, w in self.batch if isinstance(c, checking.Ready)
                  and c.kind in LINK_KINDS]
        batch = self._unique([(c, w) for c, w in self.batch if not (
            isinstance(c, checking.Ready) and c.kind in LINK_KINDS)])
        self.batch = []
        if not batch and not linked:
            return
        self._conflicts(batch)
        self._resolve([*batch, *linked])
        self.same_as += [([rid for _, rid, _ in c.refs], f"{w}ids") for c, w in linked
                         if c.kind == "same_as"]
        self.conn.executemany("INSERT OR REPLACE INTO temp.load_kinds VALUES (?, ?)",
                              [(row[0], row[2]) for c, _ in batch if c.kind == "entity"
                               for table, row in c.rows if table == "entities"])
        if self.write and not self.problem_count and self.current is not None:
            records.insert_rows(self.conn, (c.rows for c, _ in batch))
            links.insert(self.conn, self.current, [_link(c) for c, _ in linked])
            if self.keep is not None:
                self.keep.add(self.current, [c.line for c, _ in [*batch, *linked]])
        self.outcome.records += len(batch) + len(linked)
        if self.progress:
            self.progress(len(batch) + len(linked))

    def _unique(self, batch: list[tuple[Ready | tuple[str, str], str]]
                ) -> list[tuple[Ready, str]]:
        """The batch's valid records that are not duplicates (those are reported); every id
        read is recorded."""
        self.batches += 1
        keys = [(item[0], item.id if isinstance(item, Ready) else item[1]) for item, _ in batch]
        if self.ids.add(keys, self.batches):  # the usual case: every id new to the load
            return [(item, where) for item, where in batch if isinstance(item, Ready)]
        read: dict[str, set[str]] = {}
        for kind in {kind for kind, _ in keys}:
            read[kind] = self.ids.read(kind, [rid for k, rid in keys if k == kind],
                                       before=self.batches)
        fresh: list[tuple[Ready, str]] = []
        for item, where in batch:
            if not isinstance(item, Ready):
                read[item[0]].add(item[1])
            elif item.id in read[item.kind]:
                self.problem(f"{where}id", f"duplicate {item.kind} id {item.id!r} (ids are "
                                           "unique in a load)", "duplicate")
            else:
                read[item.kind].add(item.id)
                fresh.append((item, where))
        return fresh

    def _existing(self, kind: str, ids: list[str], cols: str = "id") -> list[tuple[Any, ...]]:
        found: list[tuple[Any, ...]] = []
        for chunk in batches(ids):
            found += self.conn.execute(
                f"SELECT {cols} FROM {TABLES[kind]} WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall()
        return found

    def _conflicts(self, batch: list[tuple[Ready, str]]) -> None:
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

    def _resolve(self, batch: list[tuple[Ready, str]]) -> None:
        wanted: defaultdict[str, set[str]] = defaultdict(set)
        for checked, _ in batch:
            for kind, rid, _ in checked.refs:
                wanted[kind].add(rid)
        there = {kind: self.ids.present(kind, ids) for kind, ids in wanted.items()}
        if all(ids <= there[kind] for kind, ids in wanted.items()):
            return  # the usual case: every reference is to a record read or stored already
        for checked, where in batch:  # only a reference not found yet becomes a Ref
            for kind, rid, path in checked.refs:
                if rid not in there[kind]:
                    self.pending.append(Ref(kind, rid, f"{where}{path}"))

    def finish(self) -> None:
        """Report references that never resolved; check nothing was left dangling."""
        self.flush()
        for kind, ids in self.unsure.items():  # an optimistic load's references still unseen
            if ids - self.ids.present(kind, ids):
                raise Unsure
        if self.keep is not None and self.write and not self.problem_count:
            self.keep.sync_soon()
        there = {kind: self.ids.present(kind, [r.id for r in self.pending if r.kind == kind])
                 for kind in {r.kind for r in self.pending}}
        for ref in self.pending:
            if ref.id not in there[ref.kind]:
                self.problem(ref.where, f"no {ref.kind} with id {ref.id!r} in this load or the "
                                        "database", "reference")
        self.pending = []
        for where, message in link_checks.mixed_kinds(self.conn, self.same_as):
            self.problem(where, message, "same_as")  # a person is never a country
        bulk.rebuild_indexes(self.conn, self.aside)
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
            bulk.rebuild_full_text(self.conn, self.aside)


def _references(tables: records.Tables) -> dict[str, set[str]]:
    """The ids the rows name, by kind of record."""
    named: defaultdict[str, set[str]] = defaultdict(set)
    for table, rows in tables.items():
        for column, kind in records.REFERENCES.get(table, ()):
            named[kind].update(row[column] for row in rows)
    for ids in named.values():
        ids.discard(None)
    return named
