"""Writing results: JSON, JSON Lines and CSV for scripts; tables for people.

Every command's result goes through `render`, so all of them take the same `--format` choices
and behave the same way. Tables are drawn by rich only on a terminal; piped, the same content is
written as plain aligned text with no colour, box art or truncation.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, TextIO, cast

from idkb.core.unsafe_text import json_safe
from idkb.core.vocab import OUTPUT_FORMATS, OutputFormat
from idkb.render.fit import GAP, INDENT, Rules, fit, pad, plain_width, separator, wrap
from idkb.render.sections import Bars, Fields, Grid, Section, clean, safe

Format = OutputFormat
FORMAT_BY_NAME: dict[str, Format] = {f: f for f in OUTPUT_FORMATS}  # type: ignore[misc]
Row = dict[str, Any]


class Shown(NamedTuple):
    """A read command's result: the data (for JSON), its sections (for people) and its flat
    rows (for CSV); `columns` gives CSV its header even when there are no rows, and `fmt`
    is set by commands that choose their format themselves (`graph`). `empty` says what
    matched nothing when the result turns out empty (asked once it is written): the command
    line shows it under a table (JSON stays `[]`, CSV a header). `lines` gives JSON Lines its
    records when a line per item of `data` is not what is meant (a profile: a line per
    statement, event and source; a count: a line per row).

    A list command may give its rows as an iterator (read from the database as they are
    written): JSON, JSON Lines and CSV then stream, in memory that does not grow with the
    list. Only one of `data`, `sections` and `flat` is used, so they may share the iterator."""

    data: Row | list[Row] | Iterator[Row]
    sections: Callable[[], list[Section]]
    flat: Callable[[], Iterable[Row]]
    columns: Sequence[str] = ()
    fmt: Format | None = None
    empty: Callable[[], str | None] | None = None
    lines: Callable[[], Iterable[Row]] | None = None


class Counted:
    """An iterator that remembers whether it gave anything (a streamed list's emptiness is
    known only once it is written)."""

    def __init__(self, items: Iterator[Row]) -> None:
        self.items = items
        self.seen = 0

    def __iter__(self) -> Iterator[Row]:
        return self

    def __next__(self) -> Row:
        item = next(self.items)
        self.seen += 1
        return item


class Text(NamedTuple):
    """Text written as it is: a path, a DOT graph, a JSON Schema. `failure` is raised once the
    text is out (`db check` shows what it found, then fails)."""

    text: str
    failure: Exception | None = None


class Stream(NamedTuple):
    """Output written by a function as it goes (an export of millions of records)."""

    write: Callable[[TextIO], object]


Result = Shown | Text | Stream | None


class Display(NamedTuple):
    """How a person sees a table: `wide` keeps rows on one line; `pager` pages long output
    on a terminal."""

    wide: bool = False
    pager: bool = True
    raw_csv: bool = False  # CSV cells as stored (by default formulas are defused)


def render(result: Result, fmt: Format, out: TextIO | None = None,
           display: Display = Display()) -> None:
    """Write any command's result: the one place output leaves idkb. Data text is escaped
    here (sections.clean) for people, and written as JSON escapes in JSON."""
    out = out or sys.stdout
    if isinstance(result, Shown):
        fmt = result.fmt or fmt
        if fmt == "jsonl" and result.lines is not None:
            for line in result.lines():
                out.write(dumps(line) + "\n")
            return
        emit(fmt, result.data, result.sections, result.flat, out, result.columns, display)
    elif isinstance(result, Text):
        out.write(clean(result.text, lines=True))
        if result.failure is not None:
            raise result.failure
    elif isinstance(result, Stream):
        result.write(cast(TextIO, _JsonSafe(out)))


class _JsonSafe:
    """A writer for streamed JSON (an export): unsafe characters become JSON escapes on the
    way out, so the data decode the same and nothing invisible reaches a terminal. Each
    character is replaced on its own, so where the chunks split does not matter."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def write(self, text: str) -> int:
        return self.out.write(json_safe(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.out, name)


def dumps(data: object, indent: int | None = None) -> str:
    return json_safe(json.dumps(data, ensure_ascii=False, indent=indent))


def pick_format(fmt: str, as_json: bool) -> Format:
    """The format asked for: `--json` wins over `--format`."""
    return "json" if as_json else FORMAT_BY_NAME[fmt.lower()]


def emit(fmt: Format, data: Row | list[Row] | Iterator[Row],
         sections: Callable[[], list[Section]],
         flat: Callable[[], Iterable[Row]], out: TextIO | None = None,
         columns: Sequence[str] = (), display: Display = Display()) -> None:
    """Write `data` in `fmt`. `columns` gives CSV its header even when there are no rows."""
    out = out or sys.stdout
    if fmt == "json":
        if isinstance(data, Iterator):
            write_json_array(data, out)
        else:
            out.write(dumps(data, indent=2) + "\n")
    elif fmt == "jsonl":
        for item in [data] if isinstance(data, dict) else data:
            out.write(dumps(item) + "\n")
    elif fmt == "csv":
        write_csv(flat(), out, columns, defuse=not display.raw_csv, escape=out.isatty())
    elif out.isatty():
        from idkb.render import terminal  # rich is imported only for a terminal

        terminal.show(safe(sections()), wide=display.wide, page=display.pager)
    else:
        write_plain(safe(sections()), out, None if display.wide else plain_width())


def write_json_array(items: Iterator[Row], out: TextIO) -> None:
    """A JSON array written item by item, byte for byte as `dumps(list(items), indent=2)`."""
    first = True
    for item in items:
        out.write("[\n  " if first else ",\n  ")
        out.write(dumps(item, indent=2).replace("\n", "\n  "))
        first = False
    out.write("[]\n" if first else "\n]\n")


def write_csv(rows: Iterable[Row], out: TextIO, columns: Sequence[str] = (),
              defuse: bool = True, escape: bool = False) -> None:
    """CSV with a header. `defuse`: a text cell a spreadsheet would run as a formula gets a
    ' first (OWASP's advice); `escape`: cells cleaned as for any terminal output."""
    writer: csv.DictWriter[str] | None = None
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=[_text(k, defuse, escape) for k in row],
                                    lineterminator="\n")
            writer.writeheader()
        writer.writerow({_text(k, defuse, escape): _cell(v, defuse, escape)
                         for k, v in row.items()})
    if writer is None and columns:  # no rows: still a header, so scripts see the columns
        csv.writer(out, lineterminator="\n").writerow(
            [_text(c, defuse, escape) for c in columns])


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object, defuse: bool = True, escape: bool = False) -> object:
    if isinstance(value, list | dict):
        value = dumps(value)
    return _text(value, defuse, escape) if isinstance(value, str) else value


