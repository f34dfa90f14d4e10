"""The one error boundary: every failure becomes one line on stderr and a documented exit code.

idkb's own errors, SQLite's, a bad command line, a reader that went away (`| head`), Ctrl-C and
bytes that are not UTF-8 all end here; no traceback reaches the terminal. Everything idkb says on
stderr goes through `say`.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable

from idkb.core.errors import ExitCode, IdkbError


def say(message: str, details: list[str] | None = None) -> None:
    """One message on stderr ("idkb: ..."), with any detail lines indented under it. Messages
    quote data (names, "did you mean" lists, candidates), so they are cleaned like any output."""
    from idkb.render.sections import clean

    sys.stderr.write(f"idkb: {clean(message)}\n")
    for line in details or []:
        sys.stderr.write(f"  {clean(line)}\n")


def reader_left() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining when it
    flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    return int(ExitCode.OK)


def guarded(call: Callable[[], int | None]) -> int:
    """Run a command and return its exit code; no exception escapes."""
    if sys.stdout is None:  # started with stdout closed (`idkb ... >&-`)
        say("standard output is closed; nothing can be written")
        return int(ExitCode.BAD_INPUT)
    if sys.stdin is None:  # stdin closed (`<&-`): reading '-' finds nothing, as from /dev/null
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (lives as long as stdin)
    try:
        code = call()
        sys.stdout.flush()
    except IdkbError as exc:
        say(exc.message, exc.details)
        return int(exc.code)
    except KeyboardInterrupt:
        say("interrupted")
        return int(ExitCode.INTERRUPTED)
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
    except (RecursionError, MemoryError, OverflowError) as exc:
        return _too_big(exc)
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        say(f"cannot use a file{where}: {exc.strerror or exc}; nothing was changed")
        return int(ExitCode.DATABASE)
    except sqlite3.DatabaseError as exc:
        say(f"the database is damaged ({exc}); 'idkb db check' says where, and if it is idkb's "
            "own database 'idkb db rebuild' makes a fresh one (the old file is kept)")
        return int(ExitCode.DATABASE)
    except Exception as exc:  # typer's usage errors (imported only when typer is), or a bug
        code = _usage_error(exc)
        if code is None:
            say(f"internal error ({type(exc).__name__}: {exc}); nothing was changed. Please "
                "report it with the command line that caused it")
            return int(ExitCode.INTERNAL)
        return code
    return int(ExitCode.OK) if code is None else code


def _too_big(exc: RecursionError | MemoryError | OverflowError) -> int:
    """Input past what idkb can hold: each is also bounded where it is read (nesting depth,
    record size, option ranges, SQL memory), so this is the last line of defence."""
    if isinstance(exc, RecursionError):
        say("the input is nested too deeply to read; nothing was changed")
    elif isinstance(exc, MemoryError):
        say("out of memory: the request needs more than this machine can give; narrow it "
            "(nothing was changed)")
    else:
        say(f"a number is too large ({exc}); nothing was changed")
    return int(ExitCode.BAD_INPUT)


def _usage_error(exc: Exception) -> int | None:
    """A bad command line, as typer (click) reports it, or None for anything else."""
    typer = sys.modules.get("typer")
    if typer is None:
        return None
    if isinstance(exc, typer.Abort):
        say("interrupted")
        return int(ExitCode.INTERRUPTED)
    if not isinstance(exc, typer.TyperException) or not hasattr(exc, "format_message"):
        return None
    ctx = getattr(exc, "ctx", None)
    if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
        # `idkb` or `idkb db` alone: the help is the answer, as gh and sqlite-utils give it.
        sys.stdout.write(ctx.get_help() + "\n")
        return int(ExitCode.OK)
    hint = ""
    if ctx is not None:
        sub = ctx.command_path.partition(" ")[2]
        hint = f" (see: idkb {sub} --help)" if sub else " (see: idkb --help)"
    say(exc.format_message() + hint)
    return int(ExitCode.BAD_INPUT)
