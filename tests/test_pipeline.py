"""A big load read and checked in a second process: the same database, the same kept files and
the same messages as in one process; a failure or the death of the reading process loads
nothing."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from bench import synth

from idkb.core.errors import DatabaseProblem
from idkb.load import checking, datasets, pipeline
from idkb.load.checking import Input
from tests.helpers import Result, Run, checksums

ONE, APART = {pipeline.APART_ENV: "0"}, {pipeline.APART_ENV: "1"}


def synthetic(path: Path, events: int, bad: dict[int, str] | None = None) -> Path:
    """A synthetic dataset; `bad` replaces the given lines (1-based) with other text."""
    out = io.StringIO()
    synth.write(out, 300, events)
    lines = out.getvalue().splitlines()
    for number, text in (bad or {}).items():
        lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def state(db: Path) -> list[tuple[object, ...]]:
    """Every record row and the registry (without the load's time), in a fixed order."""
    with sqlite3.connect(db) as conn:
        rows: list[tuple[object, ...]] = []
        for table in ("sources", "entities", "entity_names", "statements", "statement_sources",
                      "events", "event_participants", "event_sources", "search_index"):
            rows += [(table, *r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        rows += conn.execute("SELECT name, file, sha256, sources, entities, statements, "
                             "events FROM datasets ORDER BY name").fetchall()
    return rows


def snapshot(db: Path) -> tuple[dict[str, str], list[str]]:
    """The database's rows and the files beside it (kept copies, temporary files)."""
    return checksums(db), sorted(str(p.relative_to(db.parent)) for p in db.parent.rglob("*")
                                 if p.is_file() and not p.name.startswith("kb.db-"))


def _each_way(tmp_path: Path, cli: Run, data: Path) -> Iterator[tuple[str, dict[str, str],
                                                                     Path, Result]]:
    """`data` loaded into a new database in one process, then in two: label, environment,
    database, and what the load said (it succeeded)."""
    for label, env in (("one", ONE), ("two", APART)):
        db = tmp_path / label / "kb.db"
        db.parent.mkdir()
        result = cli("load", str(data), "--db", str(db), env=env)
        assert result.code == 0, result.err
        yield label, env, db, result


def _refused_each_way(tmp_path: Path, cli: Run, data: Path) -> Result:
    """`data` refused (exit 2) by a load in one process and in two, with the same messages,
    and nothing loaded either way; what the load in one process said."""
    db = tmp_path / "kb.db"
    cli("db", "rebuild", "--db", str(db))
    before = snapshot(db)
    one = cli("load", str(data), "--db", str(db), env=ONE)
    two = cli("load", str(data), "--db", str(db), env=APART)
    assert one.code == two.code == 2
    assert one.err == two.err
    assert snapshot(db) == before
    return one


def test_the_same_load_in_one_process_or_two(tmp_path: Path, cli: Run) -> None:
    data = synthetic(tmp_path / "data.jsonl", 3000)
    found = {}
    for label, _, db, result in _each_way(tmp_path, cli, data):
        kept = db.parent / "kb.db.datasets"
        found[label] = (result.err.split(" in ")[0], state(db),
                        {p.name: p.read_bytes() for p in kept.glob("*.jsonl")})
    assert found["one"] == found["two"]
    assert found["one"][1] and found["one"][2]  # something was loaded and kept


def test_the_same_messages_in_one_process_or_two(tmp_path: Path, cli: Run) -> None:
    bad = {
        250: '{"record": "entity", "id": "x y", "kind": "person", "name": "A"}',
        40: "{not json",
        # an id that comes again later, in another batch; then one id twice in a batch
        600: '{"record": "event", "id": "syn-ev2900", "type": "meeting", "title": "Again", '
             '"date": "2001", "sources": [{"source": "syn-s0", "locator": "1"}]}',
        1500: '{"record": "event", "id": "twice", "type": "meeting", "title": "A", '
              '"date": "2001", "sources": [{"source": "syn-s0", "locator": "1"}]}',
        1501: '{"record": "event", "id": "twice", "type": "meeting", "title": "B", '
              '"date": "2002", "sources": [{"source": "syn-s0", "locator": "1"}]}',
        900: '{"record": "event", "id": "e-bad", "type": "meeting", "title": "T", '
             '"date": "2001-13", "participants": [{"entity": "nobody", "role": "host"}]}',
        2500: '{"record": "statement", "id": "s-1", "subject": "nobody-at-all", '
              '"predicate": "member_of", "object": "syn-e1"}',
    }
    data = synthetic(tmp_path / "data.jsonl", 3000, bad)
    one = _refused_each_way(tmp_path, cli, data)
    assert one.err.count("\n") >= 7
    assert "duplicate event id 'syn-ev2900'" in one.err and "duplicate event id 'twice'" in one.err


def test_a_file_spread_over_several_inputs_keeps_its_datasets(tmp_path: Path, cli: Run) -> None:
    """Several files, --name, an empty file: the steps between files are the same too."""
    first = synthetic(tmp_path / "a.jsonl", 400)
    second = tmp_path / "b.jsonl"
    second.write_text('{"record": "dataset", "name": "bee"}\n', encoding="utf-8")
    outcomes = []
    for label, env in (("one", ONE), ("two", APART)):
        db = tmp_path / label / "kb.db"
        db.parent.mkdir()
        each = cli("load", str(first), str(second), "--db", str(db), env=env)
        named = cli("load", str(first), str(second), "--name", "both", "--db", str(db),
                    "--replace", env=env)
        outcomes.append((each.code, each.err.split(" in ")[0], named.code,
                         named.err.split(" in ")[0], state(db)))
    assert outcomes[0] == outcomes[1]


def _inputs(*paths: Path) -> list[Input]:
    return [Input(str(p), str(p), p, "x", "jsonl", 1) for p in paths]


def test_an_error_in_the_reading_process_is_raised_in_the_writer(tmp_path: Path) -> None:
    data = synthetic(tmp_path / "data.jsonl", 50)
    steps = pipeline.checked(functools.partial(
        checking.Checker, _inputs(data, tmp_path / "gone.jsonl"), None), elsewhere=True)
    with pytest.raises(FileNotFoundError):
        list(steps)
    sent = [step for op in pipeline.checked(functools.partial(
                checking.Checker, _inputs(data), None), elsewhere=True)
            for step in (map(checking.Verdict._make, op.items)
                         if isinstance(op, checking.Verdicts) else [op])]
    assert sent == list(checking.Checker(_inputs(data), None).ops())


@pytest.fixture
def loaded(tmp_path: Path, cli: Run) -> Iterator[Path]:
    db = tmp_path / "kb.db"
    cli("db", "rebuild", "--db", str(db))
    yield db


def test_a_failure_after_rows_were_written_loads_nothing(
        tmp_path: Path, loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first file's rows are in the transaction when reading the second one fails."""
    data = synthetic(tmp_path / "data.jsonl", 3000)
    gone = tmp_path / "gone.jsonl"
    inputs = [Input("data.jsonl", str(data), data, "1" * 64, "jsonl", 1 << 30),
              Input("gone.jsonl", str(gone), gone, "0" * 64, "jsonl", 1 << 30)]

    @contextlib.contextmanager
    def opened(names: list[str], fmt: str | None, as_label: str | None = None) -> Iterator[
            tuple[list[Input], list[tuple[str, str]]]]:
        yield inputs, []

    monkeypatch.setenv(pipeline.APART_ENV, "1")
    monkeypatch.setattr(datasets, "opened", opened)
    before = snapshot(loaded)
    written: list[int] = []
    with pytest.raises(DatabaseProblem, match=r"gone\.jsonl.*nothing was changed"):
        datasets.load(loaded, ["ignored"], progress=written.append)
    assert sum(written) >= 3000  # the first file went in before the failure
    assert snapshot(loaded) == before


def test_a_reading_process_that_dies_loads_nothing(
        tmp_path: Path, loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = synthetic(tmp_path / "data.jsonl", 20000)
    monkeypatch.setenv(pipeline.APART_ENV, "1")
    before = snapshot(loaded)

    def kill_the_reader(n: int) -> None:
        for child in multiprocessing.active_children():
            if child.name == "idkb-load-reader" and child.pid:
                os.kill(child.pid, signal.SIGKILL)

    with pytest.raises(DatabaseProblem, match="stopped before the end"):
        datasets.load(loaded, [str(data)], progress=kill_the_reader)
    assert snapshot(loaded) == before


def _linked(path: Path, extra: list[dict[str, object]] | None = None) -> Path:
    """Entities joined by same-as records and named by alias records, spread over several
    batches; one same-as points forward to an entity that comes last."""
    cite = [{"source": "link-notes", "locator": "p. 1"}]
    lines: list[dict[str, object]] = [
        {"record": "dataset", "name": "linked"},
        {"record": "source", "id": "link-notes", "title": "Notes on who is who",
         "kind": "other"}]
    lines += [{"record": "entity", "id": f"p{i}", "kind": "person", "name": synth.name(i)}
              for i in range(2400)]
    lines += [{"record": "same_as", "ids": [f"p{2 * i}", f"p{2 * i + 1}"], "sources": cite}
              for i in range(600)]
    lines.append({"record": "same_as", "ids": ["p1500", "p1501", "p1502"], "sources": cite})
    lines.append({"record": "same_as", "ids": ["p2300", "late"], "sources": cite})
    lines += [{"record": "alias", "entity": f"p{i}", "name": f"Alias {synth.name(i)}",
               "sources": cite} for i in range(1000, 1500)]
    lines.append({"record": "alias", "entity": "united-kingdom", "name": "Albion",
                  "sources": cite})
    lines += extra or []
    lines.append({"record": "entity", "id": "late", "kind": "person", "name": "Late Comer"})
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def links_state(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return [*conn.execute("SELECT 'same_as', s.dataset, s.sources, m.entity_id, "
                              "m.position FROM same_as s JOIN same_as_members m ON "
                              "m.same_as = s.id ORDER BY s.id, m.position"),
                *conn.execute("SELECT 'alias', dataset, entity_id, name, lang, kind, norm, "
                              "sources FROM added_aliases ORDER BY id")]


def test_same_as_and_alias_records_load_the_same_in_one_process_or_two(
        tmp_path: Path, cli: Run) -> None:
    data = _linked(tmp_path / "linked.jsonl")
    found = {}
    for label, env, db, _ in _each_way(tmp_path, cli, data):
        kept = (db.parent / "kb.db.datasets" / "linked.jsonl").read_text(encoding="utf-8")
        found[label] = (state(db), links_state(db), kept)
        # What the links are for: the alias names a seed entity, a same-as makes one entity.
        albion = cli("show", "Albion", "--json", "--db", str(db), env=env)
        assert albion.code == 0 and json.loads(albion.out)["id"] == "united-kingdom"
        late = cli("person", "Late Comer", "--json", "--db", str(db), env=env)
        assert late.code == 0 and "p2300" in late.out
    assert found["one"] == found["two"]
    links = found["one"][1]
    assert sum(1 for r in links if r[0] == "same_as") == 600 * 2 + 3 + 2
    assert sum(1 for r in links if r[0] == "alias") == 501
    assert found["one"][2].count('"record":"same_as"') == 602


def test_bad_same_as_and_alias_records_get_the_same_messages_in_one_process_or_two(
        tmp_path: Path, cli: Run) -> None:
    cite = [{"source": "link-notes", "locator": "p. 1"}]
    data = _linked(tmp_path / "linked.jsonl", [
        {"record": "same_as", "ids": ["p5", "china"], "sources": cite},  # across kinds
        {"record": "same_as", "ids": ["p6", "nobody"], "sources": cite},
        {"record": "alias", "entity": "nowhere", "name": "Nobody", "sources": cite},
        {"record": "alias", "entity": "p7", "sources": cite}])  # no name
    one = _refused_each_way(tmp_path, cli, data)
    for expected in ("'nobody'", "'nowhere'", "name"):
        assert expected in one.err
    assert "china" in one.err  # a person is never a country
