"""Options shared by every read command, declared once (as sqlite-utils does for its output
options) so all commands accept the same `--format`, `--json` and `--db` and mean the same."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from idkb.output import Format


class OutFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


FormatOpt = Annotated[
    OutFormat,
    typer.Option("--format", "-f", help="table (default), json, jsonl or csv.",
                 case_sensitive=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
DbOpt = Annotated[
    str | None,
    typer.Option("--db", envvar="IDKB_DB", metavar="PATH",
                 help="Database file (default: IDKB_DB, else the user data folder)."),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="DATE",
                 help="Only what held on DATE (YYYY, YYYY-MM or YYYY-MM-DD)."),
]


def pick_format(fmt: OutFormat, as_json: bool) -> Format:
    value: Format = "json" if as_json else FORMAT_BY_NAME[fmt.value]
    return value


FORMAT_BY_NAME: dict[str, Format] = {"table": "table", "json": "json", "jsonl": "jsonl",
                                     "csv": "csv"}
