"""Reading load files as a stream of raw records: JSON and JSON Lines (CSV: csv_records).

Readers never hold a whole file: JSON is decoded one record at a time from a bounded buffer,
JSON Lines and CSV one line at a time. Each yields `Raw` records (still unvalidated dicts, with
the line they start on and their JSON path) and `Problem`s for what cannot be read at all;
a problem that makes the rest of the file unreadable (malformed JSON, bytes that are not
UTF-8) ends that file's stream.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from msgspec import DecodeError
from msgspec import json as fast_json

from idkb.core.vocab import LINK_KINDS, LINK_LISTS, LISTS, RECORD_KINDS

CHUNK = 1 << 16
# One record is small (strings are capped at 5,000 characters); a bigger one is a broken file,
# and the cap keeps memory bounded while the decoder looks for the record's end.
MAX_RECORD_CHARS = 1 << 24
RECORD_TYPES = ("dataset", *RECORD_KINDS, *LINK_KINDS)
TOO_DEEP = "malformed input: values nested too deeply (no record of the load format is)"
TOP_KEYS = ("idkb", "dataset", *LISTS, *LINK_LISTS)
ALL_LISTS = {**LISTS, **LINK_LISTS}


@dataclass(frozen=True)
class Raw:
    kind: str  # one of RECORD_TYPES
    data: Any
    line: int
    path: str  # JSON path of the record ("events[3]"), or "" when the line says it all


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: str
    message: str


Item = Raw | Problem


class StopReading(Exception):
    """The rest of the file cannot be read."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


DECODER = json.JSONDecoder(parse_constant=_reject_constant)


class _Text:
    """The decoded text of a byte stream, read in chunks, keeping track of line numbers."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.buf = ""
        self.pos = 0
        self.line = 1  # line number of buf[0]
        self.col = 1  # column of buf[0]
        self.bytes_read = 0
        self.eof = False
        self._mark, self._mark_line = 0, 1

    def more(self) -> bool:
        """Read more text; False at the end of the stream. Each read is at least as long as
        the text still waiting in the buffer, so a long record or line is read in doubling
        steps and the work stays linear in its length."""
        if self.eof:
            return False
        data = self.stream.read(max(CHUNK, len(self.buf) - self.pos))
        if self.bytes_read == 0 and b"\x00" in data[:CHUNK]:
            raise StopReading(Problem(None, "", "this looks like a binary file (it contains NUL "
                                          "bytes); expected UTF-8 text"))
        try:
            text = self.decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            offset = self.bytes_read + exc.start
            raise StopReading(Problem(self.where(len(self.buf))[0], "",
                                f"not UTF-8 text: byte 0x{exc.object[exc.start]:02x} at byte "
                                f"offset {offset} (expected UTF-8)")) from None
        self.bytes_read += len(data)
        if not data:
            self.eof = True
        self.compact()
        self.buf += text
        return bool(data)

    def compact(self) -> None:
        done = self.buf[: self.pos]
        newlines = done.count("\n")
        if newlines:
            self.line += newlines
            self.col = len(done) - done.rfind("\n")
        else:
            self.col += len(done)
        self.buf = self.buf[self.pos :]
        self.pos = 0
        self._mark, self._mark_line = 0, self.line

    def where(self, pos: int) -> tuple[int, int]:
        """Line and column of buf[pos]; counts on from the last answer, as positions grow."""
        if pos < self._mark:
            self._mark, self._mark_line = 0, self.line
        self._mark_line += self.buf.count("\n", self._mark, pos)
        self._mark = pos
        if self._mark_line > self.line:
            return self._mark_line, pos - self.buf.rfind("\n", 0, pos)
        return self.line, self.col + pos

    def peek(self) -> str | None:
        """The next character that is not whitespace (None at the end of the text)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return None

    def value(self) -> Any:
        """Decode the JSON value at the current position, reading more text as it needs."""
        while True:
            try:
                value, end = DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if self._truncated(exc) and self.more():
                    continue
                self._too_large()
                line, col = self.where(exc.pos)
                raise StopReading(Problem(line, "", f"malformed JSON at line {line} column {col}: "
                                              f"{exc.msg}")) from None
            except ValueError as exc:
                line, col = self.where(self.pos)
                raise StopReading(Problem(line, "", f"malformed JSON at line {line} column {col}: "
                                              f"{exc}")) from None
            except RecursionError:
                line, _ = self.where(self.pos)
                raise StopReading(Problem(line, "", TOO_DEEP)) from None
            if end - self.pos > MAX_RECORD_CHARS:
                self._too_large()
            self.pos = end
            return value

    def _too_large(self) -> None:
        """Stop at a record over the size limit: it is reported as too large, not as
        malformed (its end was never read)."""
        if len(self.buf) - self.pos > MAX_RECORD_CHARS:  # (the end may be further still)
            line, _ = self.where(self.pos)
            raise StopReading(Problem(line, "", f"a record starting at line {line} is larger "
                                      f"than {MAX_RECORD_CHARS:,} characters; idkb does not "
                                      "read records that big"))

    def _truncated(self, exc: json.JSONDecodeError) -> bool:
        # A decode error near the end of the buffer may only mean the value goes on in the
        # next chunk; an error well inside it is a real one.
        if self.eof or len(self.buf) - self.pos > MAX_RECORD_CHARS:
            return False
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - 8

    def expect(self, chars: str, what: str) -> str:
        c = self.peek()
        if c is None or c not in chars:
            line, col = self.where(self.pos)
            found = "the end of the file" if c is None else repr(c)
            raise StopReading(Problem(line, "", f"malformed JSON at line {line} column {col}: "
                                          f"expected {what}, found {found}"))
        self.pos += 1
        return c


