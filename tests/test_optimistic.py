"""A big load tries the optimistic way first (records packed by table, straight in) and falls
back to the careful way at the first sign of trouble: either way the same database, the same
kept files and the same messages as a load that was careful from the start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from idkb.load import datasets
from idkb.store import bulk
from tests.helpers import Result, Run
from tests.test_pipeline import APART, ONE, snapshot, state, synthetic

# (label, big, environment): careful from the start, then optimistic in one process and in two.
WAYS = (("careful", False, ONE), ("optimistic", True, ONE), ("optimistic apart", True, APART))


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each attempt of each load was the optimistic one."""
    seen: list[bool] = []
    attempt = datasets._attempt

    def spy(*args: Any, optimistic: bool, **kwargs: Any) -> Any:
        seen.append(optimistic)
        return attempt(*args, optimistic=optimistic, **kwargs)

    monkeypatch.setattr(datasets, "_attempt", spy)
    return seen


def _load(cli: Run, monkeypatch: pytest.MonkeyPatch, db: Path, big: bool, env: dict[str, str],
          *args: str) -> Result:
    monkeypatch.setattr(bulk, "is_big", lambda *_: big)
    return cli("load", *args, "--db", str(db), env=env)


def _kept(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in (db.parent / "kb.db.datasets").glob("*.jsonl")}


def _each_way(tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool],
              *args: str) -> dict[str, tuple[Any, ...]]:
    """Load into a new database each way: what it said, the rows, the kept files, attempts."""
    found = {}
    for label, big, env in WAYS:
        db = tmp_path / label / "kb.db"
        db.parent.mkdir()
        assert cli("datasets", "--db", str(db)).code == 0
        attempts.clear()
        result = _load(cli, monkeypatch, db, big, env, *args)
        found[label] = (result.code, result.err.split(" in ")[0], state(db), _kept(db),
                        list(attempts))
    return found


def test_a_valid_big_load_goes_in_at_the_first_attempt(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool]) -> None:
    data = synthetic(tmp_path / "data.jsonl", 2500)
    found = _each_way(tmp_path, cli, monkeypatch, attempts, str(data))
    assert found["careful"][4] == [False]
    assert found["optimistic"][4] == found["optimistic apart"][4] == [True]
    assert found["careful"][0] == 0 and found["careful"][2] and found["careful"][3]
    assert found["careful"][:4] == found["optimistic"][:4] == found["optimistic apart"][:4]


def test_forward_references_and_links_stay_on_the_optimistic_way(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool]) -> None:
    lines = [
        {"record": "dataset", "name": "ahead"},
        {"record": "event", "id": "ahead-meeting", "type": "meeting", "title": "Talks",
         "date": "2021-05", "location_country": "ahead-land",
         "participants": [{"entity": "ahead-party", "role": "host"}],
         "sources": [{"source": "ahead-notes", "locator": "p. 2"}]},
        {"record": "same_as", "ids": ["ahead-party", "ahead-twin"],
         "sources": [{"source": "ahead-notes", "locator": "p. 3"}]},
        {"record": "alias", "entity": "ahead-party", "name": "AP",
         "sources": [{"source": "ahead-notes", "locator": "p. 4"}]},
        {"record": "entity", "id": "ahead-land", "kind": "country", "name": "Aheadland"},
        {"record": "entity", "id": "ahead-party", "kind": "party", "name": "Ahead Party",
         "country": "ahead-land"},
        {"record": "entity", "id": "ahead-twin", "kind": "party", "name": "Ahead Twin"},
        {"record": "source", "id": "ahead-notes", "title": "Notes", "kind": "other"},
    ]
    data = tmp_path / "ahead.jsonl"
    data.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    found = _each_way(tmp_path, cli, monkeypatch, attempts, str(data))
    assert found["optimistic"][4] == found["optimistic apart"][4] == [True]
    assert found["careful"][0] == 0, found["careful"][1]
    assert found["careful"][:4] == found["optimistic"][:4] == found["optimistic apart"][:4]


EVENT = ('{"record": "event", "id": "%s", "type": "meeting", "title": "T", "date": "2001", '
         '"participants": [{"entity": "%s", "role": "host"}], '
         '"sources": [{"source": "syn-s0", "locator": "1"}]}')
BAD = {
    "duplicate in a later batch": {1600: EVENT % ("syn-ev100", "syn-e1")},
    "duplicate in one batch": {1600: EVENT % ("twice", "syn-e1"),
                               1601: EVENT % ("twice", "syn-e2")},
    "reference never found": {1700: EVENT % ("lonely", "nobody-at-all")},
    "invalid field": {1800: (EVENT % ("bad-date", "syn-e1")).replace("2001", "2001-13")},
    "malformed line": {1900: "{not json"},
}


@pytest.mark.parametrize("bad", BAD.values(), ids=list(BAD))
def test_a_big_load_with_a_problem_says_what_the_careful_way_says(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool],
        bad: dict[int, str]) -> None:
    data = synthetic(tmp_path / "data.jsonl", 2500, bad)
    db = tmp_path / "kb.db"
    assert cli("datasets", "--db", str(db)).code == 0
    before = snapshot(db)
    said = {}
    for label, big, env in WAYS:
        attempts.clear()
        said[label] = _load(cli, monkeypatch, db, big, env, str(data))
        assert said[label].code == 2
        assert attempts == ([False] if label == "careful" else [True, False])
        assert snapshot(db) == before
    assert said["careful"].err == said["optimistic"].err == said["optimistic apart"].err


