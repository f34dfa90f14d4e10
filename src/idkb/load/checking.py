"""Reading and checking load files without the database: the half of a load that needs only
the files, so that it can run in a second process beside the one that writes.

`Checker.ops` reads the files in order and turns them into a stream of plain steps for the
writer (`idkb.load.loader.Loader`): a problem to report, a dataset to begin, a record checked
(its rows, its kept line and what it points to) or failed, the end of a file. Everything that
depends on the database (duplicates, references, names already taken) is left to the writer;
everything else, and every message about a record's own fields, is decided here, the same way
whether this runs in the writer's process or in another one.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from idkb.core.model import (
    LINK_MODELS,
    RECORD_MODELS,
    AliasOf,
    DatasetInfo,
    Entity,
    Event,
    SameAs,
    Statement,
)
from idkb.core.vocab import LINK_KINDS
from idkb.load import csv_records, fastcheck, link_checks, readers
from idkb.load.export import line as dumps
from idkb.store import records
from idkb.store.records import Record

READERS: dict[str, Callable[[IO[bytes]], Iterator[readers.Item]]] = {
    "json": readers.read_json, "jsonl": readers.read_jsonl, "csv": csv_records.read_csv,
}
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


class Ready(NamedTuple):
    """A valid record: its database rows, its kept line (JSON text), what it points to."""

    kind: str
    id: str
    rows: records.Rows
    line: str
    refs: list[tuple[str, str, str]]  # (kind, id, field path)


# The steps of a load, in file order. A failed record is (kind, id): its id still counts as
# read, so records pointing to it get no second report.
class Start(NamedTuple):
    file: int  # index in the inputs


class Report(NamedTuple):
    where: str
    message: str


class Begin(NamedTuple):
    file: int
    name: str
    info: DatasetInfo | None
    where: str | None


class Verdict(NamedTuple):
    record: Ready | tuple[str, str]
    where: str


class End(NamedTuple):
    file: int


class Verdicts(NamedTuple):
    """Many records in a row, as (record, where) pairs: what a second process sends."""

    items: list[tuple[Ready | tuple[str, str], str]]


class Rows(NamedTuple):
    """Valid records in a row, packed for a big load's first attempt (see `packed`): their
    database rows by table, their kept lines (one text, a line each), how many."""

    tables: records.Tables
    lines: str
    size: int


class Dangling(NamedTuple):
    """References of a record that failed its checks, read from its raw fields as far as they
    look right (kind, id, where): its dangling references are reported in the same run."""

    refs: list[tuple[str, str, str]]


Op = Start | Report | Begin | Verdict | Verdicts | Rows | Dangling | End


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:120] or "data"


def dataset_name(name: str | None, info: DatasetInfo | None, label: str) -> str:
    """The dataset a file's records go to: --name, else the dataset entry's, else the file's."""
    return name or (info.name if info else None) or slug(
        Path(label).stem if label != "stdin" else "stdin")


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


def field(prefix: str, path: str) -> str:
    return prefix + path if path else prefix.rstrip(": .")


def prefix(inp: Input, line: int | None, path: str) -> str:
    """What goes before a field's name in a message: 'f.json:12: events[3].'."""
    place = f"{inp.label}:{line}" if line else inp.label
    return f"{place}: {path}." if path else f"{place}: "


def references(record: Record | SameAs | AliasOf) -> Iterable[tuple[str, str, str]]:
    """(kind, id, field path) for every other record this one points to."""
    if isinstance(record, SameAs):
        yield from (("entity", rid, f"ids[{i}]") for i, rid in enumerate(record.ids))
    elif isinstance(record, AliasOf):
        yield "entity", record.entity, "entity"
    elif isinstance(record, Entity):
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
    elif not isinstance(record, SameAs | AliasOf):
        return
    for i, c in enumerate(record.sources):
        yield "source", c.source, f"sources[{i}].source"


# Where each record type names other records: (field, kind) and (list, field in each, kind).
_RAW_FIELDS = {"entity": (("country", "entity"),),
               "statement": (("subject", "entity"), ("object", "entity")),
               "event": (("location_country", "entity"),)}
_RAW_LISTS = {"statement": (("sources", "source", "source"),),
              "event": (("participants", "entity", "entity"), ("sources", "source", "source"))}


def raw_references(kind: str, data: object) -> Iterable[tuple[str, str, str]]:
    """The references of a record that failed its field checks, read from its raw fields as
    far as they look right."""
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


def reports(where: str, exc: ValidationError) -> Iterator[Report]:
    for err in exc.errors(include_url=False):
        yield Report(field(where, _loc("", tuple(err["loc"]))), _message(err))


def check(kind: str, data: Any, dataset: str, where: str) -> tuple[Ready | None, list[Report]]:
    """One record: ready for the writer, or the problems the models word for it."""
    if kind in LINK_KINDS:  # same-as and alias records: no id, no rows of their own
        try:
            link: Any = LINK_MODELS[kind].model_validate(data)
        except ValidationError as exc:
            return None, list(reports(where, exc))
        return Ready(kind, "", [], dumps(link_checks.line(kind, link)),
                     list(references(link))), []
    fast = fastcheck.check(kind, data, dataset)
    if fast is not None:
        return Ready(fast.kind, fast.id, fast.rows, dumps(fast.line), fast.refs), []
    model: type[BaseModel] = RECORD_MODELS[kind]
    try:
        record: Any = model.model_validate(data)
    except ValidationError as exc:
        return None, list(reports(where, exc))
    slow = fastcheck.from_model(kind, record, dataset, records.record_rows(record, dataset),
                                list(references(record)))
    return Ready(slow.kind, slow.id, slow.rows, dumps(slow.line), slow.refs), []


