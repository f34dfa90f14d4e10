"""Explore commands: full-text search, timelines, links and paths, the network, statistics."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from idkb import argspec, complete, db, output
from idkb import explore_handlers as handlers
from idkb.commands.events import FromOpt, ToOpt
from idkb.commands.lookup import NameArg
from idkb.options import (
    FORMAT_BY_NAME,
    DbOpt,
    FormatOpt,
    JsonOpt,
    OutFormat,
    option,
    pick_format,
)
from idkb.resolve import resolve

PANEL = "Explore"


class SearchKind(StrEnum):
    person = "person"
    party = "party"
    country = "country"
    organisation = "organisation"
    entity = "entity"
    event = "event"
    statement = "statement"


class GraphFormat(StrEnum):
    dot = "dot"
    mermaid = "mermaid"
    graphml = "graphml"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class StatsBy(StrEnum):
    year = "year"
    type = "type"
    kind = "kind"
    country = "country"
    party_status = "party-status"


def register(app: typer.Typer) -> None:
    _register_search(app)
    _register_links(app)
    _register_graph(app)


def _register_search(app: typer.Typer) -> None:
    @app.command(rich_help_panel=PANEL)
    def search(
        text: Annotated[str, typer.Argument(help="Words or a name, in English or Chinese.")],
        kind: Annotated[SearchKind | None, option(argspec.KIND)] = None,
        limit: Annotated[int, option(argspec.SEARCH_LIMIT)] = 20,
        fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False, db_option: DbOpt = None,
    ) -> None:
        """Full-text search over names, aliases, summaries, statements and events, best first.

        Anything can be typed: quotes, hyphens and operators are searched as text.

        Examples: idkb search "poverty alleviation"   ·   idkb search 宋涛 --kind person
        """
        handlers.search(text, kind.value if kind else None, limit, pick_format(fmt, as_json),
                        db_option)

    @app.command(rich_help_panel=PANEL)
    def timeline(
        name: Annotated[str | None, typer.Argument(
            help="Only this entity's events and positions (default: every event).",
            metavar="[NAME]", autocompletion=complete.entity_names)] = None,
        start: FromOpt = None, end: ToOpt = None,
        fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False, db_option: DbOpt = None,
    ) -> None:
        """Events in date order, grouped by year; for an entity also when its positions start
        and end. Dates read as the source gives them ("Apr 2021", "1950s–1960s").

        Examples: idkb timeline "Song Tao"   ·   idkb timeline --from 2021 --to 2021
        """
        handlers.timeline(name, start, end, pick_format(fmt, as_json), db_option)


def _register_links(app: typer.Typer) -> None:
    @app.command(rich_help_panel=PANEL)
    def related(name: NameArg, fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False,
                db_option: DbOpt = None) -> None:
        """Every entity linked to NAME by a statement or a shared event: how, when, sources.

        Example: idkb related "Song Tao"
        """
        handlers.related(name, pick_format(fmt, as_json), db_option)

    @app.command(rich_help_panel=PANEL)
    def path(a: NameArg, b: NameArg, fmt: FormatOpt = OutFormat.table,
             as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """The shortest chain of links from A to B, each link with its source.

        "No connection" is an answer, not an error (exit 0).

        Example: idkb path "Song Tao" "Communist Party USA"
        """
        from idkb import explore_views, graph

        conn = db.connect(db_option)
        start, goal = resolve(conn, a), resolve(conn, b)
        result = graph.path(conn, start.id, goal.id)
        output.emit(pick_format(fmt, as_json), result,
                    lambda: explore_views.path_view(result, handlers.known_sources(conn, result)),
                    lambda: (handlers.flat_link(h, {"hop": i})
                             for i, h in enumerate(result["hops"], 1)))


def _register_graph(app: typer.Typer) -> None:
    @app.command(rich_help_panel=PANEL)
    def graph(
        around: Annotated[str | None, typer.Option(
            "--around", "-a", metavar="NAME", autocompletion=complete.entity_names,
            help="Only the part within --depth links of NAME.")] = None,
        depth: Annotated[int, typer.Option("--depth", "-d", min=1, max=10,
                                           help="Links out from --around.")] = 2,
        fmt: Annotated[GraphFormat, typer.Option(
            "--format", "-f", case_sensitive=False,
            help="dot (default), mermaid, graphml, json, jsonl, csv or table.")] = GraphFormat.dot,
        as_json: JsonOpt = False, db_option: DbOpt = None,
    ) -> None:
        """The network of entities and links, for Graphviz (dot), Mermaid or Gephi (graphml).

        Examples: idkb graph --format mermaid   ·   idkb graph -a "Song Tao" -d 1

        Drawn with Graphviz: idkb graph | dot -Tpng -o seed-graph.png
        """
        from idkb import explore_views, network

        conn = db.connect(db_option)
        centre = resolve(conn, around).id if around is not None else None
        net = network.network(conn, centre, depth)
        chosen = "json" if as_json else fmt.value
        writers = {"dot": network.to_dot, "mermaid": network.to_mermaid,
                   "graphml": network.to_graphml}
        if chosen in writers:
            sys.stdout.write(writers[chosen](net))
            return
        # JSON Lines: one line per node, then one per link, each saying which it is.
        lines = [{"record": "node", **n} for n in net["nodes"]]
        lines += [{"record": "link", **e} for e in net["edges"]]
        output.emit(FORMAT_BY_NAME[chosen], lines if chosen == "jsonl" else net,
                    lambda: explore_views.network_view(net), lambda: iter(net["edges"]))

    @app.command(rich_help_panel=PANEL)
    def stats(
        by: Annotated[StatsBy, option(argspec.BY)] = StatsBy.year,
        fmt: FormatOpt = OutFormat.table, as_json: JsonOpt = False, db_option: DbOpt = None,
    ) -> None:
        """Counts as bar charts: events by year, type, country or party status; entities by kind.

        Every breakdown adds up to the total.

        Example: idkb stats --by type --format csv
        """
        handlers.stats(by.value, pick_format(fmt, as_json), db_option)
