"""What many actions need: the database connection, and the period options read as days."""

from __future__ import annotations

import sqlite3

from idkb.cli.boundary import say
from idkb.core import dates
from idkb.core.errors import BadInput
from idkb.load import database


def connect(db_option: str | None) -> sqlite3.Connection:
    """The database, built or refreshed first if needed; what that has to say goes to stderr."""
    return database.connect(db_option, notice=say)


def day(option: str, text: str | None, last: bool) -> str | None:
    """The first (or last) day of a date option, or None when it was not given."""
    if text is None:
        return None
    try:
        span = dates.query_span(text)
    except ValueError as exc:
        raise BadInput(f"{option}: {exc}") from None
    return span[1] if last else span[0]


def period_options(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """--from and --to as the first and last day asked for; the end may not come first."""
    first, last = day("--from", start, last=False), day("--to", end, last=True)
    if first and last and last < first:
        raise BadInput(f"--to {end} comes before --from {start}")
    return first, last
