"""The date of a contact: the dateline and the words of the text, as precise as they allow.

The dateline (or, without one, the publication date) is the anchor: "today" is that day,
"on Monday" the last Monday up to it, and a day and month without a year take the year that
puts them nearest the anchor, so a January item about "December 30" lands in the year before.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from idkb.extract.text import MONTH_RE, Dateline, month_number

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WD = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_M = f"({MONTH_RE})"
_Y = r"(?:,?\s+(\d{4}))?"

# Order matters: ranges before single days, days before months.
_RANGE_MD = re.compile(rf"\bfrom\s+{_M}\s+{_D}\s+(?:to|till|until|through)\s+(?:{_M}\s+)?{_D}{_Y}")
_RANGE_DM = re.compile(rf"\bfrom\s+{_D}\s+(?:{_M}\s+)?(?:to|till|until)\s+{_D}\s+{_M}{_Y}")
_RANGE_DASH = re.compile(rf"\b{_M}\s+{_D}\s*(?:-|–|to)\s*{_D}\b{_Y}")
_RANGE_WD = re.compile(rf"\bfrom\s+{_WD}\s+(?:to|till|until|through)\s+{_WD}\b")
_DAY_MD = re.compile(rf"\b{_M}\s+{_D}\b{_Y}")
_DAY_DM = re.compile(rf"\b{_D}\s+{_M}{_Y}")
# "on Monday", "last Monday", and Xinhua's bare "met here Thursday with ...".
_WEEKDAY = re.compile(rf"\b(?:(?:on|last|this)\s+)?{_WD}\b")
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b")
_YESTERDAY = re.compile(r"\byesterday\b")
_MONTH = re.compile(
    rf"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Ee]arly|[Ll]ate|[Mm]id)[- ]+(?:{_M})(?:\s+(\d{{4}}))?\b"
)
_YEAR = re.compile(r"\b(?:[Ii]n|[Dd]uring|[Ss]ince|[Ee]arly|[Ll]ate)\s+((?:19|20)\d\d)\b")
# "Liu had visited Japan": the sentence speaks of another time than the report's.
PAST_PERFECT = re.compile(r"\bhad\s+(?:(?:already|earlier|previously|once|\w+ly)\s+)?"
                          r"\w+(?:ed|met|held|sent|had|led|paid|made)\b")
_THIS_MONTH = re.compile(r"\b(?:earlier|later|early|late)?\s*this month\b", re.I)
_LAST_MONTH = re.compile(r"\blast month\b", re.I)
_SAME_DAY = re.compile(r"\b(?:on the same day|the same day|later that day|on that day)\b")


def anchor(dateline: Dateline | None, published: date | None) -> date | None:
    """The day the report speaks from: the dateline, its year taken from publication."""
    if dateline is None:
        return published
    if dateline.year is not None:
        return _safe(dateline.year, dateline.month, dateline.day)
    if published is None:
        return None
    return nearest(dateline.month, dateline.day, published)


def nearest(month: int, day: int, ref: date) -> date | None:
    """Month and day in the year that puts them nearest `ref` (a report looks back more
    often than forward, so a date up to two months ahead still counts as this year)."""
    here = _safe(ref.year, month, day)
    if here is None:
        return None
    if here > ref + timedelta(days=60):
        return _safe(ref.year - 1, month, day)
    if here < ref - timedelta(days=300):
        return _safe(ref.year + 1, month, day)
    return here


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _day(month: str, day: str, year: str | None, ref: date | None) -> date | None:
    m = month_number(month)
    if year:
        return _safe(int(year), m, int(day))
    return nearest(m, int(day), ref) if ref else None


def _interval(start: date | None, end: date | None) -> str | None:
    if start is None or end is None:
        return None
    if end < start:  # "from December 30 to January 2": the end is in the next year
        end = _safe(end.year + 1, end.month, end.day)
        if end is None:
            return None
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def last_weekday(name: str, ref: date) -> date:
    back = (ref.weekday() - WEEKDAYS.index(name.lower())) % 7
    return ref - timedelta(days=back)


def _ranges(s: str, ref: date | None) -> str | None:
    if m := _RANGE_MD.search(s):
        start = _day(m[1], m[2], m[5], ref)
        end_month = m[3] or m[1]
        end = _day(end_month, m[4], m[5] or (str(start.year) if start else None), ref)
        return _interval(start, end)
    if m := _RANGE_DM.search(s):
        start = _day(m[2] or m[4], m[1], m[5], ref)
        end = _day(m[4], m[3], m[5] or (str(start.year) if start else None), ref)
        return _interval(start, end)
    if m := _RANGE_DASH.search(s):
        start = _day(m[1], m[2], m[4], ref)
        end = _day(m[1], m[3], m[4] or (str(start.year) if start else None), ref)
        return _interval(start, end)
    if (m := _RANGE_WD.search(s)) and ref:
        end = last_weekday(m[2], ref)
        span = (WEEKDAYS.index(m[2].lower()) - WEEKDAYS.index(m[1].lower())) % 7
        start = end - timedelta(days=span)
        return _interval(start, end)
    return None


def _days(s: str, ref: date | None) -> str | None:
    if m := _DAY_MD.search(s):
        d = _day(m[1], m[2], m[3], ref)
        return d.isoformat() if d else None
    if m := _DAY_DM.search(s):
        d = _day(m[2], m[1], m[3], ref)
        return d.isoformat() if d else None
    if ref is None:
        return None
    if m := _WEEKDAY.search(s):
        return last_weekday(m[1], ref).isoformat()
    if _TODAY.search(s):
        return ref.isoformat()
    if _YESTERDAY.search(s):
        return (ref - timedelta(days=1)).isoformat()
    return None


def _months(s: str, ref: date | None) -> str | None:
    if m := _MONTH.search(s):
        month = month_number(m[1])
        if m[2]:
            return f"{m[2]}-{month:02d}"
        if ref is None:
            return None
        year = ref.year if month <= ref.month + 1 else ref.year - 1
        return f"{year}-{month:02d}"
    if m := _YEAR.search(s):
        return m[1]
    if ref is None:
        return None
    if _THIS_MONTH.search(s):
        return f"{ref.year}-{ref.month:02d}"
    if _LAST_MONTH.search(s):
        prev = ref.replace(day=1) - timedelta(days=1)
        return f"{prev.year}-{prev.month:02d}"
    return None


def resolve(sentence: str, ref: date | None, previous: str | None) -> str | None:
    """The EDTF date a sentence gives its contact, or None if it gives none."""
    if previous and _SAME_DAY.search(sentence):
        return previous
    return _ranges(sentence, ref) or _days(sentence, ref) or _months(sentence, ref)


def slug(edtf: str) -> str:
    """A date as it may appear inside an id."""
    return edtf.replace("/", "-to-").replace("[..", "by-").replace("]", "")
