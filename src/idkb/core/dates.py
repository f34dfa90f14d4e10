"""Partial dates: parse EDTF, normalise it to a span of days, and show it as a person would.

Facts keep the date exactly as the source gives it, in the Library of Congress EDTF notation
("2021", "2021-04", "2021-03-10", "195X/196X", "2021~", "[..2021-06-04]" for "on or before",
"[2025-07,2025-08]" for "one of these: July or August 2025", "[2021-06-05..2022-06-02]" for
"some day between these"). Beside it the store keeps the earliest
and latest day the notation allows, so queries compare plain ISO strings and stay indexed.

Parsing goes through the `edtf` library, which is slow to import (about a quarter of a second),
so the read path never needs it: user options in the common forms (YYYY, YYYY-MM, YYYY-MM-DD)
take a fast path, and display works on the stored notation with string rules.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import re
from typing import Any, Literal, NamedTuple

Precision = Literal["day", "month", "year", "decade", "century", "season", "unknown"]

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# The stored earliest and latest days are compared as text, which sorts right only for
# four-digit years: dates outside 0000-9999 are refused (see docs/robustness.md).
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Span(NamedTuple):
    """A date notation with the earliest and latest day it allows (None: open-ended)."""

    notation: str
    earliest: str | None
    latest: str | None
    precision: Precision
    qualifier: str | None  # "approximate", "uncertain", "approximate and uncertain" or None


def _days_in_month(year: int, month: int) -> int:
    # Not calendar.monthrange: importing calendar (and locale) costs more than a query.
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _iso(struct: Any) -> str | None:
    if isinstance(struct, float):  # edtf gives +/-inf for open ends
        return None
    return f"{struct.tm_year:04d}-{struct.tm_mon:02d}-{struct.tm_mday:02d}"


def _precision_of(part: str) -> Precision:
    core = part.strip("~?%[]{}.")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", core):
        return "day"
    if re.fullmatch(r"\d{4}-(2[1-9]|3\d|4[01])", core):
        return "season"
    if re.fullmatch(r"\d{4}-\d{2}(-XX)?", core):
        return "month"
    if re.fullmatch(r"\d{4}(-XX){0,2}", core):
        return "year"
    if re.fullmatch(r"\d{3}X", core):
        return "decade"
    if re.fullmatch(r"\d{2}XX", core):
        return "century"
    return "unknown"


def _qualifier_of(notation: str) -> str | None:
    approx = "~" in notation or "%" in notation
    uncertain = "?" in notation or "%" in notation
    if approx and uncertain:
        return "approximate and uncertain"
    return "approximate" if approx else "uncertain" if uncertain else None


# Loads repeat the same few notations many times (validation, then the store's spans), and
# the edtf parser is slow: remembering recent answers makes big loads several times faster
# (65,536: every day of a century and more, so a big load parses each day once).
@functools.lru_cache(maxsize=65536)
def parse(notation: str) -> Span:
    """Parse an EDTF date or interval; raise ValueError with a readable message if invalid."""
    fast = _fast_span(notation)
    return fast if fast is not None else _edtf_span(notation)


def _edtf_span(notation: str) -> Span:
    """Any EDTF notation, through the edtf library (slow to import and to parse)."""
    from edtf import parse_edtf  # slow import, only for the less common notations
    from edtf.parser.edtf_exceptions import EDTFParseException

    try:
        # The library prints debugging lines to stdout on some bad input ("trying to ...");
        # they must not end up in a command's JSON or CSV.
        with contextlib.redirect_stdout(io.StringIO()):
            parsed = parse_edtf(notation)
        earliest, latest = _iso(parsed.lower_strict()), _iso(parsed.upper_strict())
    except (EDTFParseException, TypeError, ValueError, OverflowError):
        raise ValueError(
            f"{notation!r} is not a valid EDTF date (expected e.g. 2021, 2021-04, 2021-03-10, "
            "195X/196X, 2021~)"
        ) from None
    ends = notation.split("/")
    if len(ends) == 2:  # an open or unknown end stays open: no invented date
        earliest = None if ends[0] in ("", "..") else earliest
        latest = None if ends[1] in ("", "..") else latest
    for day in (earliest, latest):
        if day is not None and not _DAY.fullmatch(day):
            raise ValueError(f"{notation!r}: idkb supports the years 0000 to 9999 (stored days "
                             "must sort as text)")
    if earliest and latest and latest < earliest:
        raise ValueError(f"{notation!r}: the interval ends before it starts")
    parts = re.split(r"/|,|\.\.", notation.strip("[]{}"))  # interval ends, set members
    precisions = [_precision_of(p) for p in parts if p not in ("", "..")]
    order: list[Precision] = ["day", "month", "season", "year", "decade", "century", "unknown"]
    precision = max(precisions, key=order.index) if precisions else "unknown"
    return Span(notation, earliest, latest, precision, _qualifier_of(notation))


_UNIT = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)([~?%]?)$|^(\d{3}X|\d{2}XX)$")
_COARSER: tuple[Precision, ...] = ("day", "month", "season", "year", "decade", "century",
                                   "unknown")


def _fast_span(text: str) -> Span | None:
    """The common notations without the edtf library: a day, month or year (qualified or
    not), a decade (195X), a century (19XX), an interval of two of these, "[..DATE]", or a
    set of plain days, months or years ("[2025-07,2025-08]": one of them). None for anything
    else, which the library then parses; a test checks both agree."""
    if text.startswith("[..") and text.endswith("]"):
        inner = _unit(text[3:-1])
        return None if inner is None else Span(text, None, inner.latest, inner.precision,
                                               inner.qualifier)
    if _RANGE.match(text):
        return _range_span(text)
    if _SET.match(text):
        return _set_span(text)
    if "/" not in text:
        return _unit(text)
    left, _, right = text.partition("/")
    a, b = _unit(left), _unit(right)
    if a is None or b is None or ("X" in left) != ("X" in right):
        return None  # mixed forms: the library decides what it accepts
    if b.latest and a.earliest and b.latest < a.earliest:
        raise ValueError(f"{text!r}: the interval ends before it starts")
    precision = max(a.precision, b.precision, key=_COARSER.index)
    return Span(text, a.earliest, b.latest, precision, _qualifier_of(text))


# "One of a set": two or more plain dates in square brackets, in order.
_SET = re.compile(r"^\[\d{4}(?:-\d{2}){0,2}(?:,\d{4}(?:-\d{2}){0,2})+\]$")


# "One day of a range": two plain dates of the same precision in square brackets.
_RANGE = re.compile(r"^\[(\d{4}(?:-\d{2}){0,2})\.\.(\d{4}(?:-\d{2}){0,2})\]$")


def is_range(notation: str) -> bool:
    """Is this "some day between two dates" ("[2021-06-05..2022-06-02]")?"""
    return _RANGE.match(notation) is not None


def _range_span(text: str) -> Span | None:
    match = _RANGE.match(text)
    assert match is not None
    left, right = match.groups()
    if len(left) != len(right):
        return None  # mixed precisions: the library decides what it accepts
    a, b = _iso_span(left), _iso_span(right)
    if b.latest < a.earliest:  # type: ignore[operator]
        raise ValueError(f"{text!r}: the interval ends before it starts")
    return Span(text, a.earliest, b.latest, a.precision, None)


def _set_span(text: str) -> Span | None:
    members = [_iso_span(m) for m in text[1:-1].split(",")]
    if any(b.earliest < a.earliest for a, b in itertools.pairwise(members)
           if a.earliest and b.earliest):
        return None  # out of order: the library decides what it makes of it
    precision = max((m.precision for m in members), key=_COARSER.index)
    # A member may hold another ("[1000,1000-01]"): the span runs to the latest last day.
    latest = max((m.latest for m in members if m.latest), default=None)
    return Span(text, members[0].earliest, latest, precision, None)


def _unit(text: str) -> Span | None:
    match = _UNIT.match(text)
    if not match:
        return None
    if match.group(3):  # 195X or 19XX
        digits = match.group(3).rstrip("X")
        width = 4 - len(digits)
        first, last = digits + "0" * width, digits + "9" * width
        return Span(text, f"{first}-01-01", f"{last}-12-31",
                    "decade" if width == 1 else "century", None)
    if re.fullmatch(r"\d{4}-(2[1-9]|3\d|4[01])", match.group(1)):
        return None  # an EDTF season (2021-21 is spring 2021): the library knows them
    iso = _iso_span(match.group(1))
    return iso._replace(notation=text, qualifier=_qualifier_of(match.group(2)))


def _iso_span(text: str) -> Span:
    """YYYY, YYYY-MM or YYYY-MM-DD (already matched), checked for real months and days."""
    match = _ISO.match(text)
    assert match is not None
    year, month, day = match.group(1), match.group(2), match.group(3)
    y = int(year)
    if month is None:
        return Span(text, f"{year}-01-01", f"{year}-12-31", "year", None)
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"{text!r} is not a valid date: there is no month {month}")
    last = _days_in_month(y, m)
    if day is None:
        return Span(text, f"{year}-{month}-01", f"{year}-{month}-{last:02d}", "month", None)
    if not 1 <= int(day) <= last:
        raise ValueError(f"{text!r} is not a valid date: {_MONTHS[m - 1]} {y} has {last} days")
    return Span(text, text, text, "day", None)


def check_order(start: str | None, end: str | None,
                names: tuple[str, str] = ("start", "end")) -> None:
    """An end may not come before its start (the possible periods must be able to overlap);
    `names` says which two dates these are, for the message."""
    if start is None or end is None:
        return
    s, e = parse(start), parse(end)
    if s.earliest and e.latest and e.latest < s.earliest:
        raise ValueError(f"{names[1]} {end!r} comes before {names[0]} {start!r}")


def query_span(text: str) -> tuple[str, str]:
    """A date typed as an option (`--from 2021-04`) as the first and last day it covers."""
    span = parse(text.strip())
    first, last = span.earliest or "0000-01-01", span.latest or "9999-12-31"
    # The edtf library can reach before year 0 ("/0000", "-0005"); no fact is that old.
    if last.startswith("-"):
        raise ValueError(f"{text!r} is before year 0; idkb's dates start at year 0")
    return ("0000-01-01" if first.startswith("-") else first), last


def year_span(year: int) -> tuple[str, str]:
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def display(notation: str | None) -> str:
    """Show a notation as a reader expects: 'Apr 2021', '10 Mar 2021', '1950s–1960s', 'c. 2021'."""
    if not notation:
        return ""
    if "/" in notation:
        left, right = notation.split("/", 1)
        a = display(left) if left not in ("", "..") else "…"
        b = display(right) if right not in ("", "..") else "…"
        return f"{a}–{b}"
    if notation.startswith("[..") and notation.endswith("]"):
        return f"by {display(notation[3:-1])}"
    if _RANGE.match(notation):
        first, last = notation[1:-1].split("..")
        return f"between {display(first)} and {display(last)}"
    if _SET.match(notation):
        return _display_set(notation[1:-1].split(","))
    qualifier = _qualifier_of(notation)
    core = notation.strip("~?%")
    shown = _display_core(core)
    if qualifier == "approximate":
        return f"c. {shown}"
    if qualifier:
        return f"{shown}?"
    return shown


def _display_set(members: list[str]) -> str:
    """One of several dates: 'Jul or Aug 2025', '30 or 31 Jul 2025', 'Dec 2024 or Jan 2025'."""
    shown = [_display_core(m) for m in members]
    common = ""
    parts = [s.rsplit(" ", 1) for s in shown]
    if all(len(p) == 2 for p in parts) and len({p[1] for p in parts}) == 1:
        shown, common = [p[0] for p in parts], " " + parts[0][1]  # the shared year, said once
        if len(members[0]) == 10 and len({m[:7] for m in members}) == 1:  # days of one month
            shown = [s.split(" ")[0] for s in shown]
            common = " " + parts[0][0].split(" ")[1] + common
    listed = ", ".join(shown[:-1]) + " or " + shown[-1]
    return listed + common


def _display_core(core: str) -> str:
    season = re.fullmatch(r"(\d{4})-(2[1-4])", core)  # EDTF seasons: 21 spring ... 24 winter
    if season:
        return f"{_SEASONS[int(season.group(2)) - 21]} {season.group(1)}"
    match = _ISO.match(core)
    if match:
        year, month, day = match.groups()
        if month is None:
            return year
        name = _MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month
        if day is None:
            return f"{name} {year}"
        return f"{int(day)} {name} {year}"
    if re.fullmatch(r"\d{3}X", core):
        return f"{core[:3]}0s"
    if re.fullmatch(r"\d{2}XX", core):
        return f"{_ordinal(int(core[:2]) + 1)} century"
    return core


_SEASONS = ("spring", "summer", "autumn", "winter")


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, 21st, 22nd."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
