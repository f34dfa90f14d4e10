"""What a statement's dates allow us to say about one day: held, may hold, last reported, past.

A statement carries up to three dates (see docs/data.md): `start`, `end` and `as_of`, the day
a source last reported it holding. Each is stored with the earliest and latest day its
notation allows, so "2015-11" starts somewhere between 1 and 30 November and "[..2021-06-04]"
ends on or before 4 June 2021. On a given day the sources support one of these statuses:

- held: known to hold. It has certainly begun (the latest possible start has come, or the
  first day of `as_of`) and has certainly not ended (the day is no later than the last day of
  `as_of`, or before the earliest possible end).
- may-hold: nothing rules it out and nothing shows it: before the first day it is known to
  hold when its start is unknown or not yet certain, or between the last day it is known to
  hold and an end known only roughly or as an upper bound.
- last-reported: after the last report (`as_of`), with no end known at all. A fact observed
  on one day is not known to have ended the next.
- past: the latest day its end allows has come. Ends are exclusive: on the end day the
  successor holds, not the predecessor.
- not-yet: before the earliest day its start allows.

A statement with no end and no as_of is claimed to hold today (a source reports it still
holding): it is held from its start up to today (with no start, today only), and may hold on
later days. Facts about a moment (`founded_in`) are held from the date they give on.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from typing import Any, TypeAlias

from idkb.core import dates
from idkb.core.vocab import STATUSES, TIMELESS_PREDICATES

HELD, MAY_HOLD, LAST_REPORTED, PAST, NOT_YET = STATUSES

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


def _begun(row: Fields, day: str, today: str) -> bool:
    """Is the statement known to have begun by `day`: its start certainly past, or a source
    reporting it holding no later ("as_of": "2020" counts for the whole of 2020)?"""
    if row["start"] is not None and row["start_latest"] is not None \
            and day >= row["start_latest"]:
        return True
    if row["as_of"] is not None:
        return bool(row["as_of_earliest"] <= day)
    if row["start"] is not None or row["end"] is not None:
        return False  # a start not yet certain, or only an end: nothing shows it holding
    return day >= today  # no dates at all: claimed to hold now, nothing said of earlier


def _not_over(row: Fields, day: str, today: str) -> bool:
    """Is the statement known to hold still on `day` (no end possible yet)?"""
    end_first = row["end_earliest"] if row["end"] is not None else None
    if end_first is not None and day < end_first:
        return True  # an end that had not yet come: it held up to it
    if row["as_of"] is not None:
        return bool(day <= row["as_of_latest"])
    return row["end"] is None and day <= today


def status_on(row: Fields, day: str, today: str) -> str:
    """The status of a statement row (with its *_earliest and *_latest days) on `day`;
    `today` is the day idkb runs, the only day an undated open statement is claimed for."""
    if row["predicate"] in TIMELESS_PREDICATES:
        return _timeless(row, day)
    if row["end"] is not None and row["end_latest"] is not None and day >= row["end_latest"]:
        return PAST
    if row["start"] is not None and row["start_earliest"] is not None \
            and day < row["start_earliest"]:
        return NOT_YET
    if _begun(row, day, today) and _not_over(row, day, today):
        return HELD
    if row["as_of"] is not None and row["end"] is None and day > row["as_of_latest"]:
        return LAST_REPORTED
    return MAY_HOLD


def period(row: Fields) -> str:
    """How a statement's dates read: 'Nov 2015 – 2 Jun 2022', 'since 28 Dec 2022',
    'as of 4 Jun 2021', 'since 1951, as of 4 Jun 2021', 'ended by 4 Jun 2021', or ''."""
    start, end = dates.display(row["start"]), dates.display(row["end"])
    reported = f"as of {dates.display(row['as_of'])}" if row["as_of"] else ""
    if start and end:
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
