"""`idkb sql`: a read-only query for what the other commands do not cover."""

from __future__ import annotations

import sys
from itertools import islice

from idkb.cli.actions.common import connect
from idkb.cli.fast import PAIR
from idkb.core import paths
from idkb.core.errors import BadInput
from idkb.render.emit import Shown
from idkb.render.sections import Fields, Grid, Section, clean
from idkb.store import readonly_sql


def sql(query: str, params: list[str] | None, timeout: float, db_option: str | None) -> Shown:
    if query == "-":
        query = sys.stdin.read()
    if any(PAIR not in p for p in params or []):
        raise BadInput("-p/--param takes two values: -p NAME VALUE")
    named = dict(p.split(PAIR, 1) for p in params or [])
    connect(db_option).close()  # builds, refreshes or reports a fault as any command
    result = readonly_sql.run(paths.db_path(db_option), query, timeout, named or None)

    def table() -> list[Section]:  # a table needs every row; the other formats stream them
        rows = list(islice(result.rows, readonly_sql.MAX_ROWS + 1))
        if len(rows) > readonly_sql.MAX_ROWS:  # JSON, JSON Lines and CSV stream any number
            raise BadInput(f"the query returns more than {readonly_sql.MAX_ROWS:,} rows to "
                           "draw; add LIMIT, or use --format jsonl or csv")
        if not rows:  # an empty grid is not drawn: still say so, and name the columns
            return [Fields("0 row(s)", [("columns", ", ".join(clean(c) for c in result.columns))])]
        return [Grid(f"{len(rows)} row(s)", [clean(c) for c in result.columns],
                     [[clean(v) for v in r.values()] for r in rows])]

    return Shown(result.rows, table, lambda: result.rows, result.columns)
