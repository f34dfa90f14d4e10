"""`idkb extract`: every corpus item gives output that `idkb validate` accepts as it is and
`idkb load` loads; known names are referred to, not repeated; bad input fails cleanly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.core.errors import ExitCode
from tests.helpers import Result, checksum, in_process

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "extract_corpus"
ITEMS = sorted(CORPUS.glob("*/*.txt"))
ITEM = """url: https://example.org/news/2025-04-22-komeito
publisher: IDCPC
published: 2025-04-23
title: A delegation of Komeito visits

Beijing, April 22nd—Liu Jianchao, Minister of the International Department of the CPC
Central Committee, met here today with a delegation of the Komeito Party of Japan led by
Tetsuo Saito, Leader of the Komeito Party of Japan.

Both sides spoke of steady relations.
"""
NO_CONTACT = ("published: 2025-05-04\n\n"
              "Beijing, May 3rd—The weather was fine and the parks were full of visitors.\n")


@pytest.fixture(scope="module")
def known_db(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> Path:
    """The seed database with the corpus's known.json loaded."""
    path = tmp_path_factory.mktemp("known") / "idkb.db"
    shutil.copy(seed_db, path)
    env = {"IDKB_DB": str(path), "IDKB_HOME": str(path.parent / "home")}
    loaded = in_process("load", str(CORPUS / "known.json"), env=env)
    assert loaded.code == 0, loaded.err
    return path


def idkb(db: Path, *args: str, stdin: str | None = None) -> Result:
    return in_process(*args, stdin=stdin, env={"IDKB_DB": str(db)})


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def expects_contact(path: Path) -> bool:
    return bool(json.loads(path.with_suffix(".expected.json").read_text())["types"])


