"""What a statement's dates allow us to say about a day or a period: held, may hold, last
reported, past.

A statement carries up to three dates (see docs/data.md): `start`, `end` and `as_of`, the day
a source last reported it holding. Each is stored with the earliest and latest day its
notation allows, so "2015-11" starts somewhere between 1 and 30 November, "[..2021-06-04]"
ends on or before 4 June 2021 and an `as_of` of "2020" is a report made on some day of 2020.
On a given day the sources support one of these statuses:

- held: known to hold. It has certainly begun (the latest day its start allows has come, or
  the last day of `as_of`: a report of "2020" shows it begun only by the end of 2020) and has
  certainly not ended (the day is no later than the first day of `as_of`, or before the
  earliest day its end allows).
- may-hold: nothing rules it out and nothing shows it: before the first day it is known to
  hold when its start is unknown or not yet certain, after the last day it is known to hold
  when an end is known only roughly or as an upper bound, and after a start that no report or
  end follows.
- last-reported: after the last report (`as_of`), with no end known at all. A fact observed
  on one day is not known to have ended the next.
- past: the latest day its end allows has come. Ends are exclusive: on the end day the
  successor holds, not the predecessor.
- not-yet: before the earliest day its start allows.

Nothing is claimed for a day no date speaks of: a statement with neither an end nor an
`as_of` is never known to hold after its start. Facts about a moment (`founded_in`) are held
from the date they give on.

Over a period (`--as-of 2025`) a statement is judged on every day of it: held if held on all
of them, partly-held if held on some, else may-hold, last-reported, past or not-yet as the
days allow (see `status_over`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, TypeAlias

from idkb.core import dates
from idkb.core.vocab import STATUSES, TIMELESS_PREDICATES

HELD, PARTLY_HELD, MAY_HOLD, LAST_REPORTED, PAST, NOT_YET = STATUSES

Fields: TypeAlias = sqlite3.Row | Mapping[str, Any]  # a statement row, or a dict of it


def _timeless(row: Fields, day: str) -> str:
    """A moment, not a state: founded in 1951 holds from the end of 1951 on, and may hold
    during 1951."""
    try:
        span = dates.parse(str(row["value"]))
    except ValueError:
        return HELD
    if span.earliest and day < span.earliest:
        return NOT_YET
    return HELD if span.latest is None or day >= span.latest else MAY_HOLD


def _begun(row: Fields, day: str) -> bool:
    """Is the statement known to have begun by `day`: its start certainly past, or a report
    certainly made by then ("as_of": "2020" shows it begun only from 31 December 2020)?"""
    if row["start"] is not None and row["start_latest"] is not None \
            and day >= row["start_latest"]:
        return True
    return row["as_of_latest"] is not None and day >= row["as_of_latest"]


def _not_over(row: Fields, day: str) -> bool:
    """Is the statement known to hold still on `day`: before any day its end allows, or no
    later than a report certainly made ("as_of": "2020" vouches for 1 January 2020 only)?"""
    if row["end"] is not None and row["end_earliest"] is not None \
            and day < row["end_earliest"]:
        return True
    return row["as_of_earliest"] is not None and day <= row["as_of_earliest"]


def status_on(row: Fields, day: str) -> str:
    """The status of a statement row (with its *_earliest and *_latest days) on `day`."""
    if row["predicate"] in TIMELESS_PREDICATES:
        return _timeless(row, day)
    if row["end"] is not None and row["end_latest"] is not None and day >= row["end_latest"]:
        return PAST
    if row["start"] is not None and row["start_earliest"] is not None \
            and day < row["start_earliest"]:
        return NOT_YET
    if _begun(row, day) and _not_over(row, day):
        return HELD
    if row["as_of_latest"] is not None and row["end"] is None and day > row["as_of_latest"]:
        return LAST_REPORTED
    return MAY_HOLD


def _next_day(day: str) -> str | None:
    try:
        return (date.fromisoformat(day) + timedelta(days=1)).isoformat()
    except (ValueError, OverflowError):
        return None


def _turning_days(row: Fields) -> Iterable[str]:
    """The days on which a status may change: each bound of each date, and the day after
    (the rules compare with <, <=, >= and >)."""
    if row["predicate"] in TIMELESS_PREDICATES:
        try:
            span = dates.parse(str(row["value"]))
        except ValueError:
            return
        bounds = [span.earliest, span.latest]
    else:
        bounds = [row[f"{field}_{side}"] for field in ("start", "end", "as_of")
                  for side in ("earliest", "latest")]
    for bound in bounds:
        if bound is not None:
            yield bound
            after = _next_day(bound)
            if after is not None:
                yield after


def status_over(row: Fields, first: str, last: str) -> str:
    """The status over the days `first` to `last` (inclusive): held if held on every day,
    partly-held if on some, else may-hold if it may hold on some day, else last-reported,
    else past (not-yet if it has not begun by `last`). The status changes only on turning
    days, so the first day and the turning days inside the period stand for all of it."""
    days = {first, *(d for d in _turning_days(row) if first <= d <= last)}
    seen = {status_on(row, d) for d in days}
    if seen == {HELD}:
        return HELD
    for word in (HELD, MAY_HOLD, LAST_REPORTED, PAST):
        if word in seen:
            return PARTLY_HELD if word == HELD else word
    return NOT_YET


def period(row: Fields) -> str:
    """How a statement's dates read: 'Nov 2015 – 2 Jun 2022', 'since 28 Dec 2022',
    'as of 4 Jun 2021', 'since 1951, as of 4 Jun 2021', 'ended by 4 Jun 2021', or ''."""
    start, end = dates.display(row["start"]), dates.display(row["end"])
    reported = f"as of {dates.display(row['as_of'])}" if row["as_of"] else ""
    if start and end and dates.is_range(row["start"]):
        # "began between 5 Jun 2021 and 2 Jun 2022, ended by 30 Sep 2025": two phrases, so a
        # narrow table may break between them
        text = f"began {start}, " + (f"ended {end}" if end.startswith("by ") else f"until {end}")
    elif start and end:
        text = f"{start} – {end}"
    elif start:
        text = f"since {start}"
    elif end:  # "[..2021-06-04]" reads "by 4 Jun 2021": the post had ended by then
        text = f"ended {end}" if end.startswith("by ") else f"until {end}"
    else:
        return reported
    return f"{text}, {reported}" if reported else text


def counts(statuses: list[str]) -> dict[str, int]:
    """How many statements have each status, every status listed (zeros too)."""
    return {s: statuses.count(s) for s in STATUSES}
