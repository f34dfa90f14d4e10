"""Tables in through a mapping (`import`), and likely duplicates out (`dupes`)."""

from __future__ import annotations

import json

from idkb.cli.actions.common import connect
from idkb.cli.boundary import say
from idkb.core import paths
from idkb.core.errors import BadInput
from idkb.render import import_report
from idkb.render.emit import Shown, Text


def import_table(table: str, map_file: str | None, dataset: str | None, replace: bool,
                 dry_run: bool, as_json: bool, db_option: str | None) -> Text | None:
    from idkb.load import table_import

    if map_file is None:
        raise BadInput("idkb import needs a mapping: --map MAP (see docs/import.md)")
    connect(db_option).close()  # build the database first, or refresh its seed
    report = table_import.run(paths.db_path(db_option), table, map_file, name=dataset,
                              dry_run=dry_run, replace=replace)
    failure = None
    if report["problems"]:
        failure = BadInput(f"{len(report['problems']):,} row problem(s) in {table}; an import "
                           "would write nothing")
    if as_json:
        return Text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", failure)
    if dry_run:
        return Text(import_report.text(report), failure)
    for line in report["notes"]:
        say(line)
    if not report["written"]:
        return None
    if report["empty_rows"]:
        say(f"{len(report['empty_rows']):,} empty row(s) skipped")
    say(f"imported {report['records']:,} records from {report['rows']:,} rows into dataset "
        f"{report['dataset']!r} ({len(report['matched']):,} names matched, "
        f"{len(report['new']):,} new entities)")
    return None


def dupes(kind: str | None, min_score: float, source: str, records: bool,
          db_option: str | None) -> Shown | Text:
    from idkb.query import dupes as finder

    found = finder.dupes(connect(db_option), kind, min_score, source)
    if records:
        return Text("".join(json.dumps(p["record"], ensure_ascii=False) + "\n" for p in found))
    return Shown(found, lambda: import_report.dupes_view(found),
                 lambda: import_report.flat_dupes(found), import_report.DUPES_COLUMNS)
