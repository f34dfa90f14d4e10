"""Bringing your own data: load, validate, export, schema, datasets, unload."""

from __future__ import annotations

import json
import sys
import time
from enum import StrEnum
from typing import Annotated, Any

import typer

from idkb import complete, db, output, views
from idkb.errors import NotFound
from idkb.options import DbOpt, FormatOpt, JsonOpt, OutFormat, pick_format

PANEL = "Data"

FilesArg = Annotated[list[str], typer.Argument(
    metavar="FILE...", help="Files in the load format (.json, .jsonl, .csv); '-' reads stdin.")]
DatasetOpt = Annotated[str | None, typer.Option(
    "--name", metavar="DATASET", help="Dataset name (default: the file's own, else its name).")]
ReplaceOpt = Annotated[bool, typer.Option(
    "--replace", help="Replace a dataset of the same name, and records whose ids exist.")]


class InFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"


InFormatOpt = Annotated[InFormat | None, typer.Option(
    "--format", "-f", help="json, jsonl or csv (default: from the file name).",
    case_sensitive=False)]


class Meter:
    """Records per second: a rich progress bar on a terminal once a load takes a moment."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.start = time.monotonic()
        self.records = 0
        self.bar: Any = None
        self.task: Any = None
        self.tty = sys.stderr.isatty()

    def __call__(self, n: int) -> None:
        self.records += n
        if not self.tty:
            return
        if self.bar is None and time.monotonic() - self.start > 1:
            from rich.progress import (
                BarColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn(self.verb), BarColumn(),
                                TextColumn("{task.completed:,} records"),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.verb, total=None, rate="")
        if self.bar is not None:
            self.bar.update(self.task, completed=self.records, rate=self.rate())

    def rate(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        return f"{self.records / elapsed:,.0f} records/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def summary(self) -> str:
        return f"{self.records:,} records in {time.monotonic() - self.start:.1f} s ({self.rate()})"


def _say(line: str) -> None:
    sys.stderr.write(f"idkb: {line}\n")


def load(files: FilesArg, dataset: DatasetOpt = None, replace: ReplaceOpt = False,
         fmt: InFormatOpt = None, db_option: DbOpt = None) -> None:
    """Add records from files, all or nothing: one invalid record and nothing is written.

    Every problem is listed with its file, line and field (exit code 2). Each file becomes
    a dataset (see: idkb datasets), also kept as a file so 'idkb db rebuild' restores it.

    Example: idkb load docs/examples/contacts.json docs/examples/meetings.csv
    """
    from idkb import datasets

    meter = Meter("loading")
    try:
        outcome = datasets.load(db_option, files, name=dataset, replace=replace,
                                fmt=fmt.value if fmt else None, progress=meter)
    finally:
        meter.close()
    for line in outcome.unchanged:
        _say(f"{line}; nothing changed")
    for line in outcome.replaced:
        _say(f"replaced: {line}")
    for dataset in outcome.replaced_datasets:
        _say(f"replaced dataset {dataset!r}")
    if outcome.records or (outcome.datasets and not outcome.unchanged):
        names = ", ".join(repr(d) for d in outcome.datasets)
        _say(f"loaded {meter.summary()} into dataset {names}")


def validate(files: FilesArg, dataset: DatasetOpt = None, replace: ReplaceOpt = False,
             fmt: InFormatOpt = None, db_option: DbOpt = None) -> None:
    """Run every check 'idkb load' runs, and write nothing.

    Example: idkb validate docs/examples/contacts.json docs/examples/meetings.csv
    """
    from idkb import datasets

    meter = Meter("checking")
    try:
        outcome = datasets.load(db_option, files, name=dataset, replace=replace,
                                fmt=fmt.value if fmt else None, check_only=True,
                                progress=meter)
    finally:
        meter.close()
    for line in outcome.unchanged:
        _say(f"{line}; loading it would change nothing")
    _say(f"no problems found in {meter.summary()}")


def export(dataset: Annotated[str | None, typer.Option(
               "--dataset", "-d", metavar="DATASET", help="Only this dataset.",
               autocompletion=complete.dataset_names)] = None,
           fmt: Annotated[ExportFormat, typer.Option(
               "--format", "-f", help="json (default) or jsonl.",
               case_sensitive=False)] = ExportFormat.json,
           db_option: DbOpt = None) -> None:
    """Write the knowledge base (or one dataset) in the load format, to standard output.

    Examples: idkb export > all.json   ·   idkb export -d seed -f jsonl > seed.jsonl
    """
    from idkb import export as exporter

    conn = db.connect(db_option)
    if dataset is not None and exporter.dataset_info(conn, dataset) is None:
        loaded = [r[0] for r in conn.execute("SELECT name FROM datasets ORDER BY name")]
        raise NotFound(f"no dataset named {dataset!r}", [f"loaded: {', '.join(loaded)}"])
    exporter.write(conn, sys.stdout, dataset, "jsonl" if fmt == ExportFormat.jsonl
                   else "json")


def schema() -> None:
    """Print the JSON Schema of the load format (generated from the models).

    Example: idkb schema > schema.json
    """
    from idkb import model

    sys.stdout.write(json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n")


def list_datasets(fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False,
                  db_option: DbOpt = None) -> None:
    """What was loaded: name, file, sha256, when, and how many records of each type.

    Example: idkb datasets --json
    """
    from idkb import datasets

    found = datasets.listing(db_option)
    output.emit(pick_format(fmt, as_json), found, lambda: [_grid(found)],
                lambda: iter(found))


def unload(dataset: Annotated[str, typer.Argument(
               metavar="DATASET", help="The dataset's name.",
               autocompletion=complete.dataset_names)],
           db_option: DbOpt = None) -> None:
    """Remove one dataset's records (and its kept file), and nothing else.

    Example: idkb unload meetings
    """
    from idkb import datasets

    info = datasets.unload(db_option, dataset)
    counts = ", ".join(f"{info[k]:,} {k}" for k in ("sources", "entities", "statements",
                                                     "events"))
    _say(f"unloaded dataset {dataset!r} ({counts})")


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel=PANEL)(load)
    app.command(rich_help_panel=PANEL)(validate)
    app.command(rich_help_panel=PANEL)(export)
    app.command(rich_help_panel=PANEL)(schema)
    app.command("datasets", rich_help_panel=PANEL)(list_datasets)
    app.command(rich_help_panel=PANEL)(unload)


def _grid(found: list[dict[str, Any]]) -> views.Grid:
    grid = views.Grid("Datasets", ["name", "sources", "entities", "statements", "events",
                                   "loaded", "sha256", "file"])
    for d in found:
        grid.rows.append([views.clean(d["name"]), *(f"{d[k]:,}" for k in (
            "sources", "entities", "statements", "events")), views.clean(d["loaded_at"]),
            d["sha256"][:12], views.clean(d["file"])])
    return grid
