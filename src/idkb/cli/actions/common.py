"""What many actions need: the database connection, and the period options read as days."""

from __future__ import annotations

import re
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


# --as-of names one day: a year, a month or a day, as its help says. A span such as 195X has
# no one day to stand for, so it is refused rather than read as its first day.
_AS_OF = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def as_of_day(text: str | None) -> str | None:
    """The first day of --as-of, which must be YYYY, YYYY-MM or YYYY-MM-DD."""
    if text is not None and not _AS_OF.fullmatch(text.strip()):
        raise BadInput(f"--as-of: {text!r} is not a date of the form YYYY, YYYY-MM or "
                       "YYYY-MM-DD (spans such as 195X are taken by --from and --to)")
    return day("--as-of", text, last=False)


def period_options(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """--from and --to as the first and last day asked for; the end may not come first."""
    first, last = day("--from", start, last=False), day("--to", end, last=True)
    if first and last and last < first:
        raise BadInput(f"--to {end} comes before --from {start}")
    return first, last
