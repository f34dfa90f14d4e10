"""The `idkb` command: read the command line, run the command's action, render its result.

    argv -> fast.parse (or the typer app) -> (Command, params) -> action(**params) -> render

The fast parser reads a plain command line without importing typer; anything else (help,
completion, a bad option) goes to the typer app built from the same declarations. Either way
the same action runs and its result goes through the one render function, inside the one error
boundary. IDKB_NO_FASTPATH=1 sends every command line through typer.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

from idkb.cli import fast
from idkb.cli.boundary import guarded, reader_left, say
from idkb.cli.spec import Command


def execute(command: Command, params: dict[str, Any]) -> None:
    """Run a command's action with its parameters and render what it returns."""
    from idkb.render.emit import Display, Shown, pick_format, render

    fmt = pick_format(str(params.pop("fmt")), bool(params.pop("as_json"))) \
        if command.output else "table"
    display = Display(wide=bool(params.pop("wide", False)),
                      pager=not params.pop("no_pager", False),
                      raw_csv=bool(params.pop("raw_csv", False)))
    _check_text(params)
    module, function = command.action.split(":")
    action = getattr(import_module(f"idkb.cli.actions.{module}"), function)
    result = action(**params)
    render(result, fmt, display=display)
    if isinstance(result, Shown) and result.empty and (result.fmt or fmt) == "table":
        message = result.empty()
        if message:
            say(message)  # an empty table would say nothing at all


def _bash_completion(argv: list[str]) -> int:
    """Answer bash's completion request, each reply escaped as bash inserts it (typer compares
    the replies with what was typed first, so they cannot be escaped any earlier)."""
    import io
    from contextlib import redirect_stdout

    from idkb.cli.app import click_command
    from idkb.cli.complete import bash_reply

    replies = io.StringIO()
    code = 0
    with redirect_stdout(replies):
        try:
            click_command().main(args=argv, prog_name="idkb", standalone_mode=False)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 0
    sys.stdout.write("".join(bash_reply(line) + "\n"
                             for line in replies.getvalue().splitlines() if line))
    return code


# Parameters that name files: any bytes are a valid file name there.
_PATH_PARAMS = frozenset({"files", "db_option"})


def _check_text(params: dict[str, Any]) -> None:
    """Bytes that are not UTF-8 (lone surrogates, as Python passes them on) in a name, search
    text or query get the same answer from every command: exit 2, before any lookup."""
    from idkb.core.errors import BadInput

    for dest, value in params.items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if dest not in _PATH_PARAMS and isinstance(text, str) and any(
                    "\udc80" <= c <= "\udcff" for c in text):
                raise BadInput(f"the input holds bytes that are not valid UTF-8 ({text!r}); "
                               "check the terminal's or the file's encoding")


def _through_typer(argv: list[str]) -> int | None:
    """Parse with the typer app; run the command it hands back, or return its exit code."""
    from idkb.cli.app import click_command

    if os.environ.get("_IDKB_COMPLETE") == "complete_bash":
        return _bash_completion(argv)
    try:
        parsed = click_command().main(args=argv, prog_name="idkb", standalone_mode=False)
    except SystemExit:
        # click turns a broken pipe met while writing help into exit 1, after wrapping
        # stdout; for `| head` that is not a failure.
        if type(sys.stdout).__name__ == "PacifyFlushWrapper":
            return reader_left()
        raise
    if isinstance(parsed, tuple):
        execute(*parsed)
        return None
    return parsed if isinstance(parsed, int) else None


def run(argv: list[str], fast_path: bool = True) -> int:
    """Run one command line and return its exit code; no exception escapes. `fast_path=False`
    reads it with the typer app only (tests compare the two)."""
    argv = fast.join_pairs(argv)
    fast_ok = fast_path and not (os.environ.get("IDKB_NO_FASTPATH")
                                 or os.environ.get("_IDKB_COMPLETE"))
    if len(argv) in (1, 2) and argv[0] in ("--install-completion", "--show-completion"):
        from idkb.cli.app import completion_setup

        return guarded(lambda: completion_setup(argv[0], argv[1] if argv[1:] else None))
    parsed = fast.parse(argv) if fast_ok else None
    if parsed is not None:
        return guarded(lambda: execute(*parsed))
    return guarded(lambda: _through_typer(argv))


def main() -> None:
    sys.exit(run(sys.argv[1:]))
