"""The command reference (docs/cli.md), written from the CLI's own help.

Run `python -m idkb.cli.docgen > docs/cli.md` (or `make docs`). Nothing here knows which commands
exist: it walks whatever is registered on the app, so a new command is documented by its own
docstring and option help, and a test fails until docs/cli.md is regenerated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from idkb.cli.app import click_command
from idkb.cli.declarations import PANELS

_EXAMPLE = re.compile(r"^(Examples?|Then):\s*(.*)$", re.DOTALL)


@dataclass
class Entry:
    path: str  # "idkb db path"
    command: Any  # a click Command or Group
    ctx: Any  # its click Context
    panel: str


def root() -> Any:
    return click_command()


def walk() -> list[Entry]:
    """Every command and group under the app, grouped by help panel in PANELS order."""
    top = root()
    ctx = top.make_context("idkb", [], resilient_parsing=True)
    found = list(_walk(top, ctx, "idkb", ""))
    rank = {p: i for i, p in enumerate(PANELS)}
    return sorted(found, key=lambda e: rank.get(e.panel, len(PANELS)))  # stable: keeps order


def _walk(group: Any, ctx: Any, path: str, panel: str) -> Iterator[Entry]:
    for name, command in (getattr(group, "commands", None) or {}).items():
        if getattr(command, "hidden", False):
            continue
        sub = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        here = getattr(command, "rich_help_panel", None) or panel
        entry = Entry(f"{path} {name}", command, sub, here)
        yield entry
        yield from _walk(command, sub, entry.path, here)


def examples(help_text: str) -> list[str]:
    """The example command lines in a help text ("Example: idkb x   ·   idkb y")."""
    found = []
    for paragraph in help_text.split("\n\n"):
        match = _EXAMPLE.match(paragraph.strip())
        if match:
            found += [p.strip() for p in re.split(r"\s+·\s+", match.group(2)) if p.strip()]
    return found


def _prose(help_text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in help_text.strip().split("\n\n"):
        match = _EXAMPLE.match(paragraph.strip())
        if match:
            lines += [f"{match.group(1)}:", "", "```sh", *examples(paragraph), "```", ""]
        else:
            lines += [" ".join(paragraph.split()), ""]
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _params(command: Any, ctx: Any) -> list[str]:
    rows = [r for r in (p.get_help_record(ctx) for p in command.get_params(ctx)) if r]
    if not rows:
        return []
    lines = ["| Argument or option | Meaning |", "|---|---|"]
    lines += [f"| `{_cell(name)}` | {_cell(text)} |" for name, text in rows]
    return [*lines, ""]


def _usage(entry: Entry) -> list[str]:
    pieces = " ".join(entry.command.collect_usage_pieces(entry.ctx))
    return ["```", f"{entry.path} {pieces}".rstrip(), "```", ""]


def render() -> str:
    top = root()
    ctx = top.make_context("idkb", [], resilient_parsing=True)
    lines = [
        "# idkb command reference",
        "",
        "<!-- Generated from the CLI's own help by `make docs` "
        "(python -m idkb.cli.docgen > docs/cli.md); do not edit by hand. -->",
        "",
        *_prose(top.help or ""),
        *_usage(Entry("idkb", top, ctx, "")),
        *_params(top, ctx),
    ]
    panel = None
    for entry in walk():
        if entry.panel != panel:
            panel = entry.panel
            lines += [f"## {panel or 'Other commands'}", ""]
        lines += [f"### {entry.path}", "", *_prose(entry.command.help or ""), *_usage(entry),
                  *_params(entry.command, entry.ctx)]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    import sys

    sys.stdout.write(render())


if __name__ == "__main__":
    main()