def test_a_big_replacing_load_falls_back_and_counts_each_record_once(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool]) -> None:
    """An id another dataset holds, late in the file, stops the optimistic way after it has
    counted thousands of records; the careful way replaces that record."""
    first = synthetic(tmp_path / "first.jsonl", 600)
    lines = first.read_text(encoding="utf-8").splitlines()
    renamed = "\n".join(lines).replace("synthetic-600", "second", 1).replace('"syn-', '"two-')
    second = tmp_path / "second.jsonl"
    second.write_text(f"{renamed}\n{lines[-1]}\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    assert _load(cli, monkeypatch, db, False, ONE, str(first)).code == 0
    attempts.clear()
    replaced = _load(cli, monkeypatch, db, True, APART, str(second), "--replace")
    assert replaced.code == 0, replaced.err
    assert attempts == [True, False]
    records = len(lines)  # the dataset line is not a record; the repeated event is
    assert f"loaded {records:,} records" in replaced.err
    assert "replaced: event 'syn-ev599'" in replaced.err
    assert _kept(db)["second.jsonl"].count(b"\n") == records + 1


def test_a_big_import_goes_the_same_ways(tmp_path: Path, cli: Run,
                                         monkeypatch: pytest.MonkeyPatch,
                                         attempts: list[bool]) -> None:
    """An imported table's records are made in memory: the optimistic way takes them packed
    too, and a record an existing dataset holds sends the import the careful way, which
    names its table row."""
    from bench.reconcile import MAPPING

    from tests.test_import import engagement_table

    table = tmp_path / "engagements.csv"
    engagement_table(table, rows=300)
    mapping = tmp_path / "map.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    found = {}
    for label, big, env in WAYS:
        db = tmp_path / label / "kb.db"
        db.parent.mkdir()
        monkeypatch.setattr(bulk, "is_big", lambda *_, big=big: big)
        attempts.clear()
        done = cli("import", str(table), "--map", str(mapping), "--db", str(db), env=env)
        assert done.code == 0, done.err
        found[label] = (done.out, state(db), _kept(db), list(attempts))
    assert found["careful"][3] == [False]
    assert found["optimistic"][3] == found["optimistic apart"][3] == [True]
    assert found["careful"][:3] == found["optimistic"][:3] == found["optimistic apart"][:3]
    clash = tmp_path / "clash.jsonl"
    clash.write_text(json.dumps({"record": "event", "id": "engagements-25", "type": "meeting",
                                 "title": "Taken", "date": "2001", "sources": [
                                     {"source": "big-notes", "locator": "1"}]}) + "\n",
                     encoding="utf-8")
    db = tmp_path / "clash" / "kb.db"
    db.parent.mkdir()
    notes = tmp_path / "notes.jsonl"
    notes.write_text(json.dumps({"record": "source", "id": "big-notes", "title": "Notes",
                                 "kind": "other"}) + "\n", encoding="utf-8")
    monkeypatch.setattr(bulk, "is_big", lambda *_: False)
    assert cli("load", str(notes), str(clash), "--name", "clash", "--db", str(db)).code == 0
    monkeypatch.setattr(bulk, "is_big", lambda *_: True)
    attempts.clear()
    refused = cli("import", str(table), "--map", str(mapping), "--db", str(db), env=APART)
    assert refused.code == 2 and attempts == [True, False]
    assert f"{table} row 25: id: event id 'engagements-25' already exists" in refused.err


@pytest.mark.parametrize("named", [("--name", "both"), ()], ids=["one dataset", "each its own"])
def test_several_files_go_the_same_ways(tmp_path: Path, cli: Run,
                                        monkeypatch: pytest.MonkeyPatch,
                                        attempts: list[bool], named: tuple[str, ...]) -> None:
    """Several files, as one dataset (--name) or each its own, one of them empty of records:
    the steps between files are the same on the optimistic way."""
    lines = synthetic(tmp_path / "all.jsonl", 1500).read_text(encoding="utf-8").splitlines()
    first, second, empty = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    first.write_text("\n".join(lines[:1200]) + "\n", encoding="utf-8")
    second.write_text("\n".join(lines[1200:]) + "\n", encoding="utf-8")
    empty.write_text('{"record": "dataset", "name": "nothing"}\n', encoding="utf-8")
    found = _each_way(tmp_path, cli, monkeypatch, attempts, str(first), str(second), str(empty),
                      *named)
    assert found["careful"][0] == 0, found["careful"][1]
    assert found["optimistic"][4] == found["optimistic apart"][4] == [True]
    assert found["careful"][:4] == found["optimistic"][:4] == found["optimistic apart"][:4]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_lone_surrogate_is_a_field_problem_every_way(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, attempts: list[bool],
        fmt: str) -> None:
    """A JSON escape can make text that is no Unicode (half a surrogate pair); the models
    refuse it by field, and the fast check never takes it."""
    source = {"id": "odd-notes", "title": "Notes \udc00 here", "kind": "other"}
    data = tmp_path / f"odd.{fmt}"
    if fmt == "json":
        data.write_text(json.dumps({"idkb": 1, "sources": [source]}), encoding="utf-8")
    else:
        data.write_text(json.dumps({"record": "source", **source}) + "\n", encoding="utf-8")
    db = tmp_path / "kb.db"
    assert cli("datasets", "--db", str(db)).code == 0
    said = {}
    for label, big, env in WAYS:
        said[label] = _load(cli, monkeypatch, db, big, env, str(data))
        assert said[label].code == 2
        assert said[label].err.splitlines()[0].endswith("nothing was loaded"), said[label].err
        assert "title" in said[label].err and "unicode" in said[label].err
    assert said["careful"].err == said["optimistic"].err == said["optimistic apart"].err
