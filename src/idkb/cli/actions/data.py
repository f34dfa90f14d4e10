"""Bringing your own data: load, validate, export, schema, datasets, unload."""

from __future__ import annotations

import json
from typing import Any

from idkb.cli.actions.common import connect
from idkb.cli.boundary import say
from idkb.core import paths
from idkb.core.errors import NotFound
from idkb.core.vocab import TABLES
from idkb.render import layouts
from idkb.render.emit import Shown, Stream, Text
from idkb.render.progress import Meter


def _files(verb: str, files: list[str], dataset: str | None, replace: bool, fmt: str | None,
           db_option: str | None, check_only: bool) -> tuple[Any, Meter]:
    from idkb.load import datasets

    connect(db_option).close()  # build the database first, or refresh its seed
    meter = Meter(verb)
    try:
        outcome = datasets.load(paths.db_path(db_option), files, name=dataset, replace=replace,
                                fmt=fmt, check_only=check_only, progress=meter, notice=say)
    finally:
        meter.close()
    return outcome, meter


def load(files: list[str], dataset: str | None, replace: bool, fmt: str | None,
         db_option: str | None) -> None:
    outcome, meter = _files("loading", files, dataset, replace, fmt, db_option, False)
    for line in outcome.unchanged:
        say(f"{line}; nothing changed")
    for line in outcome.replaced:
        say(f"replaced: {line}")
    for name in outcome.replaced_datasets:
        say(f"replaced dataset {name!r}")
    if outcome.records or (outcome.datasets and not outcome.unchanged):
        names = ", ".join(repr(d) for d in outcome.datasets)
        say(f"loaded {meter.summary()} into dataset {names}")


def validate(files: list[str], dataset: str | None, replace: bool, fmt: str | None,
             db_option: str | None) -> None:
    outcome, meter = _files("checking", files, dataset, replace, fmt, db_option, True)
    for line in outcome.unchanged:
        say(f"{line}; loading it would change nothing")
    say(f"no problems found in {meter.summary()}")


def export(dataset: str | None, fmt: str, db_option: str | None) -> Stream:
    from idkb.load import export as exporter

    conn = connect(db_option)
    if dataset is not None and exporter.dataset_info(conn, dataset) is None:
        loaded = [r[0] for r in conn.execute("SELECT name FROM datasets ORDER BY name")]
        raise NotFound(f"no dataset named {dataset!r}", [f"loaded: {', '.join(loaded)}"])
    form: exporter.ExportFormat = "jsonl" if fmt == "jsonl" else "json"
    return Stream(lambda out: exporter.write(conn, out, dataset, form))


def schema() -> Text:
    from idkb.core import model

    return Text(json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n")


def datasets(db_option: str | None) -> Shown:
    from idkb.load import datasets as kept

    found = kept.listing(connect(db_option))
    return Shown(found, lambda: layouts.datasets_view(found), lambda: iter(found))


def unload(dataset: str, db_option: str | None) -> None:
    from idkb.load import datasets

    connect(db_option).close()
    info = datasets.unload(paths.db_path(db_option), dataset, notice=say)
    counts = ", ".join(f"{info[k]:,} {k}" for k in TABLES.values())
    say(f"unloaded dataset {dataset!r} ({counts})")
