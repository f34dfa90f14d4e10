"""Cells of an imported table turned into values: text, attributes, dates in EDTF."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from typing import Any

from idkb.core import dates

_ISO = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def text_of(cell: Any) -> str | None:
    """A cell as text, None when empty (JSON Lines cells may be numbers or booleans)."""
    if type(cell) is str:  # nearly always: every CSV cell
        return cell.strip() or None
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    text = cell if isinstance(cell, str) else (json.dumps(cell, ensure_ascii=False)
                                               if isinstance(cell, dict | list) else str(cell))
    return text.strip() or None


def attribute(cell: Any) -> str | int | float | bool | None:
    """A cell kept as an attribute: numbers and booleans as they are, anything else as text."""
    if isinstance(cell, bool | int | float):
        return cell
    return text_of(cell)


@functools.lru_cache(maxsize=65536)  # a table repeats its dates; strptime is slow
def iso_date(text: str, fmt: str) -> str:
    """The date in `text` as EDTF, no more precise than `fmt` reads it.

    `iso`: 2021-04-12, 2021-04 or 2021; `edtf` (or `partial`): any EDTF date, ranges and
    uncertain dates included; else a strptime pattern (`%m/%d/%y`), whose fields say the
    precision: a day with %d or %j, a month with %m, %b or %B, otherwise a year.
    """
    if fmt in ("edtf", "partial"):
        try:
            dates.parse(text)
        except ValueError:
            raise ValueError("is not an EDTF date (2021, 2021-04, 2021-04-12, 2021~, "
                             "2021/2022)") from None
        return text
    if fmt == "iso":
        if not _ISO.fullmatch(text):
            raise ValueError("does not match the format iso (YYYY-MM-DD, YYYY-MM or YYYY)")
        try:
            dates.parse(text)
        except ValueError:
            raise ValueError("is not a real date") from None
        return text
    try:
        day = datetime.strptime(text, fmt)
    except ValueError:
        raise ValueError(f"does not match the format {fmt}") from None
    if "%d" in fmt or "%j" in fmt:
        return day.date().isoformat()
    if any(p in fmt for p in ("%m", "%b", "%B")):
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


class TextView:
    """The cells of a row as text, converted only when a template asks for one."""

    __slots__ = ("cells",)

    def __init__(self, cells: dict[str, Any]) -> None:
        self.cells = cells

    def __getitem__(self, key: str) -> str:
        return text_of(self.cells.get(key)) or ""


def attributes(columns: list[str], cells: dict[str, Any]) -> dict[str, Any]:
    """The columns kept as attributes, empty ones left out."""
    out = {}
    for column in columns:
        found = attribute(cells.get(column))
        if found is not None:
            out[column] = found
    return out
