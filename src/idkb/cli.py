"""The command line: parse, call a query, render. Each group of commands lives in its own
module under idkb.commands; this module wires them up and turns every error into a one-line
message and a documented exit code.

Exit codes: 0 success (an empty list too), 1 not found or ambiguous, 2 bad usage or bad input,
3 database problem, 4 a query stopped by its time limit (idkb sql).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer import _click as click  # typer 0.28 vendors click
from typer.core import TyperGroup

from idkb import fastpath
from idkb.commands import data, database, events, explore, lookup, sql
from idkb.errors import ExitCode
from idkb.fastpath import guarded, reader_left, say


class Group(TyperGroup):
    """Plain help, commands grouped under their panels ("Look up", "Your data", ...).

    typer draws help with rich by default; importing and laying out rich makes `idkb --help`
    take longer than sqlite-utils takes to run a query, so help is plain text, as click writes
    it, with the grouping kept.
    """

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        panels: dict[str, list[tuple[str, str]]] = {}
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            panel = getattr(cmd, "rich_help_panel", None) or "Commands"
            panels.setdefault(panel, []).append((name, cmd.get_short_help_str(limit=150)))
        for panel, rows in panels.items():
            with formatter.section(panel):
                formatter.write_dl(rows)


app = typer.Typer(
    name="idkb",
    cls=Group,
    rich_markup_mode=None,
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


def run(argv: list[str]) -> int:
    """Run one command through the typer app and return its exit code; no exception escapes."""
    from typer._click import exceptions as click_exc  # typer 0.28 vendors click
    from typer._click.utils import PacifyFlushWrapper

    command = typer.main.get_command(app)
    try:
        return guarded(lambda: command.main(args=argv, prog_name="idkb", standalone_mode=False))
    except click_exc.UsageError as exc:
        hint = f" (see: idkb {exc.ctx.command_path.partition(' ')[2]} --help)".replace(
            "idkb  --help", "idkb --help") if exc.ctx else ""
        say(exc.format_message() + hint)
        return int(ExitCode.BAD_INPUT)
    except click_exc.ClickException as exc:
        say(exc.format_message())
        return int(ExitCode.BAD_INPUT)
    except typer.Abort:
        say("interrupted")
        return 130
    except SystemExit:
        # typer turns a broken pipe met inside a command into exit 1, after wrapping stdout;
        # for `| head` that is not a failure.
        if isinstance(sys.stdout, PacifyFlushWrapper):
            return reader_left()
        raise


def main() -> None:
    """The `idkb` command (the fast path first, then this app)."""
    fastpath.main()