class Checker:
    """Reads the inputs of one load in order; `name` is the dataset name asked for (--name),
    which makes every file part of one dataset."""

    def __init__(self, inputs: list[Input], name: str | None) -> None:
        self.inputs, self.name = inputs, name
        self.current: str | None = None  # the dataset records go to, as the writer sees it
        self.problems = 0

    def _begin(self, n: int, info: DatasetInfo | None, where: str | None) -> Begin:
        self.current = dataset_name(self.name, info, self.inputs[n].label)
        return Begin(n, self.current, info, where)

    def _report(self, report: Report) -> Report:
        self.problems += 1
        return report

    def ops(self) -> Generator[Op, None, None]:
        for n, inp in enumerate(self.inputs):
            if not self.name:
                self.current = None
            before = self.problems
            yield Start(n)
            with inp.path.open("rb") as stream:
                for item in self._items(inp, stream):
                    yield from self._item(n, inp, item)
            yield End(n)
            if self.current is None and self.problems == before:
                self._begin(n, None, None)  # the writer begins this empty dataset itself

    def _item(self, n: int, inp: Input, item: readers.Item | Verdict) -> Iterator[Op]:
        """The steps of one thing read: a record checked already, a problem, a dataset entry,
        a record to check."""
        if isinstance(item, Verdict):
            yield item
        elif isinstance(item, readers.Problem):
            yield self._report(Report(field(prefix(inp, item.line, ""), item.path),
                                      item.message))
        elif item.kind == "dataset":
            yield from self._dataset(n, item)
        else:
            if self.current is None:
                yield self._begin(n, None, None)
            yield from self._record(inp, item)

    def _items(self, inp: Input, stream: IO[bytes]) -> Iterator[readers.Item | Verdict]:
        """The file's raw records, for JSON Lines each line through `_line`."""
        if inp.fmt != "jsonl":
            yield from READERS[inp.fmt](stream)
            return
        for found in readers.jsonl_lines(stream):
            yield found if isinstance(found, readers.Problem) else self._line(inp, *found)

    def _line(self, inp: Input, number: int, line: str | bytes) -> readers.Item | Verdict:
        """A JSON line checked as it is parsed when it can be (`fastcheck.check_line`; once
        the dataset is known, since its rows name it), read the usual way when not."""
        fast = None if self.current is None else fastcheck.check_line(line, self.current)
        if fast is None:
            return readers.jsonl_record(number, line if isinstance(line, str) else
                                        line.decode("utf-8"))
        return Verdict(Ready(fast.kind, fast.id, fast.rows, dumps(fast.line), fast.refs),
                       prefix(inp, number, ""))

    def _dataset(self, n: int, raw: readers.Raw) -> Iterator[Op]:
        where = prefix(self.inputs[n], raw.line, raw.path or "dataset")
        if self.current is not None and not self.name:
            yield self._report(Report(field(where, ""),
                                      "the dataset entry must come before the records"))
            return
        try:
            info = DatasetInfo.model_validate(raw.data)
        except ValidationError as exc:
            for report in reports(where, exc):
                yield self._report(report)
            return
        if self.current is None:
            yield self._begin(n, info, field(where, ""))

    def _record(self, inp: Input, raw: readers.Raw) -> Iterator[Op]:
        where = prefix(inp, raw.line, raw.path)
        ready, problems = check(raw.kind, raw.data, self.current or "", where)
        if ready is not None:
            yield Verdict(ready, where)
            return
        for report in problems:
            yield self._report(report)
        rid = raw.data.get("id") if isinstance(raw.data, dict) else None
        if isinstance(rid, str):
            yield Verdict((raw.kind, rid.strip()), where)
        refs = [(k, i, f"{where}{path}") for k, i, path in raw_references(raw.kind, raw.data)]
        if refs:
            yield Dangling(refs)


PACK = 1000  # records in one Rows


class _Packing:
    def __init__(self) -> None:
        self.tables: defaultdict[str, list[tuple[Any, ...]]] = defaultdict(list)
        self.lines: list[str] = []

    def add(self, ready: Ready) -> None:
        for table, row in ready.rows:
            self.tables[table].append(row)
        self.lines.append(ready.line)

    def take(self) -> Rows:
        rows = Rows(dict(self.tables), "\n".join(self.lines), len(self.lines))
        self.tables, self.lines = defaultdict(list), []
        return rows


def packed(ops: Iterable[Op]) -> Generator[Op, None, None]:
    """The steps with every run of valid records (same-as and alias records apart) packed
    into Rows, a thousand at a time: a writer that only inserts them needs no more, and
    sending rows by table costs both processes about half as much as sending each record."""
    pack = _Packing()
    for op in ops:
        if type(op) is Verdict and type(op.record) is Ready and op.record.kind not in LINK_KINDS:
            pack.add(op.record)
            if len(pack.lines) >= PACK:
                yield pack.take()
            continue
        if pack.lines:
            yield pack.take()
        yield op
    if pack.lines:
        yield pack.take()