def read_json(stream: IO[bytes]) -> Iterator[Item]:
    """A file in the load format: one object with idkb, dataset and lists of records."""
    text = _Text(stream)
    try:
        yield from _json_object(text)
    except StopReading as stop:
        yield stop.problem


def _json_object(text: _Text) -> Iterator[Item]:
    first = text.peek()
    if first is None:
        yield Problem(None, "", "the file is empty (expected a JSON object in the load format)")
        return
    if first != "{":
        kind = "a list" if first == "[" else "something else"
        yield Problem(text.where(text.pos)[0], "",
                      f"wrong top-level shape: found {kind}; expected an object "
                      '{"idkb": 1, "sources": [...], "entities": [...], ...}')
        return
    text.pos += 1
    found: set[str] = set()
    if text.peek() == "}":
        text.pos += 1
    else:
        while True:
            yield from _json_member(text, found)
            if text.expect(",}", "',' or '}'") == "}":
                break
    if text.peek() is not None:
        line, col = text.where(text.pos)
        yield Problem(line, "", f"extra data after the top-level object at line {line} "
                                f"column {col}")
    if "idkb" not in found:
        yield Problem(1, "idkb", 'the format version is missing (expected "idkb": 1)')


def _json_member(text: _Text, found: set[str]) -> Iterator[Item]:
    text.peek()
    line = text.where(text.pos)[0]
    key = text.value()
    if not isinstance(key, str):
        raise StopReading(Problem(line, "", "malformed JSON: expected a field name in quotes"))
    text.expect(":", "':'")
    if key in found:
        yield Problem(line, key, f"field {key!r} appears twice")
    found.add(key)
    if key in ALL_LISTS:
        yield from _json_list(text, key)
        return
    text.peek()
    value_line = text.where(text.pos)[0]
    value = text.value()
    if key == "idkb":
        if value != 1 or isinstance(value, bool):
            yield Problem(value_line, "idkb", f"{value!r} is not a known format version "
                                              "(expected 1)")
    elif key == "dataset":
        yield Raw("dataset", value, value_line, "dataset")
    else:
        yield Problem(line, key, f"unknown field {key!r} (expected one of: "
                                 f"{', '.join(TOP_KEYS)})")


def _json_list(text: _Text, key: str) -> Iterator[Item]:
    if text.peek() != "[":
        line = text.where(text.pos)[0]
        text.value()
        yield Problem(line, key, f"expected a list of {key}")
        return
    text.pos += 1
    if text.peek() == "]":
        text.pos += 1
        return
    index = 0
    while True:
        text.peek()
        line = text.where(text.pos)[0]
        yield Raw(ALL_LISTS[key], text.value(), line, f"{key}[{index}]")
        index += 1
        if text.expect(",]", "',' or ']'") == "]":
            return