@pytest.mark.parametrize("path", ITEMS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_item_validates_as_it_is(known_db: Path, path: Path) -> None:
    got = idkb(known_db, "extract", str(path))
    if not expects_contact(path):
        assert (got.code, got.out) == (ExitCode.NOT_FOUND, "")
        assert "no contact found" in got.err
        return
    assert got.code == 0, got.err
    check = idkb(known_db, "validate", "-", stdin=got.out)
    assert check.code == 0, check.err


def test_a_batch_is_one_load_file_and_loads(known_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "idkb.db"
    shutil.copy(known_db, db)
    before = checksum(db)
    got = idkb(db, "extract", *map(str, ITEMS))
    empty = [p for p in ITEMS if not expects_contact(p)]
    assert got.code == ExitCode.NOT_FOUND  # some items report no contact...
    assert f"no contact found in {len(empty)} of {len(ITEMS)} files" in got.err
    out = records(got.out)  # ...and the others are all written
    assert len({r["id"] for r in out}) == len(out)
    assert sum(r["record"] == "source" for r in out) == len(ITEMS) - len(empty)
    assert checksum(db) == before  # extract writes nothing
    draft = tmp_path / "draft.jsonl"
    draft.write_text(got.out)
    loaded = idkb(db, "load", str(draft))
    assert loaded.code == 0, loaded.err
    assert idkb(db, "person", "Tetsuo Saito", "--json").code == 0


def test_known_names_are_referred_to_not_repeated(known_db: Path) -> None:
    text = ITEM.replace("Tetsuo Saito", "H.E. Mr. Song Nam KIM")
    out = records(idkb(known_db, "extract", "-", stdin=text).out)
    entities = {r["name"] for r in out if r["record"] == "entity"}
    assert "Song Nam KIM" not in entities and "H.E. Mr. Song Nam KIM" not in entities
    event = next(r for r in out if r["record"] == "event")
    people = {p["entity"] for p in event["participants"]}  # type: ignore[attr-defined]
    assert {"liu-jianchao", "kim-song-nam", "international-department"} <= people


@pytest.mark.parametrize("written", ["Jianchao Liu", "LIU Jianchao", "Liu Jiànchāo",
                                     "H.E. Mr. Liu Jianchao"])
def test_the_database_spelling_is_matched(known_db: Path, written: str) -> None:
    text = ITEM.replace("Liu Jianchao,", f"{written},")
    out = records(idkb(known_db, "extract", "-", stdin=text).out)
    assert not [r for r in out if r["record"] == "entity" and r["kind"] == "person"
                and r["name"] != "Tetsuo Saito"]
    event = next(r for r in out if r["record"] == "event")
    assert "liu-jianchao" in {p["entity"] for p in event["participants"]}  # type: ignore[attr-defined]


def test_an_item_read_twice_is_one_event_citing_both(known_db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(ITEM)
    second.write_text(ITEM.replace("publisher: IDCPC", "publisher: Xinhua"))
    got = idkb(known_db, "extract", str(first), str(second))
    assert got.code == 0, got.err
    out = records(got.out)
    events = [r for r in out if r["record"] == "event"]
    assert len(events) == 1
    cited = {c["source"] for c in events[0]["sources"]}  # type: ignore[attr-defined]
    assert cited == {r["id"] for r in out if r["record"] == "source"} and len(cited) == 2
    assert [r["name"] for r in out if r["record"] == "entity"].count("Tetsuo Saito") == 1
    assert idkb(known_db, "validate", "-", stdin=got.out).code == 0


def test_an_id_the_database_holds_is_renamed(known_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "idkb.db"
    shutil.copy(known_db, db)
    draft = tmp_path / "draft.jsonl"
    draft.write_text(idkb(db, "extract", "-", stdin=ITEM).out)
    assert idkb(db, "load", str(draft)).code == 0
    again = idkb(db, "extract", "-", stdin=ITEM)
    assert again.code == 0 and "already taken" in again.err
    source = records(again.out)[0]
    assert source["record"] == "source" and str(source["id"]).endswith("-2")
    assert idkb(db, "validate", "-", stdin=again.out).code == 0


def test_json_format_is_one_load_document(known_db: Path) -> None:
    got = idkb(known_db, "extract", "-", "--format", "json", stdin=ITEM)
    doc = json.loads(got.out)
    assert doc["idkb"] == 1 and len(doc["events"]) == 1 and len(doc["sources"]) == 1
    assert "record" not in doc["events"][0]
    assert idkb(known_db, "validate", "-", stdin=got.out).code == 0


def test_options_fill_and_override_the_header(known_db: Path) -> None:
    body = ITEM.split("\n\n", 1)[1]
    got = idkb(known_db, "extract", "-", "--url", "https://example.org/x", "--published",
               "2025-04-24", "--publisher", "Xinhua", "--title", "Party ties", stdin=body)
    source = records(got.out)[0]
    assert (source["url"], source["published"], source["publisher"], source["title"]) == (
        "https://example.org/x", "2025-04-24", "Xinhua", "Party ties")


def test_a_time_after_the_publication_day_is_dropped(known_db: Path) -> None:
    got = idkb(known_db, "extract", "-", "--published", "2025-04-23T08:15:00+08:00",
               stdin=ITEM)
    assert got.code == 0, got.err
    assert records(got.out)[0]["published"] == "2025-04-23"


def test_notes_go_to_stderr_for_the_reviewer(known_db: Path) -> None:
    text = ITEM.replace("met here today", "met today")
    got = idkb(known_db, "extract", "-", stdin=text)
    assert got.code == 0
    assert "idkb: standard input: para 1: place not stated" in got.err.splitlines()
    assert "location" not in next(r for r in records(got.out) if r["record"] == "event")


@pytest.mark.parametrize(("content", "code", "message"), [
    (b"", 2, "f.txt: the file is empty"),
    (b"  \n\n ", 2, "f.txt: the file is empty"),
    (b"Beijing\x00\x01\x02 met", 2, "f.txt: not a text file (it holds NUL bytes)"),
    (b"Beijing, May 8 -- Liu met Jos\xe9 Mar\xeda", 2, "f.txt: not UTF-8 text"),
    (NO_CONTACT.encode(), 1, "idkb: no contact found"),
    (ITEM.replace("2025-04-23", "2025-02-30").encode(), 2,
     "f.txt: published '2025-02-30' is not a date (YYYY-MM-DD)"),
    (ITEM.replace("2025-04-23", "April 2025").encode(), 2, "is not a date"),
    (b"url: https://example.org/a\npublished: 2025-04-23\n\n", 2, "no text after the header"),
])
def test_bad_input(known_db: Path, tmp_path: Path, content: bytes, code: int,
                   message: str) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(content)
    got = idkb(known_db, "extract", str(path))
    assert got.code == code
    assert got.out == ""
    assert message in got.err and "Traceback" not in got.err
    assert len(got.err.splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["-", "--published", "2025/04/23"], "standard input: published '2025/04/23' is not a date"),
    (["-", "--url", "example.org"], "is not an http(s) address"),
    (["-", "--colour"], "--colour"),
    (["-", "--format", "csv"], "csv"),
    (["missing.txt"], "missing.txt: no such file"),
    (["-", "-"], "'-' (standard input) can be given once"),
])
def test_bad_usage(known_db: Path, args: list[str], message: str) -> None:
    got = idkb(known_db, "extract", *args, stdin=ITEM)
    assert (got.code, got.out) == (ExitCode.BAD_INPUT, "")
    assert message in got.err and "Traceback" not in got.err


def test_url_and_title_name_one_item(known_db: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(ITEM)
    b.write_text(ITEM)
    got = idkb(known_db, "extract", str(a), str(b), "--title", "One title")
    assert (got.code, got.out) == (ExitCode.BAD_INPUT, "")
    assert "with several files" in got.err


def test_a_contact_left_out_for_want_of_a_date_is_said(known_db: Path) -> None:
    text = ("Liu Jianchao, Minister of the International Department of the CPC Central "
            "Committee, met with Tetsuo Saito in Beijing on Monday.\n")
    got = idkb(known_db, "extract", "-", stdin=text)
    assert (got.code, got.out) == (ExitCode.NOT_FOUND, "")
    lines = got.err.splitlines()
    assert "no publication date and no dateline" in lines[0]
    assert "para 1: a meeting with no date; left out" in got.err
    assert lines[-1] == "idkb: no contact found"
    dated = idkb(known_db, "extract", "-", "--published", "2025-04-23", stdin=text)
    assert [r["date"] for r in records(dated.out) if r["record"] == "event"] == ["2025-04-21"]


def test_a_batch_with_an_item_without_contact_writes_the_rest(known_db: Path,
                                                              tmp_path: Path) -> None:
    good, none = tmp_path / "good.txt", tmp_path / "none.txt"
    good.write_text(ITEM)
    none.write_text(NO_CONTACT)
    got = idkb(known_db, "extract", str(good), str(none))
    assert got.code == ExitCode.NOT_FOUND
    assert f"no contact found in 1 of 2 files: {none}" in got.err
    assert sum(r["record"] == "event" for r in records(got.out)) == 1
    assert idkb(known_db, "validate", "-", stdin=got.out).code == 0


def test_a_name_two_entities_share_is_written_as_new_and_said(known_db: Path,
                                                              tmp_path: Path) -> None:
    db = tmp_path / "idkb.db"
    shutil.copy(known_db, db)
    twins = {"idkb": 1, "entities": [
        {"id": f"saito-{n}", "kind": "person", "name": "Tetsuo Saito"} for n in (1, 2)]}
    (tmp_path / "twins.json").write_text(json.dumps(twins))
    assert idkb(db, "load", str(tmp_path / "twins.json")).code == 0
    got = idkb(db, "extract", "-", stdin=ITEM)
    assert got.code == 0
    assert ("idkb: standard input: 'Tetsuo Saito' could be any of saito-1, saito-2; written "
            "as new, check") in got.err.splitlines()
    assert "tetsuo-saito" in {r["id"] for r in records(got.out) if r["record"] == "entity"}
    assert idkb(db, "validate", "-", stdin=got.out).code == 0


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.text(max_size=200), st.booleans()), min_size=1, max_size=3))
def test_any_batch_fails_cleanly_or_validates(known_db: Path, tmp_path: Path,
                                              noises: list[tuple[str, bool]]) -> None:
    """Items with random text around a known one, one file each: a clean failure, or output
    that validates as one load file."""
    paths = []
    for i, (noise, before) in enumerate(noises):
        head, body = ITEM.split("\n\n", 1)
        path = tmp_path / f"item-{i}.txt"
        path.write_text(f"{head}\n\n{noise}\n\n{body}" if before else ITEM + noise,
                        encoding="utf-8")
        paths.append(str(path))
    got = idkb(known_db, "extract", *paths)
    assert got.code in (0, 1, 2) and "Traceback" not in got.err, got.err
    if got.code == 2:
        assert got.out == ""
    if got.out:
        check = idkb(known_db, "validate", "-", stdin=got.out)
        assert check.code == 0, check.err


def test_a_bad_file_in_a_batch_stops_it_before_any_output(known_db: Path,
                                                          tmp_path: Path) -> None:
    good, binary = tmp_path / "good.txt", tmp_path / "image.png"
    good.write_text(ITEM)
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    for args in ([str(good), str(binary)], [str(good), str(tmp_path)]):
        got = idkb(known_db, "extract", *args)
        assert (got.code, got.out) == (ExitCode.BAD_INPUT, "")
        assert len(got.err.splitlines()) == 1
    assert "image.png: not a text file" in idkb(known_db, "extract", str(binary)).err
    assert "is a folder, not a file" in idkb(known_db, "extract", str(tmp_path)).err
