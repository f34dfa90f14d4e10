"""The entry point, and a fast path for the hottest read commands.

Building the typer app costs more than the work of most read commands (typer and its click
take about half the start-up time), so `idkb person NAME`, `idkb events --year 2021` and the
like are parsed here, from the same declarations typer uses (idkb.argspec), and run by the same
functions (idkb.handlers). The fast path only ever accepts; anything it does not fully
understand (help, an unknown or repeated option, a bad value, shell completion) goes to the
typer app, which gives the usual answer and error messages. IDKB_NO_FASTPATH=1 turns it off.
"""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from collections.abc import Callable

from idkb import argspec
from idkb.errors import ExitCode, IdkbError

_DIGITS = re.compile(r"[0-9]{1,9}")


def say(message: str, details: list[str] | None = None) -> None:
    sys.stderr.write(f"idkb: {message}\n")
    for line in details or []:
        sys.stderr.write(f"  {line}\n")


def reader_left() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining when it
    flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    return int(ExitCode.OK)


def guarded(call: Callable[[], object]) -> int:
    """Run a command and return its exit code; idkb's own errors become one line on stderr."""
    try:
        result = call()
        sys.stdout.flush()
    except IdkbError as exc:
        say(exc.message, exc.details)
        return int(exc.code)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except BrokenPipeError:
        return reader_left()
    except UnicodeEncodeError as exc:
        # Bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape); they
        # cannot be looked up or stored.
        bad = exc.object[exc.start : exc.end]
        say(f"the input holds bytes that are not valid UTF-8 ({bad!r}); "
            "check the terminal's or the file's encoding")
        return int(ExitCode.BAD_INPUT)
    except sqlite3.OperationalError as exc:
        say(f"database error: {exc}")
        return int(ExitCode.DATABASE)
    except sqlite3.DatabaseError as exc:
        say(f"the database is damaged ({exc}); run 'idkb db rebuild' (the old file is kept)")
        return int(ExitCode.DATABASE)
    return result if isinstance(result, int) else int(ExitCode.OK)


def _value(opt: argspec.Opt, text: str) -> object | None:
    """The converted value, or None when only the full parser should judge it."""
    if opt.choices:
        folded = text.casefold()
        return next((c for c in opt.choices if c.casefold() == folded), None)
    if opt.integer:
        if not _DIGITS.fullmatch(text):
            return None
        number = int(text)
        low = opt.min if opt.min is not None else number
        high = opt.max if opt.max is not None else number
        return number if low <= number <= high else None
    return None if text.startswith("-") else text


def parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """(command, parameters) as typer would pass them, or None to leave it to typer."""
    if not argv or argv[0] not in argspec.COMMANDS:
        return None
    command, opts = argv[0], argspec.COMMANDS[argv[0]]
    by_flag = {flag: opt for opt in opts for flag in opt.flags}
    params: dict[str, object] = {}
    names: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if not token.startswith("-") or token == "-":
            names.append(token)
            continue
        flag, inline = _split(token)
        opt = by_flag.get(flag)
        if opt is None or opt.dest in params:
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
        params[opt.dest] = value
    dest, least, most = argspec.ARGUMENTS.get(command, ("", 0, 0))
    if not least <= len(names) <= most:
        return None
    for opt in opts:
        if opt.dest not in params:
            env = os.environ.get(opt.envvar) if opt.envvar else None
            params[opt.dest] = env or opt.default
    if most:
        params[dest] = names[0] if names else None
    return command, params


def _split(token: str) -> tuple[str, str | None]:
    if token.startswith("--"):
        flag, eq, value = token.partition("=")
        return flag, value if eq else None
    return token[:2], token[2:] or None  # "-fjson" is "-f json", as click reads it


def run(argv: list[str]) -> int | None:
    """Run a fast-path command; None when the full command line must handle it."""
    if os.environ.get("IDKB_NO_FASTPATH") or os.environ.get("_IDKB_COMPLETE"):
        return None
    parsed = parse(argv)
    if parsed is None:
        return None
    from idkb import handlers

    command, params = parsed
    return guarded(lambda: handlers.dispatch(command, params))


def main() -> None:
    argv = sys.argv[1:]
    code = run(argv)
    if code is None:
        from idkb import cli

        code = cli.run(argv)
    sys.exit(code)
