"""Event lists and the source catalogue."""

from __future__ import annotations

from typing import Annotated

import typer

from idkb import argspec, handlers
from idkb.handlers import event_query
from idkb.options import DbOpt, FormatOpt, JsonOpt, OutFormat, option, pick_format

PANEL = "Look up"

YearOpt = Annotated[int | None, option(argspec.YEAR)]
FromOpt = Annotated[str | None, option(argspec.FROM)]
ToOpt = Annotated[str | None, option(argspec.TO)]
TypeOpt = Annotated[str | None, option(argspec.TYPE)]
WithOpt = Annotated[str | None, option(argspec.WITH)]
LimitOpt = Annotated[int | None, option(argspec.LIMIT)]

__all__ = ["FromOpt", "ToOpt", "event_query", "register"]


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
        handlers.events(year, start, end, etype, with_name, limit, pick_format(fmt, as_json),
                        db_option)

    @app.command(rich_help_panel=PANEL)
    def sources(fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False,
                db_option: DbOpt = None) -> None:
        """Every source, with how many statements and events cite it.

        Example: idkb sources --format csv
        """
        handlers.sources(pick_format(fmt, as_json), db_option)
