"""Options shared by every read command, declared once (as sqlite-utils does for its output
options) so all commands accept the same `--format`, `--json` and `--db` and mean the same.

The declarations themselves are plain data in idkb.argspec, which the fast path reads too;
here they become typer options.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

import typer

from idkb import argspec, output
from idkb.output import FORMAT_BY_NAME, Format

__all__ = ["FORMAT_BY_NAME", "AsOfOpt", "DbOpt", "FormatOpt", "JsonOpt", "OutFormat",
           "option", "pick_format"]


def option(spec: argspec.Opt) -> Any:
    """The typer option for a declaration in idkb.argspec."""
    extra: dict[str, Any] = {}
    if spec.metavar:
        extra["metavar"] = spec.metavar
    if spec.envvar:
        extra["envvar"] = spec.envvar
    if spec.choices:
        extra["case_sensitive"] = False
    if spec.min is not None:
        extra["min"] = spec.min
    if spec.max is not None:
        extra["max"] = spec.max
    if spec.complete:
        from idkb import complete

        extra["autocompletion"] = getattr(complete, spec.complete)
    return typer.Option(*spec.flags, help=spec.help, **extra)


class OutFormat(StrEnum):  # the same names as argspec.FORMATS (checked by a test)
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"

FormatOpt = Annotated[OutFormat, option(argspec.FORMAT)]
JsonOpt = Annotated[bool, option(argspec.JSON)]
DbOpt = Annotated[str | None, option(argspec.DB)]
AsOfOpt = Annotated[str | None, option(argspec.AS_OF)]


def pick_format(fmt: OutFormat, as_json: bool) -> Format:
    return output.pick_format(fmt.value, as_json)
