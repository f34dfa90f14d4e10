"""The fast path reads options exactly as the typer app does, or leaves them to it."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from idkb import argspec, cli, fastpath, handlers
from idkb.options import OutFormat
from tests.conftest import Run

ROOT = typer.main.get_command(cli.app)


def _typer_params(argv: list[str]) -> dict[str, Any]:
    command = ROOT.commands[argv[0]]  # type: ignore[attr-defined]
    ctx = command.make_context(argv[0], list(argv[1:]))
    return {k: v.value if isinstance(v, OutFormat) else v for k, v in ctx.params.items()}


ACCEPTED = [
    ["person", "Song Tao"],
    ["person", "Song Tao", "--format", "json"],
    ["person", "--format=JSON", "Song Tao"],
    ["person", "-fjsonl", "宋涛", "--as-of", "2021"],
    ["person", "Song Tao", "-f", "csv", "--json", "--db", "x.db"],
    ["org", "ILD", "--as-of=2021-06-04"],
    ["show", "-"],
    ["events"],
    ["events", "--year", "2021", "--json"],
    ["events", "-y2021", "-n", "0", "--with", "Morocco", "-t", "meeting"],
    ["events", "--from", "2020", "--to", "2021-04", "--limit=5", "-f", "table"],
    ["sources", "--format", "csv"],
]

DECLINED = [
    [], ["--help"], ["person"], ["person", "a", "b"], ["person", "x", "--help"],
    ["person", "x", "-h"], ["person", "x", "--format", "xml"], ["person", "x", "--json=1"],
    ["person", "x", "--format"], ["person", "--", "-x"], ["person", "x", "--db", "-x"],
    ["person", "x", "--json", "--json"], ["events", "--year", "0"], ["events", "-y", "x"],
    ["events", "--year", "+5"], ["events", "--limit", "-1"], ["events", "stray"],
    ["events", "--bogus"], ["db", "path"], ["nonsense"], ["--version"],
]


@pytest.mark.parametrize("argv", ACCEPTED)
def test_accepted_options_match_typer(argv: list[str]) -> None:
    parsed = fastpath.parse(argv)
    assert parsed is not None
    command, params = parsed
    assert command == argv[0]
    assert params == _typer_params(argv)


@pytest.mark.parametrize("argv", DECLINED)
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None


def test_environment_default_matches_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDKB_DB", "/some/where.db")
    parsed = fastpath.parse(["person", "Song Tao"])
    assert parsed is not None
    assert parsed[1] == _typer_params(["person", "Song Tao"])


@pytest.mark.parametrize("name", list(argspec.COMMANDS))
def test_declarations_are_what_typer_builds(name: str) -> None:
    """Every option of a fast-path command, as typer built it, is its argspec declaration."""
    command = ROOT.commands[name]  # type: ignore[attr-defined]
    options = [p for p in command.params if p.param_type_name == "option"]
    specs = argspec.COMMANDS[name]
    assert [o.name for o in options] == [s.dest for s in specs]
    for o, spec in zip(options, specs, strict=True):
        assert tuple(o.opts) == spec.flags and not o.secondary_opts
        assert o.is_flag == spec.is_flag
        assert o.envvar == spec.envvar
        default = o.default.value if isinstance(o.default, OutFormat) else o.default
        assert default == spec.default
        choices = getattr(o.type, "choices", None)
        assert tuple(str(getattr(c, "value", c)) for c in choices or ()) == spec.choices
        assert (getattr(o.type, "min", None), getattr(o.type, "max", None)) == (spec.min,
                                                                                spec.max)
    arguments = [p.name for p in command.params if p.param_type_name == "argument"]
    assert arguments == (["name"] if name in argspec.PROFILE_KINDS else [])


def test_every_fast_command_has_a_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(handlers, "show_profile", lambda *a: called.append("profile"))
    monkeypatch.setattr(handlers, "events", lambda *a: called.append("events"))
    monkeypatch.setattr(handlers, "sources", lambda *a: called.append("sources"))
    for name in argspec.COMMANDS:
        parsed = fastpath.parse([name, "x"] if name in argspec.PROFILE_KINDS else [name])
        assert parsed is not None
        handlers.dispatch(*parsed)
    assert len(called) == len(argspec.COMMANDS)
    with pytest.raises(KeyError):
        handlers.dispatch("nonsense", {"fmt": "json", "as_json": False, "db_option": None})


def test_formats_are_the_declared_ones() -> None:
    assert tuple(f.value for f in OutFormat) == argspec.FORMATS


@pytest.mark.parametrize("args", [("person", "Song Tao", "--json"), ("events", "-y", "2021"),
                                  ("person", "Nobody At All"), ("show", "ID", "--as-of", "x")])
def test_both_paths_give_the_same_answer(run: Run, args: tuple[str, ...]) -> None:
    fast, full = run(*args), run(*args, env={"IDKB_NO_FASTPATH": "1"})
    assert (fast.code, fast.out, fast.err) == (full.code, full.out, full.err)
