"""How a command is declared: its arguments, its options and the function that does the work.

Plain data (standard library only): the typer app (idkb.cli.app) and the fast parser
(idkb.cli.fast) are both built from these declarations, so a command, an option, a default or a
list of choices is written once.
"""

from __future__ import annotations

from typing import NamedTuple


class Opt(NamedTuple):
    dest: str  # the parameter's name in the action function
    flags: tuple[str, ...]
    help: str
    default: object = None
    metavar: str | None = None
    choices: tuple[str, ...] = ()  # matched without regard to case
    type: str = "text"  # text, int, float, flag, or pairs (NAME VALUE, repeatable)
    min: float | None = None
    max: float | None = None
    envvar: str | None = None
    complete: str | None = None  # shell completion: a function's name in idkb.cli.complete
    multiple: bool = False  # may be given more than once: the values arrive as a list

    @property
    def is_flag(self) -> bool:
        return self.type == "flag"


class Arg(NamedTuple):
    dest: str
    metavar: str
    help: str
    required: bool = True
    many: bool = False  # FILE...: one or more
    complete: str | None = None


class Command(NamedTuple):
    """One command. `action` names the function that runs it ("module:function" under
    idkb.cli.actions), imported only when the command runs; `output` says whether it takes
    the shared output options (--format, --json) and returns a result to render."""

    name: str  # "person", or "db path" for a command in a group
    action: str
    help: str
    panel: str
    args: tuple[Arg, ...] = ()
    opts: tuple[Opt, ...] = ()
    output: bool = True

    @property
    def group(self) -> str | None:
        return self.name.split(" ")[0] if " " in self.name else None

    @property
    def leaf(self) -> str:
        return self.name.rsplit(" ", 1)[-1]


class Group(NamedTuple):
    name: str
    help: str
    panel: str


def doc(text: str) -> str:
    """Help text written indented in the declarations, as it is printed: margins removed."""
    return "\n".join(line.strip() for line in text.strip().splitlines())
