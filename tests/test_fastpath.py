"""The fast parser reads command lines exactly as the typer app does, or leaves them to it; both
are built from the one table of declarations."""

from __future__ import annotations

from enum import Enum
from importlib import import_module
from typing import Any

import pytest

from idkb.cli import fast
from idkb.cli.app import click_command
from idkb.cli.declarations import COMMANDS
from idkb.cli.options import DISPLAY_DESTS
from idkb.cli.spec import Command
from tests.helpers import Run

ROOT = click_command()


def _click(command: Command) -> Any:
    found = ROOT
    for part in command.name.split(" "):
        found = found.commands[part]
    return found


def _typer_params(argv: list[str]) -> dict[str, Any]:
    parsed = fast.command_of(argv)
    assert parsed is not None
    command, words = parsed
    ctx = _click(command).make_context(command.leaf, list(words))
    # typer hands a many-valued argument or a repeatable option over as a list (click holds a
    # tuple), and a repeatable option given no value as None
    return {k: v.value if isinstance(v, Enum) else (list(v) or None) if isinstance(v, tuple)
            else v for k, v in ctx.params.items()}


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
    ["events", "--with", "Xi Jinping", "--with", "Russia", "-y", "2015"],
    ["events", "-w", "Song Tao:host", "-wMorocco", "--with=CPUSA", "--in", "Morocco"],
    ["events", "--source", "scmp", "--dataset", "seed", "--type", "meeting"],
    ["timeline", "Morocco", "--with", "ID", "--year", "2021", "--in", "Morocco"],
    ["stats", "--by", "participant", "--kind", "person", "--with", "Xi Jinping", "--top", "5"],
    ["stats", "--by", "year,participant-country", "-r", "host", "-w", "a", "-w", "b"],
    ["related", "ID", "--kind", "person", "--limit", "3"],
    ["path", "Song Tao", "Brunei", "--via", "person,party", "--from", "2015", "--to", "2022"],
    ["graph", "--with", "Morocco", "--year", "2021", "-f", "json"],
    ["sources", "--format", "csv"],
    ["search", "Song Tao", "--json"],
    ["search", "-kPerson", "-n", "3", "宋涛"],
    ["timeline"],
    ["timeline", "Song Tao", "--from", "2015", "--to=2022", "-f", "jsonl"],
    ["related", "ID", "--format", "csv"],
    ["stats", "--by", "party-status", "--json"],
    ["stats"],
    ["path", "Song Tao", "CPUSA", "--json"],
    ["graph", "-a", "Song Tao", "-d", "1", "--format", "mermaid"],
    ["load", "a.json", "b.csv", "--name", "x", "--replace"],
    ["validate", "-", "-f", "jsonl"],
    ["export", "--dataset", "seed", "-f", "jsonl"],
    ["schema"],
    ["datasets", "--json"],
    ["unload", "meetings"],
    ["db", "path"],
    ["db", "rebuild", "--no-seed", "--db", "x.db"],
    ["db", "check", "--json"],
    ["sql", "SELECT 1", "--timeout", "0.5", "-f", "csv"],
]

DECLINED = [
    [], ["--help"], ["person"], ["person", "a", "b"], ["person", "x", "--help"],
    ["person", "x", "-h"], ["person", "x", "--format", "xml"], ["person", "x", "--json=1"],
    ["person", "x", "--format"], ["person", "--", "-x"], ["person", "x", "--db", "-x"],
    ["person", "x", "--json", "--json"], ["events", "--year", "0"], ["events", "-y", "x"],
    ["events", "--year", "+5"], ["events", "--limit", "-1"], ["events", "stray"],
    ["events", "--bogus"], ["db"], ["nonsense"], ["--version"],
    ["search"], ["search", "x", "--limit", "0"], ["search", "x", "--kind", "place"],
    ["timeline", "a", "b"], ["related"], ["stats", "--kind", "place"], ["path", "a"],
    ["stats", "--role", "chair"], ["stats", "--top", "0"], ["events", "--with"],
    ["events", "--in", "x", "--in", "y"], ["related", "x", "--kind", "event"],
    ["graph", "--depth", "11"], ["load"], ["sql", "SELECT 1", "--timeout", "0"],
    ["sql", "SELECT 1", "--timeout", "nan"], ["db", "nonsense"],
]


