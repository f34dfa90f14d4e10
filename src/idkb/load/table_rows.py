"""Reading the rows of a table to import: CSV, TSV or JSON Lines, one dict per row.

Rows are numbered from 1 (the first row under a header, the first line of JSON Lines); a
row that cannot be read is yielded as a problem, never skipped without a word.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from idkb.core.errors import BadInput
from idkb.load.readers import StopReading, text_lines


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is too large a number")
    return number


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


# The records made of the rows go to the load as they are, not through JSON text: what JSON
# could not carry (NaN, infinite numbers) is refused here, with the row.
_DECODER = json.JSONDecoder(parse_constant=_constant, parse_float=_finite)


@dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, Any]  # None: the row is empty
    problem: str | None = None


def table_format(path: Path, fmt: str | None) -> str:
    if fmt:
        return fmt
    suffix = path.suffix.lower()
    return {".tsv": "tsv", ".tab": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}.get(suffix,
                                                                                    "csv")


def header(path: Path, fmt: str) -> list[str]:
    """The column names (for JSON Lines, the keys of the first object)."""
    for row in rows(path, fmt):
        if row.problem is None and row.cells:
            return list(row.cells)
    return []


def rows(path: Path, fmt: str) -> Iterator[Row]:
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such table") from None
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the table ({exc.strerror or exc})") from None
    with stream:
        try:
            yield from (_jsonl(stream) if fmt == "jsonl" else _delimited(stream, fmt))
        except StopReading as stop:
            raise BadInput(f"{path}: {stop.problem.message}") from None
        except csv.Error as exc:
            raise BadInput(f"{path}: malformed {fmt.upper()}: {exc}") from None


def _delimited(stream: Any, fmt: str) -> Iterator[Row]:
    reader = csv.reader(text_lines(stream), delimiter="\t" if fmt == "tsv" else ",",
                        strict=True)
    names = [c.strip() for c in next(reader, [])]
    if not any(names):
        raise BadInput("the table is empty (expected a header row of column names)")
    if len(set(names)) != len(names):
        raise BadInput(f"a column name comes twice in the header: {', '.join(names)}")
    for number, cells in enumerate(reader, start=1):
        if not any(c.strip() for c in cells):
            yield Row(number, {})
        elif len(cells) != len(names):
            yield Row(number, {}, f"expected {len(names)} cells, found {len(cells)}")
        else:
            yield Row(number, {n: c.strip() for n, c in zip(names, cells, strict=True)})


def _jsonl(stream: Any) -> Iterator[Row]:
    for number, line in enumerate(text_lines(stream), start=1):
        if not line.strip():
            yield Row(number, {})
            continue
        try:
            obj = _DECODER.decode(line)
        except ValueError as exc:
            yield Row(number, {}, f"malformed JSON: {exc}")
            continue
        if not isinstance(obj, dict):
            yield Row(number, {}, "expected a JSON object")
            continue
        yield Row(number, {str(k): v for k, v in obj.items()})