def _text(text: str, defuse: bool, escape: bool) -> str:
    if escape:
        text = clean(text, lines=True)
    return "'" + text if defuse and text.startswith(FORMULA_STARTS) else text


def write_plain(sections: list[Section], out: TextIO, width: int | None = None) -> None:
    """Sections as plain aligned text, cells wrapped between words to fit `width` (None: each
    row on one line)."""
    for i, section in enumerate(sections):
        if isinstance(section, Grid) and not section.rows:
            continue
        if i:
            out.write("\n")
        out.write(section.title + "\n")
        if isinstance(section, Bars):
            write_bars(section, out)
            continue
        if isinstance(section, Fields):
            write_fields(section, out, width)
            continue
        write_grid(section, out, width)


def write_fields(section: Fields, out: TextIO, width: int | None) -> None:
    key_width = max((len(k) for k, _ in section.items), default=0)
    room = None if width is None else max(width - INDENT - key_width - GAP, 20)
    for key, value in section.items:
        lines = wrap(value, room) if room is not None else [value]
        for n, line in enumerate(lines):
            out.write(f"  {(key if not n else '').ljust(key_width)}  {line}".rstrip() + "\n")


def write_grid(section: Grid, out: TextIO, width: int | None) -> None:
    last = len(section.columns) - 1
    # A URL cannot be shortened in plain text: in the last column it may run past the edge.
    rules = Rules(section.drop, section.whole, section.lists,
                  tuple(j for j in section.links if j == last))
    fitted = fit(section.columns, section.rows, width, rules)
    for cells in [section.columns, *section.rows]:
        wrapped = [wrap(cells[j], w, separator(j, rules))
                   for j, w in zip(fitted.keep, fitted.widths, strict=True)]
        for n in range(max(len(c) for c in wrapped)):
            parts = [pad(c[n] if n < len(c) else "", w)
                     for c, w in zip(wrapped, fitted.widths, strict=True)]
            out.write(" " * INDENT + (" " * GAP).join(parts).rstrip() + "\n")
    notes = [section.note] if section.note else []
    if fitted.left_out:
        notes.append(left_out_note(section, fitted.left_out))
    for note in notes:
        lines = wrap(f"({note})", width - INDENT) if width is not None else [f"({note})"]
        out.write("".join(f"  {line}\n" for line in lines))


def left_out_note(section: Grid, left_out: list[int]) -> str:
    names = ", ".join(section.columns[j] for j in left_out)
    return f"left out at this width: {names}; --wide or --format csv shows every column"


def write_bars(section: Bars, out: TextIO, width: int = 40) -> None:
    """Plain bars of '#', scaled so the longest is `width` wide; any count above 0 shows."""
    top = max((n for _, n in section.rows), default=0)
    label_width = max((len(k) for k, _ in section.rows), default=0)
    count_width = len(str(top))
    for key, n in section.rows:
        bar = "#" * (max(1, round(n * width / top)) if n else 0)
        out.write(f"  {key.ljust(label_width)}  {str(n).rjust(count_width)}  {bar}".rstrip()
                  + "\n")
    if section.note:
        out.write(f"  ({section.note})\n")