@pytest.mark.parametrize("argv", ACCEPTED)
def test_accepted_command_lines_match_typer(argv: list[str]) -> None:
    parsed = fast.parse(argv)
    assert parsed is not None
    command, params = parsed
    assert command.name == " ".join(argv[: len(command.name.split(" "))])
    assert params == _typer_params(argv)


@pytest.mark.parametrize("argv", DECLINED)
def test_anything_unusual_is_left_to_typer(argv: list[str]) -> None:
    assert fast.parse(argv) is None


def test_environment_default_matches_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDKB_DB", "/some/where.db")
    parsed = fast.parse(["person", "Song Tao"])
    assert parsed is not None
    assert parsed[1] == _typer_params(["person", "Song Tao"])


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_declarations_are_what_typer_builds(command: Command) -> None:
    """Every option and argument of every command, as typer built it, is its declaration."""
    built = _click(command)
    options = [p for p in built.params if p.param_type_name == "option"]
    assert [o.name for o in options] == [s.dest for s in command.opts]
    for o, spec in zip(options, command.opts, strict=True):
        assert tuple(o.opts) == spec.flags and not o.secondary_opts
        assert o.is_flag == spec.is_flag
        assert o.envvar == spec.envvar
        default = o.default.value if isinstance(o.default, Enum) else o.default
        assert default == spec.default
        choices = getattr(o.type, "choices", None)
        assert tuple(str(getattr(c, "value", c)) for c in choices or ()) == spec.choices
        assert (getattr(o.type, "min", None), getattr(o.type, "max", None)) == (spec.min,
                                                                                spec.max)
    arguments = [(p.name, p.required, p.nargs) for p in built.params
                 if p.param_type_name == "argument"]
    assert arguments == [(a.dest, a.required, -1 if a.many else 1) for a in command.args]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_every_command_has_its_action(command: Command) -> None:
    """The action a declaration names exists and takes exactly the declared parameters."""
    import inspect


    module, function = command.action.split(":")
    action = getattr(import_module(f"idkb.cli.actions.{module}"), function)
    declared = [a.dest for a in command.args] + [o.dest for o in command.opts
                                                 if not (command.output and o.dest in
                                                         DISPLAY_DESTS) and o.dest != "raw_csv"]
    assert list(inspect.signature(action).parameters) == declared


@pytest.mark.parametrize("args", [("person", "Song Tao", "--json"), ("events", "-y", "2021"),
                                  ("person", "Nobody At All"), ("show", "ID", "--as-of", "x"),
                                  ("search", "poverty"), ("timeline", "Song Tao", "--json"),
                                  ("related", "Song Tao", "-f", "csv"), ("stats", "--by", "type"),
                                  ("timeline", "--from", "20x1"), ("graph", "-f", "mermaid"),
                                  ("sql", "SELECT 1 AS n", "-f", "csv"), ("db", "check"),
                                  ("events", "-w", "ID:participant", "--with", "Morocco"),
                                  ("events", "--year", "2031"), ("events", "-t", "meetings"),
                                  ("stats", "--by", "participant", "-k", "person", "-w", "ID"),
                                  ("stats", "--by", "year,participant-country", "-f", "csv"),
                                  ("related", "ID", "--kind", "person", "-n", "2"),
                                  ("path", "Song Tao", "Brunei", "--via", "person,party")])
def test_both_paths_give_the_same_answer(run: Run, args: tuple[str, ...]) -> None:
    fast_run, full = run(*args), run(*args, env={"IDKB_NO_FASTPATH": "1"})
    assert (fast_run.code, fast_run.out, fast_run.err) == (full.code, full.out, full.err)


def test_each_short_flag_has_one_meaning() -> None:
    """`-d` is --depth wherever it appears, never --dataset too: one long name per short."""
    meaning: dict[str, set[str]] = {}
    for command in COMMANDS:
        for opt in command.opts:
            longs = [f for f in opt.flags if f.startswith("--")]
            for short in (f for f in opt.flags if not f.startswith("--")):
                meaning.setdefault(short, set()).update(longs)
    assert {s: m for s, m in meaning.items() if len(m) > 1} == {}
    assert meaning["-d"] == {"--depth"}
