"""The fast path reads options exactly as the typer app does, or leaves them to it."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import typer

from idkb import argspec, cli, explore_handlers, fastpath, handlers
from idkb.options import OutFormat
from tests.conftest import Run

ROOT = typer.main.get_command(cli.app)


def _typer_params(argv: list[str]) -> dict[str, Any]:
    command = ROOT.commands[argv[0]]  # type: ignore[attr-defined]
    ctx = command.make_context(argv[0], list(argv[1:]))
    return {k: v.value if isinstance(v, Enum) else v for k, v in ctx.params.items()}


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
    ["search", "Song Tao", "--json"],
    ["search", "-kPerson", "-n", "3", "宋涛"],
    ["timeline"],
    ["timeline", "Song Tao", "--from", "2015", "--to=2022", "-f", "jsonl"],
    ["related", "ID", "--format", "csv"],
    ["stats", "--by", "party-status", "--json"],
    ["stats"],
]

DECLINED = [
    [], ["--help"], ["person"], ["person", "a", "b"], ["person", "x", "--help"],
    ["person", "x", "-h"], ["person", "x", "--format", "xml"], ["person", "x", "--json=1"],
    ["person", "x", "--format"], ["person", "--", "-x"], ["person", "x", "--db", "-x"],
    ["person", "x", "--json", "--json"], ["events", "--year", "0"], ["events", "-y", "x"],
    ["events", "--year", "+5"], ["events", "--limit", "-1"], ["events", "stray"],
    ["events", "--bogus"], ["db", "path"], ["nonsense"], ["--version"],
    ["search"], ["search", "x", "--limit", "0"], ["search", "x", "--kind", "place"],
    ["timeline", "a", "b"], ["related"], ["stats", "--by", "month"], ["path", "a", "b"],
    ["graph"],
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
        default = o.default.value if isinstance(o.default, Enum) else o.default
        assert default == spec.default
        choices = getattr(o.type, "choices", None)
        assert tuple(str(getattr(c, "value", c)) for c in choices or ()) == spec.choices
        assert (getattr(o.type, "min", None), getattr(o.type, "max", None)) == (spec.min,
                                                                                spec.max)
    arguments = [(p.name, 1 if p.required else 0, p.nargs) for p in command.params
                 if p.param_type_name == "argument"]
    assert arguments == ([argspec.ARGUMENTS[name]] if name in argspec.ARGUMENTS else [])


def test_every_fast_command_has_a_handler(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []
    monkeypatch.setattr(handlers, "show_profile", lambda *a: called.append("profile"))
    monkeypatch.setattr(handlers, "events", lambda *a: called.append("events"))
    monkeypatch.setattr(handlers, "sources", lambda *a: called.append("sources"))
    for name in ("search", "timeline", "related", "stats"):
        monkeypatch.setattr(explore_handlers, name, lambda *a, n=name: called.append(n))
    for name in argspec.COMMANDS:
        needs = argspec.ARGUMENTS.get(name, ("", 0, 0))[1]
        parsed = fastpath.parse([name, "x"] if needs else [name])
        assert parsed is not None
        handlers.dispatch(*parsed)
    assert len(called) == len(argspec.COMMANDS)
    with pytest.raises(KeyError):
        handlers.dispatch("nonsense", {"fmt": "json", "as_json": False, "db_option": None})


def test_formats_are_the_declared_ones() -> None:
    assert tuple(f.value for f in OutFormat) == argspec.FORMATS


@pytest.mark.parametrize("args", [("person", "Song Tao", "--json"), ("events", "-y", "2021"),
                                  ("person", "Nobody At All"), ("show", "ID", "--as-of", "x"),
                                  ("search", "poverty"), ("timeline", "Song Tao", "--json"),
                                  ("related", "Song Tao", "-f", "csv"), ("stats", "--by", "type"),
                                  ("timeline", "--from", "20x1")])
def test_both_paths_give_the_same_answer(run: Run, args: tuple[str, ...]) -> None:
    fast, full = run(*args), run(*args, env={"IDKB_NO_FASTPATH": "1"})
    assert (fast.code, fast.out, fast.err) == (full.code, full.out, full.err)
