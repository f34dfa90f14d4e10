"""`idkb sql`: a read-only query for what the other commands do not cover."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from idkb import db, output, paths, sqlsafe, views
from idkb.options import DbOpt, FormatOpt, JsonOpt, OutFormat, pick_format

PANEL = "Database"

QueryArg = Annotated[str, typer.Argument(metavar="QUERY", help="One SELECT, WITH or PRAGMA.")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.001, max=86400, metavar="SECONDS",
                                           help="Stop the query after this long (exit 4).")]


def register(app: typer.Typer) -> None:
    @app.command(rich_help_panel=PANEL)
    def sql(query: QueryArg, timeout: TimeoutOpt = 10.0, fmt: FormatOpt = OutFormat.table,
            as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """Run a read-only SQL query against the knowledge base.

        Writes, ATTACH, DETACH and writing PRAGMAs are refused (exit 2) and change nothing;
        a query running past --timeout is stopped (exit 4). Tables: idkb sql "SELECT name
        FROM sqlite_schema WHERE type = 'table'".

        Example: idkb sql "SELECT type, count(*) AS n FROM events GROUP BY type" --format csv
        """
        db.connect(db_option).close()  # builds, refreshes or reports a fault as any command
        result = sqlsafe.run(paths.db_path(db_option), query, timeout)
        form = pick_format(fmt, as_json)
        if form == "csv" and not result.rows:
            sys.stdout.write(",".join(result.columns) + "\n")
            return
        grid = views.Grid(f"{len(result.rows)} row(s)", [views.clean(c) for c in result.columns],
                          [[views.clean(v) for v in r.values()] for r in result.rows])
        output.emit(form, result.rows, lambda: [grid], lambda: iter(result.rows))
