"""Fitting a table into a width: which columns to keep, how wide each is, and cells wrapped
between words.

Both the plain text written to a pipe and the rich tables drawn on a terminal are laid out
here, so they agree. The rules: a row that fits stays on one line; otherwise each column gets
at least its longest word (a word or a URL is never split), the rest of the width goes to the
columns that need it most, and when even the longest words do not fit, the grid's least
important columns are left out (and the caller says which) before anything else gives way.
Standard library only: this runs on every piped command, where rich is never imported.
"""

from __future__ import annotations

import os
import sys
import unicodedata
from typing import NamedTuple

GAP = 2  # spaces between columns
INDENT = 2  # spaces before the first column
DEFAULT_WIDTH = 100
LONGEST_WORD = 40  # a longer "word" (a URL) may run past its column rather than widen it
# A column narrower than this reads as a stack of words: sooner than squeeze a text column
# below it, a droppable column is left out.
COMFORT = 30


def text_width(text: str) -> int:
    """Columns `text` takes on a terminal: wide (CJK) characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in text)


def plain_width() -> int:
    """The width for plain text: the terminal's when there is one (stdout, else stderr, as for
    `idkb ... | less`), else COLUMNS, else 100."""
    for stream in (sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None and os.isatty(stream.fileno()):
                return max(os.get_terminal_size(stream.fileno()).columns, 20)
        except (OSError, ValueError):
            continue
    columns = os.environ.get("COLUMNS", "")
    return max(int(columns), 20) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


LIST_SEPARATOR = "; "


class Rules(NamedTuple):
    """How each column may give way: `drop` columns a narrow screen may leave out (least
    important first), `whole` never wrapped, `lists` wrapped only between "; " items,
    `overflow` may run past the right edge (a URL in the last column of plain text)."""

    drop: tuple[int, ...] = ()
    whole: tuple[int, ...] = ()
    lists: tuple[int, ...] = ()
    overflow: tuple[int, ...] = ()


class Fitted(NamedTuple):
    keep: list[int]  # the columns shown, in order
    widths: list[int]  # their widths
    left_out: list[int]  # columns dropped for want of room


PHRASE_SEPARATOR = ", "  # "2 Jun 2022 – by 30 Sep 2025, as of 30 Jul 2025": two phrases


def words(text: str, sep: str | None = None) -> list[str]:
    """The pieces a cell may be broken between: words, or the parts between `sep` (which
    stays at the end of each part but the last)."""
    if sep:
        items = text.split(sep)
        return [item + sep.rstrip() for item in items[:-1]] + items[-1:]
    return text.split()


def separator(j: int, rules: Rules) -> str | None:
    """Where column `j` may break: between list items, between phrases, or between words."""
    return LIST_SEPARATOR if j in rules.lists else PHRASE_SEPARATOR if j in rules.whole else None


LONGEST_ITEM = 16  # a list item longer than this may break between its words


def _least(text: str, j: int, rules: Rules) -> int:
    if j in rules.whole:
        return max((text_width(w) for w in words(text, PHRASE_SEPARATOR)), default=0)
    if j in rules.overflow:
        return 0
    longest_word = min(max((text_width(w) for w in text.split()), default=0), LONGEST_WORD)
    if j in rules.lists:
        longest_item = max((text_width(w) for w in words(text, LIST_SEPARATOR)), default=0)
        return longest_item if longest_item <= LONGEST_ITEM else max(longest_word,
                                                                      LONGEST_ITEM)
    return longest_word


def fit(columns: list[str], rows: list[list[str]], width: int | None,
        rules: Rules = Rules(), gap: int = GAP, indent: int = INDENT) -> Fitted:
    """Which columns to show and how wide, to fit `width` (None: no limit, one line a row);
    `gap` is the room between two columns, `indent` before the first."""
    natural = [max([text_width(c), *(text_width(r[j]) for r in rows)])
               for j, c in enumerate(columns)]
    keep = list(range(len(columns)))
    drop = rules.drop

    def total(widths: list[int], keep: list[int]) -> int:
        return indent + sum(widths[j] for j in keep) + gap * (len(keep) - 1)

    if width is None or total(natural, keep) <= width:
        return Fitted(keep, [natural[j] for j in keep], [])
    least = [max([text_width(c), *(_least(r[j], j, rules) for r in rows)])
             for j, c in enumerate(columns)]
    for j in rules.overflow:  # room it does not need: it may run past the edge
        natural[j] = least[j]
    comfort = [least[j] if j in rules.lists else max(least[j], min(natural[j], COMFORT))
               for j in range(len(columns))]
    left_out: list[int] = []
    for j in drop:
        if total(comfort, keep) <= width:
            break
        if j in keep and len(keep) > 1:
            keep.remove(j)
            left_out.append(j)
    if total(natural, keep) <= width:
        return Fitted(keep, [natural[j] for j in keep], left_out)
    return Fitted(keep, _share(natural, least, keep, width - total([0] * len(natural), keep)),
                  left_out)


def _share(natural: list[int], least: list[int], keep: list[int], room: int) -> list[int]:
    """Each kept column's least width, plus a share of the `room` left (the width less the
    gaps) in proportion to how much more it would like."""
    spare = room - sum(least[j] for j in keep)
    wants = {j: natural[j] - least[j] for j in keep}
    total_want = sum(wants.values())
    widths = {j: least[j] for j in keep}
    if spare > 0 and total_want:
        for j in keep:
            widths[j] += spare * wants[j] // total_want
        leftover = room - sum(widths.values())
        for j in sorted(keep, key=lambda k: -wants[k]):
            if leftover <= 0:
                break
            if widths[j] < natural[j]:
                widths[j] += 1
                leftover -= 1
    return [widths[j] for j in keep]


def wrap(text: str, width: int, sep: str | None = None) -> list[str]:
    """`text` in lines of at most `width` columns, broken only between words (or between the
    parts `sep` divides it into); a piece longer than the width gets a line of its own."""
    if text_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    pieces = words(text, sep)
    if sep == LIST_SEPARATOR:  # an item too long for the column breaks between its words
        pieces = [w for item in pieces for w in ([item] if text_width(item) <= width
                                                  else item.split())]
    for word in pieces:
        size = text_width(word)
        if line and used + 1 + size > width:
            lines.append(line)
            line, used = "", 0
        line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
    lines.append(line)
    return lines


def pad(text: str, width: int) -> str:
    return text + " " * (width - text_width(text))
