"""Event lists and the source catalogue."""

from __future__ import annotations

import sqlite3
from typing import Annotated

import typer

from idkb import complete, dates, db, output, queries, views
from idkb.errors import BadInput
from idkb.options import DbOpt, FormatOpt, JsonOpt, OutFormat, pick_format
from idkb.resolve import resolve

PANEL = "Look up"

YearOpt = Annotated[int | None, typer.Option("--year", "-y", min=1, max=9999,
                                             help="Events that may fall in this year.")]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="DATE",
                                             help="From this date (2021, 2021-04, ...).")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE",
                                           help="Up to this date, inclusive.")]
TypeOpt = Annotated[str | None, typer.Option("--type", "-t", metavar="TYPE",
                                             help="meeting, conference, founding, ...",
                                             autocompletion=complete.event_types)]
WithOpt = Annotated[str | None, typer.Option("--with", "-w", metavar="NAME",
                                             help="Events this entity takes part in.",
                                             autocompletion=complete.entity_names)]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", min=0, help="At most N events.")]


def _day(option: str, text: str | None, last: bool) -> str | None:
    if text is None:
        return None
    try:
        span = dates.query_span(text)
    except ValueError as exc:
        raise BadInput(f"{option}: {exc}") from None
    return span[1] if last else span[0]


def event_query(conn: sqlite3.Connection, year: int | None, start: str | None,
                end: str | None, etype: str | None, with_name: str | None,
                limit: int | None) -> queries.EventQuery:
    """Turn the options into a query; the period asked is the overlap of --year, --from, --to."""
    first, last = _day("--from", start, last=False), _day("--to", end, last=True)
    if year is not None:
        y_first, y_last = dates.year_span(year)
        first = max(first or y_first, y_first)
        last = min(last or y_last, y_last)
    with_id = with_kind = None
    if with_name is not None:
        match = resolve(conn, with_name)
        with_id, with_kind = match.id, match.kind
    return queries.EventQuery(start=first, end=last, type=etype, with_id=with_id,
                              with_kind=with_kind, limit=limit)


def register(app: typer.Typer) -> None:
    @app.command(rich_help_panel="Explore")
    def events(
        year: YearOpt = None,
        start: FromOpt = None,
        end: ToOpt = None,
        etype: TypeOpt = None,
        with_name: WithOpt = None,
        limit: LimitOpt = None,
        fmt: FormatOpt = OutFormat.table,
        as_json: JsonOpt = False,
        db_option: DbOpt = None,
    ) -> None:
        """Dated events in date order. Partial dates match by overlap: "Apr 2021" is in 2021.

        Examples: idkb events --year 2021   ·   idkb events --with Morocco --json
        """
        conn = db.connect(db_option)
        found = queries.events(conn, event_query(conn, year, start, end, etype, with_name, limit))
        known = queries.sources(conn)
        output.emit(pick_format(fmt, as_json), found, lambda: views.events_view(found, known),
                    lambda: (output.flat_event(e) for e in found))

    @app.command(rich_help_panel=PANEL)
    def sources(fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False,
                db_option: DbOpt = None) -> None:
        """Every source, with how many statements and events cite it.

        Example: idkb sources --format csv
        """
        conn = db.connect(db_option)
        found = queries.sources(conn)
        output.emit(pick_format(fmt, as_json), found, lambda: views.sources_view(found),
                    lambda: iter(found))
