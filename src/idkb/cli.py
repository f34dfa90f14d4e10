"""The command line: parse, call a query, render. Each group of commands lives in its own
module under idkb.commands; this module wires them up and turns every error into a one-line
message and a documented exit code.

Exit codes: 0 success (an empty list too), 1 not found or ambiguous, 2 bad usage or bad input,
3 database problem, 4 a query stopped by its time limit (idkb sql).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from typing import Annotated

import typer

from idkb.commands import data, database, events, explore, lookup, sql
from idkb.errors import ExitCode, IdkbError

app = typer.Typer(
    name="idkb",
    help=(
        "A knowledge base of the CCP International Department and its party-to-party "
        "diplomacy.\n\nExit codes: 0 success, 1 not found or ambiguous, 2 bad usage or "
        "input, 3 database problem, 4 query time limit."
    ),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from idkb import about, paths

        typer.echo(about.version_text(paths.db_path()))
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version,
                                          is_eager=True,
                                          help="Show the version and the data's version.")] = False,
) -> None:
    """A knowledge base of the CCP International Department and its party-to-party diplomacy."""


lookup.register(app)
events.register(app)
explore.register(app)
data.register(app)
database.register(app)
sql.register(app)


def _say(message: str, details: list[str] | None = None) -> None:
    sys.stderr.write(f"idkb: {message}\n")
    for line in details or []:
        sys.stderr.write(f"  {line}\n")


def _reader_left() -> int:
    """The reader went away (`| head`): stop quietly, and keep Python from complaining when it
    flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
    return int(ExitCode.OK)


def run(argv: list[str]) -> int:
    """Run one command and return its exit code; no exception escapes."""
    from typer._click import exceptions as click_exc  # typer 0.28 vendors click
    from typer._click.utils import PacifyFlushWrapper

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="idkb", standalone_mode=False)
        sys.stdout.flush()
    except IdkbError as exc:
        _say(exc.message, exc.details)
        return int(exc.code)
    except click_exc.UsageError as exc:
        hint = f" (see: idkb {exc.ctx.command_path.partition(' ')[2]} --help)".replace(
            "idkb  --help", "idkb --help") if exc.ctx else ""
        _say(exc.format_message() + hint)
        return int(ExitCode.BAD_INPUT)
    except click_exc.ClickException as exc:
        _say(exc.format_message())
        return int(ExitCode.BAD_INPUT)
    except (typer.Abort, KeyboardInterrupt):
        _say("interrupted")
        return 130
    except BrokenPipeError:
        return _reader_left()
    except SystemExit:
        # typer turns a broken pipe met inside a command into exit 1, after wrapping stdout;
        # for `| head` that is not a failure.
        if isinstance(sys.stdout, PacifyFlushWrapper):
            return _reader_left()
        raise
    except UnicodeEncodeError as exc:
        # Bytes that are not UTF-8 reach Python as lone surrogates (surrogateescape); they
        # cannot be looked up or stored.
        bad = exc.object[exc.start : exc.end]
        _say(f"the input holds bytes that are not valid UTF-8 ({bad!r}); "
             "check the terminal's or the file's encoding")
        return int(ExitCode.BAD_INPUT)
    except sqlite3.OperationalError as exc:
        _say(f"database error: {exc}")
        return int(ExitCode.DATABASE)
    except sqlite3.DatabaseError as exc:
        _say(f"the database is damaged ({exc}); run 'idkb db rebuild' (the old file is kept)")
        return int(ExitCode.DATABASE)
    return result if isinstance(result, int) else int(ExitCode.OK)


def main() -> None:
    sys.exit(run(sys.argv[1:]))