def text_lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines of decoded text, each with its newline; StopReading on bytes that are not UTF-8
    or a line over the record size limit (reported as soon as it is over)."""
    text = _Text(stream)
    number = 1
    scanned = 0  # how much of the current line is known to hold no newline
    while True:
        end = text.buf.find("\n", text.pos + scanned)
        if end >= 0:
            yield text.buf[text.pos : end + 1]
            text.pos, scanned, number = end + 1, 0, number + 1
            continue
        scanned = len(text.buf) - text.pos
        if scanned > MAX_RECORD_CHARS:
            raise StopReading(Problem(number, "", f"line {number} is longer than "
                                      f"{MAX_RECORD_CHARS:,} characters; idkb does not read "
                                      "records that big"))
        if not text.more():
            if text.pos < len(text.buf):
                yield text.buf[text.pos :]
            return


def read_jsonl(stream: IO[bytes]) -> Iterator[Item]:
    """JSON Lines: one object per line, its "record" field naming the record type."""
    for found in jsonl_lines(stream):
        yield found if isinstance(found, Problem) else jsonl_record(*found)


def jsonl_lines(stream: IO[bytes]) -> Iterator[tuple[int, str] | Problem]:
    """The lines of JSON Lines that are not blank, numbered, and the file's problems."""
    empty = True
    try:
        for number, line in enumerate(text_lines(stream), start=1):
            if not line.strip():
                continue
            empty = False
            yield number, line
    except StopReading as stop:
        yield stop.problem
        return
    if empty:
        yield Problem(None, "", "the file is empty (expected one JSON object per line)")


def _has_float(value: Any) -> bool:
    # Loops, not any(), and no call per scalar: this runs for every line of a big load.
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is float or ((kind is dict or kind is list) and _has_float(item)):
            return True
    return False


def jsonl_record(number: int, line: str) -> Item:
    """One line of JSON Lines read."""
    # msgspec parses a line several times faster; on anything it refuses (bad JSON, nesting
    # too deep, a lone surrogate, escaped or not) the json module decides and words the
    # message, so messages and accepted values stay the json module's. A line with any float
    # in it (rare in records) is read by the json module too, so that every float is the json
    # module's.
    try:
        obj = _decode(line)
        if type(obj) is not dict or _has_float(obj):
            return _json_record(number, line)
    except (DecodeError, RecursionError, UnicodeError):
        return _json_record(number, line)
    return _typed(number, obj)


_decode = fast_json.Decoder().decode


def _json_record(number: int, line: str) -> Item:
    try:
        obj = DECODER.decode(line)
    except json.JSONDecodeError as exc:
        return Problem(number, "", f"malformed JSON at column {exc.colno}: {exc.msg}")
    except ValueError as exc:
        return Problem(number, "", f"malformed JSON: {exc}")
    except RecursionError:
        return Problem(number, "", TOO_DEEP)
    if not isinstance(obj, dict):
        return Problem(number, "", "expected an object with a \"record\" field")
    return _typed(number, obj)


def _typed(number: int, obj: dict[str, Any]) -> Item:
    kind = obj.pop("record", None)
    if kind not in RECORD_TYPES:
        got = "missing" if kind is None else repr(kind)
        return Problem(number, "record", f"record type {got} (expected one of: "
                                         f"{', '.join(RECORD_TYPES)})")
    return Raw(kind, obj, number, "")


def guess_format(name: str, head: bytes) -> str:
    """json, jsonl or csv: from the file name's ending, else from the first bytes."""
    lower = name.lower()
    for ending, fmt in ((".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "json"),
                        (".csv", "csv")):
        if lower.endswith(ending):
            return fmt
    first_line = head.lstrip().split(b"\n", 1)[0]
    if first_line.startswith(b"{"):
        return "jsonl" if b'"record"' in first_line and first_line.rstrip().endswith(b"}") \
            else "json"
    return "csv" if b"," in first_line else "json"
