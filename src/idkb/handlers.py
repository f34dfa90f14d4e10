"""What the read commands do once their options are parsed (standard library only).

The typer commands (idkb.commands) and the fast path (idkb.fastpath) both call these, so a
command behaves the same whichever way its arguments were read.
"""

from __future__ import annotations

import sqlite3

from idkb import dates, db, output, queries, views
from idkb.errors import BadInput
from idkb.resolve import resolve


def show_profile(name: str, kind: str | None, as_of: str | None, fmt: output.Format,
                 db_option: str | None) -> None:
    day = None
    if as_of is not None:
        try:
            day = dates.query_span(as_of)[0]
        except ValueError as exc:
            raise BadInput(f"--as-of: {exc}") from None
    conn = db.connect(db_option)
    match = resolve(conn, name, kind)
    data = queries.profile(conn, match.id, as_of=day)
    output.emit(fmt, data, lambda: views.profile_view(data),
                lambda: output.flat_profile(data))


def _day(option: str, text: str | None, last: bool) -> str | None:
    if text is None:
        return None
    try:
        span = dates.query_span(text)
    except ValueError as exc:
        raise BadInput(f"{option}: {exc}") from None
    return span[1] if last else span[0]


def period_options(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """--from and --to as the first and last day asked for; the end may not come first."""
    first, last = _day("--from", start, last=False), _day("--to", end, last=True)
    if first and last and last < first:
        raise BadInput(f"--to {end} comes before --from {start}")
    return first, last


def event_query(conn: sqlite3.Connection, year: int | None, start: str | None,
                end: str | None, etype: str | None, with_name: str | None,
                limit: int | None) -> queries.EventQuery:
    """Turn the options into a query; the period asked is the overlap of --year, --from, --to."""
    first, last = period_options(start, end)
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


def events(year: int | None, start: str | None, end: str | None, etype: str | None,
           with_name: str | None, limit: int | None, fmt: output.Format,
           db_option: str | None) -> None:
    conn = db.connect(db_option)
    found = queries.events(conn, event_query(conn, year, start, end, etype, with_name, limit))
    output.emit(fmt, found,
                lambda: views.events_view(found, queries.sources(conn, queries.cited(found))),
                lambda: (output.flat_event(e) for e in found), columns=output.EVENT_COLUMNS)


def sources(fmt: output.Format, db_option: str | None) -> None:
    conn = db.connect(db_option)
    found = queries.sources(conn)
    output.emit(fmt, found, lambda: views.sources_view(found), lambda: iter(found))


def dispatch(command: str, params: dict[str, object]) -> None:
    """Run a fast-path command with the options as parsed from argspec.COMMANDS."""
    from idkb import explore_handlers as explore
    from idkb.argspec import PROFILE_KINDS

    p: dict[str, object] = params
    fmt = output.pick_format(str(p["fmt"]), bool(p["as_json"]))
    db_option = _opt_str(p["db_option"])
    if command in PROFILE_KINDS:
        show_profile(str(p["name"]), PROFILE_KINDS[command], _opt_str(p["as_of"]), fmt,
                     db_option)
    elif command == "events":
        events(_opt_int(p["year"]), _opt_str(p["start"]), _opt_str(p["end"]),
               _opt_str(p["etype"]), _opt_str(p["with_name"]), _opt_int(p["limit"]), fmt,
               db_option)
    elif command == "sources":
        sources(fmt, db_option)
    elif command == "search":
        explore.search(str(p["text"]), _opt_str(p["kind"]), _opt_int(p["limit"]) or 20, fmt,
                       db_option)
    elif command == "timeline":
        explore.timeline(_opt_str(p["name"]), _opt_str(p["start"]), _opt_str(p["end"]), fmt,
                         db_option)
    elif command == "related":
        explore.related(str(p["name"]), fmt, db_option)
    elif command == "stats":
        explore.stats(str(p["by"]), fmt, db_option)
    else:  # argspec.COMMANDS and this function are kept in step by a test
        raise KeyError(command)


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _opt_int(value: object) -> int | None:
    return value if isinstance(value, int) else None
