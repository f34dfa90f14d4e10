"""A fast parser for the common case, read from the same declarations as the typer app.

Building the typer app costs more than the work of most commands (typer and its click take
about half the start-up time), so a plain command line such as `idkb person NAME` or
`idkb events --year 2021` is parsed here without importing typer at all. This parser only ever
accepts: anything it does not fully understand (help, an unknown option, one given twice that
may be given only once, a value out of range, `--`, shell completion) is left to the typer app,
which gives the usual answers and error messages. A test checks both read every accepted command
line alike. An option declared `multiple` may repeat; its values arrive as a list.
"""

from __future__ import annotations

import os
import re

from idkb.cli.declarations import BY_NAME
from idkb.cli.spec import Command, Opt

_INTEGER = re.compile(r"[0-9]{1,9}")
_DECIMAL = re.compile(r"[0-9]{1,9}(\.[0-9]{1,9})?")

Params = dict[str, object]


def command_of(argv: list[str]) -> tuple[Command, list[str]] | None:
    """The declared command named at the start of argv, and the words after its name."""
    if len(argv) >= 2 and f"{argv[0]} {argv[1]}" in BY_NAME:
        return BY_NAME[f"{argv[0]} {argv[1]}"], argv[2:]
    if argv and argv[0] in BY_NAME:
        return BY_NAME[argv[0]], argv[1:]
    return None


PAIR = "\x00"  # between NAME and VALUE of a pairs option, once joined into one word


def join_pairs(argv: list[str]) -> list[str]:
    """`-p NAME VALUE` as `-p NAME<NUL>VALUE`: click takes a repeatable option of one value,
    and a NUL cannot come from a command line, so the pair splits back exactly."""
    found = command_of(argv)
    if found is None:
        return argv
    command, words = found
    flags = {flag for opt in command.opts if opt.type == "pairs" for flag in opt.flags}
    if not flags:
        return argv
    joined, rest = argv[: len(argv) - len(words)], list(words)
    while rest:
        token = rest.pop(0)
        joined.append(token)
        if token == "--":
            joined += rest
            break
        if token in flags and len(rest) >= 2:
            joined.append(rest.pop(0) + PAIR + rest.pop(0))
    return joined


def parse(argv: list[str]) -> tuple[Command, Params] | None:
    """(command, parameters) as typer would pass them, or None to leave it to typer."""
    found = command_of(argv)
    if found is None:
        return None
    command, words = found
    params = _options(command, words)
    if params is None:
        return None
    names = params.pop("", [])
    assert isinstance(names, list)
    if not _arguments(command, names, params):
        return None
    for opt in command.opts:
        if opt.dest not in params:
            env = os.environ.get(opt.envvar) if opt.envvar else None
            params[opt.dest] = env or opt.default  # a repeatable option not given: None, as typer
    return command, params


def _options(command: Command, words: list[str]) -> Params | None:
    """The options' values, and the other words under the key ""."""
    by_flag = {flag: opt for opt in command.opts for flag in opt.flags}
    params: Params = {}
    names: list[str] = []
    rest = iter(words)
    for token in rest:
        if not token.startswith("-") or token == "-":
            names.append(token)
            continue
        flag, inline = _split(token)
        opt = by_flag.get(flag)
        if opt is not None and opt.type == "pairs":  # repeatable; joined by join_pairs
            text = inline if inline is not None else next(rest, None)
            if text is None or PAIR not in text:
                return None
            found = params.setdefault(opt.dest, [])
            assert isinstance(found, list)
            found.append(text)
            continue
        if opt is None or (opt.dest in params and not opt.multiple):
            return None
        if opt.is_flag:
            if inline is not None:
                return None
            params[opt.dest] = True
            continue
        text = inline if inline is not None else next(rest, None)
        value = None if text is None else _value(opt, text)
        if value is None:
            return None
        if opt.multiple:
            values = params.setdefault(opt.dest, [])
            assert isinstance(values, list)
            values.append(value)
        else:
            params[opt.dest] = value
    params[""] = names
    return params


def _arguments(command: Command, names: list[str], params: Params) -> bool:
    """Put the words in the arguments' places; False when they do not fit."""
    for arg in command.args:
        if arg.many:
            if not names:
                return False
            params[arg.dest], names = list(names), []
        elif names:
            params[arg.dest] = names.pop(0)
        elif arg.required:
            return False
        else:
            params[arg.dest] = None
    return not names


def _value(opt: Opt, text: str) -> object | None:
    """The converted value, or None when only the full parser should judge it."""
    if opt.choices:
        folded = text.casefold()
        return next((c for c in opt.choices if c.casefold() == folded), None)
    if opt.type in ("int", "float"):
        pattern = _INTEGER if opt.type == "int" else _DECIMAL
        if not pattern.fullmatch(text):
            return None
        number: float = int(text) if opt.type == "int" else float(text)
        low = opt.min if opt.min is not None else number
        high = opt.max if opt.max is not None else number
        return number if low <= number <= high else None
    return None if text.startswith("-") else text


def _split(token: str) -> tuple[str, str | None]:
    if token.startswith("--"):
        flag, eq, value = token.partition("=")
        return flag, value if eq else None
    return token[:2], token[2:] or None  # "-fjson" is "-f json", as click reads it
