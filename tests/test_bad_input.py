"""Every kind of bad input: a clear message naming file, line and field, exit code 2, and the
database exactly as it was (checked with a digest of every table)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import Run, checksum
from tests.test_load import contacts


def good() -> dict[str, object]:
    return contacts()


def text(data: object) -> bytes:
    return json.dumps(data, indent=2).encode()


def _with(edit: str) -> bytes:
    data = contacts()
    events = data["events"]
    if edit == "missing":
        del events[0]["title"]
    elif edit == "wrong-type":
        events[0]["participants"] = "international-department"
    elif edit == "bad-date":
        events[0]["date"] = "2021-13-45"
    elif edit == "end-before-start":
        data["statements"][0]["end"] = "2001"
    elif edit == "duplicate":
        events[1]["id"] = events[0]["id"]
    elif edit == "dangling":
        events[0]["participants"][1]["entity"] = "no-such-party"
    elif edit == "unknown-kind":
        data["entities"][0]["kind"] = "club"
    elif edit == "unknown-field":
        data["entities"][0]["nmae"] = "typo"
    elif edit == "long":
        events[0]["title"] = "x" * 100_000
    elif edit == "nul":
        events[0]["title"] = "bad\x00title"
    elif edit == "control":
        events[0]["title"] = "bell\x07"
    return text(data)


CASES: list[tuple[str, bytes, str]] = [
    ("malformed", b'{"idkb": 1,\n  "events": [\n    {"id": "x",, }\n  ]\n}',
     "malformed JSON at line 3 column"),
    ("not-utf8", b'{"idkb": 1, "sources": [{"id": "caf\xe9"}]}', "not UTF-8"),
    ("empty", b"", "the file is empty"),
    ("whitespace", b"  \n\n ", "the file is empty"),
    ("binary", bytes(range(256)) * 4, "binary file"),
    ("top-level-list", b"[1, 2]", "wrong top-level shape"),
    ("top-level-unknown", b'{"idkb": 1, "evnets": []}', "unknown field 'evnets'"),
    ("no-version", b'{"events": []}', "format version is missing"),
    ("list-not-list", b'{"idkb": 1, "events": {"id": "x"}}', "expected a list of events"),
    ("missing", _with("missing"), "events[0].title: is required"),
    ("wrong-type", _with("wrong-type"), "events[0].participants: 'international-department'"),
    ("bad-date", _with("bad-date"), "events[0].date: '2021-13-45' is not a valid date"),
    ("end-before-start", _with("end-before-start"), "comes before start"),
    ("duplicate", _with("duplicate"), "duplicate event id 'contacts-meeting-0'"),
    ("dangling", _with("dangling"),
     "events[0].participants[1].entity: no entity with id 'no-such-party'"),
    ("unknown-kind", _with("unknown-kind"), "entities[0].kind: 'club'"),
    ("unknown-field", _with("unknown-field"), "entities[0].nmae: unknown field; did you mean "
                                              "'name'?"),
    ("long", _with("long"), "(100,000 characters): string should have at most 300"),
    ("nul", _with("nul"), "must not contain control characters"),
    ("control", _with("control"), "must not contain control characters"),
    ("nan", b'{"idkb": 1, "statements": [{"id": "s", "subject": "cpc", "predicate": "count",'
            b' "value": NaN, "sources": [{"source": "idcpc-website", "locator": "x"}]}]}',
     "NaN is not valid JSON"),
]


@pytest.mark.parametrize(("name", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_bad_file(tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch, name: str,
                  content: bytes, expected: str) -> None:
    monkeypatch.chdir(tmp_path)
    dbfile = tmp_path / "kb.db"
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    Path("bad.json").write_bytes(content)
    for command in ("validate", "load"):
        result = cli(command, "bad.json", "--db", str(dbfile))
        assert result.code == 2, result.err
        first, *rest = result.err.splitlines()
        assert first.startswith("idkb: ") and "problem" in first and "bad.json" in first
        assert expected in result.err, result.err
        assert all(line.startswith("  bad.json") for line in rest), result.err
        assert "Traceback" not in result.err
    assert checksum(dbfile) == before
    assert not list((tmp_path / "kb.db.datasets").glob("*.jsonl")) if (
        tmp_path / "kb.db.datasets").exists() else True


def test_every_problem_is_reported(tmp_path: Path, cli: Run,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = contacts()
    data["events"][0]["date"] = "2021-13-45"
    data["events"][1]["title"] = ""
    data["entities"][0]["colour"] = "red"
    Path("events.json").write_bytes(text(data))
    result = cli("load", "events.json", "--db", str(tmp_path / "kb.db"))
    assert result.code == 2
    assert result.err.startswith("idkb: 3 problems in events.json; nothing was loaded\n")
    assert "events.json:46: events[0].date: '2021-13-45' is not a valid date" in result.err


def test_jsonl_and_csv_problems_name_the_line(tmp_path: Path, cli: Run,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = Path("events.jsonl")
    lines.write_text('{"record": "source", "id": "s1", "title": "T", "kind": "other"}\n'
                     "\n"
                     '{"record": "evnt", "id": "e1"}\n'
                     '{"record": "event", "id": "e2", "type": "meeting", "title": "T", '
                     '"date": "2021-02-30", "sources": [{"source": "s1", "locator": "p"}]}\n'
                     "{oops\n", encoding="utf-8")
    result = cli("load", str(lines), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2
    assert "events.jsonl:3: record: record type 'evnt'" in result.err
    assert "events.jsonl:4: date: '2021-02-30' is not a valid date: Feb 2021 has 28" in result.err
    assert "events.jsonl:5: malformed JSON at column 2" in result.err
    sheet = Path("events.csv")
    sheet.write_text("id,type,title,date,sources\nok,meeting,T,2021,idcpc-website#home\n"
                     "bad,meeting,T,2021-13,idcpc-website\n", encoding="utf-8")
    result = cli("load", str(sheet), "--db", str(tmp_path / "kb.db"))
    assert result.code == 2
    assert "events.csv:3: date: '2021-13' is not a valid date" in result.err
    assert "events.csv:3: sources[0].locator: is required" in result.err


def test_missing_and_unreadable_files(tmp_path: Path, cli: Run) -> None:
    dbfile = tmp_path / "kb.db"
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    result = cli("load", str(tmp_path / "nope.json"), "--db", str(dbfile))
    assert result.code == 2 and "nope.json: no such file" in result.err
    result = cli("load", str(tmp_path), "--db", str(dbfile))
    assert result.code == 2 and "folder" in result.err
    if os.geteuid() != 0:  # root reads anything
        locked = tmp_path / "locked.json"
        locked.write_text("{}")
        locked.chmod(0)
        result = cli("load", str(locked), "--db", str(dbfile))
        assert result.code == 2 and "cannot read" in result.err
    assert checksum(dbfile) == before


def test_one_bad_file_stops_the_whole_load(tmp_path: Path, cli: Run) -> None:
    dbfile = tmp_path / "kb.db"
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    fine = tmp_path / "fine.json"
    fine.write_bytes(text(contacts("fine")))
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{")
    result = cli("load", str(fine), str(broken), "--db", str(dbfile))
    assert result.code == 2 and "in 2 files; nothing was loaded" in result.err
    assert checksum(dbfile) == before
