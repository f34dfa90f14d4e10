"""Splitting an item: its header, its paragraphs, the dateline and the sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)

HEADER_KEYS = ("url", "publisher", "published", "title")


@dataclass(frozen=True)
class Item:
    """One press item: its text and what is known of where it came from."""

    text: str
    url: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO date, the anchor for years and relative days
    title: str | None = None


@dataclass(frozen=True)
class Dateline:
    """"Beijing, April 22nd—": the place and the day the report was filed."""

    city: str
    month: int
    day: int
    year: int | None


def parse_item(raw: str) -> Item:
    """Read a file with `key: value` header lines, a blank line, then the text.

    A file without a header is all text; unknown header keys are kept in the text so nothing
    is silently dropped.
    """
    lines = raw.replace("\r\n", "\n").split("\n")
    fields: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not line.strip():
            if fields:
                return Item(text="\n".join(lines[i + 1 :]).strip(), **fields)
            break
        key, sep, value = line.partition(":")
        if not sep or key.strip().lower() not in HEADER_KEYS:
            break
        fields[key.strip().lower()] = value.strip()
    if fields and len(fields) == len([ln for ln in lines if ln.strip()]):
        return Item(text="", **fields)
    return Item(text=raw.strip())


# A line that ends a sentence; in a text without blank lines it ends a paragraph too.
_LAST_LINE = re.compile(r"[.!?:][\"”’')]*\s*$")


def paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; a text without any is one paragraph a line,
    except that a line not ending a sentence goes on in the next (a hard-wrapped text)."""
    text = text.strip()
    if re.search(r"\n\s*\n", text):
        blocks = re.split(r"\n\s*\n", text)
    else:
        blocks, current = [], []
        for line in text.split("\n"):
            current.append(line)
            if _LAST_LINE.search(line):
                blocks.append(" ".join(current))
                current = []
        blocks.append(" ".join(current))
    return [" ".join(b.split()) for b in blocks if b.strip()]


_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Za-z'’. -]{1,40}?),\s+"
    r"(?:(?P<month>" + MONTH_RE + r")\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>" + MONTH_RE + r"))"
    r"(?:,?\s+(?P<year>\d{4}))?\s*(?:\([A-Za-z ]+\))?\s*(?:—|--|–|-)+\s*"
)


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def split_dateline(paragraph: str) -> tuple[Dateline | None, str]:
    """Take "BEIJING, May 8 (Xinhua) --" off the first paragraph."""
    m = _DATELINE.match(paragraph)
    if not m:
        return None, paragraph
    city = m["city"].strip()
    if city.isupper():
        city = city.title()
    month = month_number(m["month"] or m["month2"])
    day = int(m["day"] or m["day2"])
    year = int(m["year"]) if m["year"] else None
    return Dateline(city, month, day, year), paragraph[m.end() :]


# Full stops that do not end a sentence: titles, initials and abbreviated months.
_NO_BREAK = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Prof|St|Hon|Gen|Jr|Sr|No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|"
    r"Nov|Dec|[A-Z])\.$"
)


def sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", paragraph)
    out: list[str] = []
    for part in parts:
        if out and _NO_BREAK.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out
