"""The typer app, built from the declarations (idkb.cli.declarations).

It serves everything the fast parser leaves to it: help, shell completion, and the exact error
message for a bad command line. A command's callback only hands its parsed parameters back;
running and rendering happen in idkb.cli.main, whichever parser read the command line.
"""

from __future__ import annotations

import inspect
import os
import sys
from enum import Enum
from functools import cache
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from idkb.cli import complete
from idkb.cli.declarations import COMMANDS, GROUPS
from idkb.cli.spec import Arg, Command, Opt

HELP = ("A knowledge base of the CCP International Department and its party-to-party "
        "diplomacy.\n\nExit codes: 0 success, 1 not found or ambiguous, 2 bad usage or "
        "input, 3 database problem, 4 query time limit, 70 internal error, 130 "
        "interrupted.")


class Group(TyperGroup):
    """Plain help, commands grouped under their panels ("Look up", "Data", ...).

    typer draws help with rich by default; importing and laying out rich makes `idkb --help`
    take longer than sqlite-utils takes to run a query, so help is plain text, as click writes
    it, with the grouping kept.
    """

    def format_commands(self, ctx: Any, formatter: Any) -> None:
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


    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] in ("version", "help"):
            # click would suggest the nearest command's name (`person`); the flag is meant.
            from idkb.cli.boundary import say

            flag = "--version" if args[0] == "version" else "--help"
            say(f"no command {args[0]!r}; did you mean: idkb {flag}")
            raise typer.Exit(2)
        return super().resolve_command(ctx, args)


class Cmd(TyperCommand):
    """Usage lines as the help speaks of them: `idkb path [OPTIONS] A B`, not `{NAME}`."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = ["[OPTIONS]"] if any(isinstance(p, TyperOption)
                                      for p in self.get_params(ctx)) else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        return pieces


def _version(value: bool) -> None:
    if value:
        from idkb.cli import about
        from idkb.core import paths

        typer.echo(about.version_text(paths.db_path()))
        raise typer.Exit()


def _root(
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version,
                                          is_eager=True,
                                          help="Show the version and the data's version.")] = False,
) -> None:
    """A knowledge base of the CCP International Department and its party-to-party diplomacy."""


def _choices(opt: Opt) -> type[Enum]:
    """An enum of the option's choices: typer shows and checks choices through an enum."""
    return Enum(opt.dest, {c: c for c in opt.choices}, type=str)  # type: ignore[return-value]


_TYPES: dict[str, Any] = {"text": str, "int": int, "float": float, "flag": bool,
                          "pairs": list[str]}  # NAME VALUE, joined by fast.join_pairs
# Shown for a number option with no metavar of its own, as click names its types.
_METAVARS = {"int": "INTEGER", "float": "NUMBER"}


def _option(opt: Opt) -> inspect.Parameter:
    extra: dict[str, Any] = {}
    kind: Any = _TYPES[opt.type]
    default = opt.default
    if opt.choices:
        kind = _choices(opt)
        extra["case_sensitive"] = False
        default = kind(opt.default) if opt.default is not None else None
    for key in ("metavar", "envvar", "min", "max"):
        if getattr(opt, key) is not None:
            extra[key] = getattr(opt, key)
    if opt.metavar is None and opt.type in _METAVARS:
        extra["metavar"] = _METAVARS[opt.type]
    if opt.complete:
        extra["autocompletion"] = getattr(complete, opt.complete)
    if opt.multiple:  # typer hands the values over as a list, or None when none was given
        kind = list[kind]
    if default is None and not opt.is_flag:
        kind = kind | None
    info = typer.Option(*opt.flags, help=opt.help, **extra)
    return inspect.Parameter(opt.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[kind, info])


def _argument(arg: Arg) -> inspect.Parameter:
    extra: dict[str, Any] = {"metavar": arg.metavar, "help": arg.help}
    if arg.complete:
        extra["autocompletion"] = getattr(complete, arg.complete)
    kind: Any = list[str] if arg.many else str if arg.required else str | None
    default = inspect.Parameter.empty if arg.required else None
    return inspect.Parameter(arg.dest, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[kind, typer.Argument(**extra)])


def _callback(command: Command) -> Any:
    """A function with the command's parameters in its signature, as typer reads them; it
    returns the command and what was parsed."""

    def parsed(**params: Any) -> tuple[Command, dict[str, Any]]:
        return command, {k: v.value if isinstance(v, Enum) else v for k, v in params.items()}

    parameters = [*(_argument(a) for a in command.args), *(_option(o) for o in command.opts)]
    parsed.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    parsed.__annotations__ = {p.name: p.annotation for p in parameters}
    parsed.__doc__ = command.help
    return parsed


@cache
def build() -> typer.Typer:
    app = typer.Typer(name="idkb", cls=Group, rich_markup_mode=None, help=HELP,
                      no_args_is_help=True, add_completion=True,
                      pretty_exceptions_enable=False,
                      context_settings={"help_option_names": ["-h", "--help"]})
    app.callback()(_root)
    groups = {g.name: typer.Typer(help=g.help, no_args_is_help=True, cls=Group)
              for g in GROUPS}
    added: set[str] = set()
    for command in COMMANDS:
        target = groups[command.group] if command.group else app
        target.command(command.leaf, help=command.help, cls=Cmd,
                       rich_help_panel=command.panel)(_callback(command))
        if command.group and command.group not in added:
            group = next(g for g in GROUPS if g.name == command.group)
            app.add_typer(groups[group.name], name=group.name, rich_help_panel=group.panel)
            added.add(group.name)
    return app


def click_command() -> Any:
    """The click command behind the app (for running it, and for the command reference)."""
    return typer.main.get_command(build())


def completion_setup(flag: str, shell: str | None) -> None:
    """`idkb --install-completion [SHELL]` / `--show-completion [SHELL]`: for the shell named,
    else the one $SHELL names (typer would detect it, and read no name)."""
    from pathlib import Path

    from idkb.cli import shells
    from idkb.cli.boundary import say
    from idkb.core.errors import BadInput

    shell = shell or Path(os.environ.get("SHELL", "")).name
    if shell not in shells.SHELLS:
        raise BadInput(f"{flag}: {shell or 'no shell'!r} is not a shell idkb completes; name "
                       f"one: {', '.join(shells.SHELLS)}")
    if flag == "--show-completion":
        sys.stdout.write(shells.SCRIPTS[shell])
        return
    path, added = shells.install(shell, Path.home())
    say(f"{shell} completion installed in {path}"
        + (f"; added to your start-up file: {'; '.join(added)}" if added else "")
        + "; it takes effect in a new shell")
