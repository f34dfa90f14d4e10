"""Loading your own data: all or nothing, same file twice, conflicts, replace, unload, export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from idkb.core import paths
from idkb.store import bulk
from tests.helpers import Run, checksum, invoke


def contacts(name: str = "contacts", n: int = 2) -> dict[str, Any]:
    """A small valid dataset that also refers to records of the bundled seed."""
    return {
        "idkb": 1,
        "dataset": {"name": name, "title": "Party contacts", "license": "CC0"},
        "sources": [{"id": f"{name}-notes", "title": "Field notes", "kind": "other"}],
        "entities": [{"id": f"{name}-party", "kind": "party", "name": f"Party of {name}",
                      "country": "guyana", "aliases": [{"name": "PX", "kind": "abbreviation"}]}],
        "statements": [{"id": f"{name}-relations", "subject": "international-department",
                        "predicate": "relations_with", "object": f"{name}-party",
                        "start": "2010", "sources": [{"source": f"{name}-notes",
                                                      "locator": "p. 1"}]}],
        "events": [{"id": f"{name}-meeting-{i}", "type": "meeting", "title": f"Meeting {i}",
                    "date": f"2019-0{i + 1}", "participants": [
                        {"entity": "international-department", "role": "host"},
                        {"entity": f"{name}-party", "role": "guest"}],
                    "sources": [{"source": f"{name}-notes", "locator": f"p. {i + 2}"}]}
                   for i in range(n)],
    }


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    return tmp_path / "kb.db"


def test_load_then_query_and_list(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    f = write(tmp_path / "mine.json", contacts())
    result = cli("load", str(f), "--db", str(dbfile))
    assert result.code == 0, result.err
    assert "loaded 5 records" in result.err and "'contacts'" in result.err
    profile = json.loads(cli("party", "PX", "--json", "--db", str(dbfile)).out)
    assert [e["id"] for e in profile["events"]] == ["contacts-meeting-0", "contacts-meeting-1"]
    listed = json.loads(cli("datasets", "--json", "--db", str(dbfile)).out)
    mine = next(d for d in listed if d["name"] == "contacts")
    assert (mine["sources"], mine["entities"], mine["statements"], mine["events"]) == (1, 1, 1, 2)
    assert mine["file"] == str(f.resolve()) and len(mine["sha256"]) == 64 and mine["loaded_at"]
    assert [d["name"] for d in listed] == ["seed", "contacts"]


def test_same_file_twice_changes_nothing(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    f = write(tmp_path / "mine.json", contacts())
    assert cli("load", str(f), "--db", str(dbfile)).code == 0
    before = checksum(dbfile)
    again = cli("load", str(f), "--db", str(dbfile))
    assert again.code == 0 and "already loaded as dataset 'contacts'; nothing changed" in again.err
    assert checksum(dbfile) == before


def test_conflict_with_another_dataset_then_replace(tmp_path: Path, dbfile: Path,
                                                    cli: Run) -> None:
    data = contacts()
    data["dataset"]["name"] = "fixes"
    data["entities"].append({"id": "guyana", "kind": "country", "name": "Guyana (corrected)"})
    f = write(tmp_path / "fixes.json", data)
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    refused = cli("load", str(f), "--db", str(dbfile))
    assert refused.code == 2
    assert "entity id 'guyana' already exists in dataset 'seed' (add --replace" in refused.err
    assert checksum(dbfile) == before
    done = cli("load", str(f), "--replace", "--db", str(dbfile))
    assert done.code == 0, done.err
    assert "replaced: entity 'guyana' replaces the one in dataset 'seed'" in done.err
    country = json.loads(cli("country", "guyana", "--json", "--db", str(dbfile)).out)
    assert country["name"] == "Guyana (corrected)"
    # The override survives a rebuild from the seed plus the kept files.
    assert cli("db", "rebuild", "--db", str(dbfile)).code == 0
    country = json.loads(cli("country", "guyana", "--json", "--db", str(dbfile)).out)
    assert country["name"] == "Guyana (corrected)"


def test_same_name_needs_replace(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    assert cli("load", str(write(tmp_path / "a.json", contacts(n=2))), "--db",
               str(dbfile)).code == 0
    newer = write(tmp_path / "b.json", contacts(n=1))
    refused = cli("load", str(newer), "--db", str(dbfile))
    assert refused.code == 2 and "already loaded" in refused.err and "--replace" in refused.err
    done = cli("load", str(newer), "--replace", "--db", str(dbfile))
    assert done.code == 0 and "replaced dataset 'contacts'" in done.err
    listed = json.loads(cli("datasets", "--json", "--db", str(dbfile)).out)
    assert next(d for d in listed if d["name"] == "contacts")["events"] == 1


def test_validate_writes_nothing(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    f = write(tmp_path / "mine.json", contacts())
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    result = cli("validate", str(f), "--db", str(dbfile))
    assert result.code == 0 and "no problems found" in result.err
    assert checksum(dbfile) == before
    assert not paths.datasets_dir(dbfile).exists() or not list(
        paths.datasets_dir(dbfile).glob("*.jsonl"))


def test_unload_removes_records_and_kept_file(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    cli("datasets", "--db", str(dbfile))
    before = checksum(dbfile)
    f = write(tmp_path / "mine.json", contacts())
    assert cli("load", str(f), "--db", str(dbfile)).code == 0
    kept = paths.datasets_dir(dbfile) / "contacts.jsonl"
    assert kept.exists()
    result = cli("unload", "contacts", "--db", str(dbfile))
    assert result.code == 0 and "unloaded dataset 'contacts'" in result.err
    assert not kept.exists()
    conn = sqlite3.connect(dbfile)
    for table in ("sources", "entities", "statements", "events"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE dataset = 'contacts'"
                            ).fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM entity_names WHERE entity_id = 'contacts-party'"
                        ).fetchone()[0] == 0
    conn.close()
    assert cli("unload", "contacts", "--db", str(dbfile)).code == 1
    assert cli("unload", "seed", "--db", str(dbfile)).code == 2
    assert checksum(dbfile) != before  # the kept_txn stamp in meta records the last change


def test_unload_refused_while_another_dataset_refers(tmp_path: Path, dbfile: Path,
                                                     cli: Run) -> None:
    base = write(tmp_path / "base.json", contacts("base"))
    dep = tmp_path / "dep.jsonl"
    dep.write_text(json.dumps({"record": "event", "id": "dep-1", "type": "meeting",
                               "title": "Again", "date": "2020",
                               "participants": [{"entity": "base-party"}],
                               "sources": [{"source": "base-notes", "locator": "p. 9"}]}) + "\n")
    assert cli("load", str(base), "--db", str(dbfile)).code == 0
    assert cli("load", str(dep), "--db", str(dbfile)).code == 0
    before = checksum(dbfile)
    refused = cli("unload", "base", "--db", str(dbfile))
    assert refused.code == 2 and "other datasets refer to its records" in refused.err
    assert checksum(dbfile) == before
    assert cli("unload", "dep", "--db", str(dbfile)).code == 0
    assert cli("unload", "base", "--db", str(dbfile)).code == 0


def test_export_round_trip_is_byte_identical(tmp_path: Path, cli: Run) -> None:
    first_db = tmp_path / "one.db"
    f = write(tmp_path / "mine.json", contacts())
    assert cli("load", str(f), "--db", str(first_db)).code == 0
    for fmt in ("json", "jsonl"):
        exported = cli("export", "--dataset", "contacts", "--format", fmt, "--db",
                       str(first_db)).out
        out = tmp_path / f"export.{fmt}"
        out.write_text(exported, encoding="utf-8")
        target = tmp_path / f"fresh-{fmt}.db"
        assert cli("load", str(out), "--db", str(target)).code == 0
        again = cli("export", "--dataset", "contacts", "--format", fmt, "--db", str(target)).out
        assert again == exported


def test_kept_file_is_the_jsonl_export_and_rebuild_restores(tmp_path: Path, dbfile: Path,
                                                          cli: Run) -> None:
    data = contacts(n=3)
    data["events"].reverse()  # the kept file keeps the load's order; the export sorts by id
    data["entities"][0]["aliases"].append({"name": " Px ", "lang": "en"})  # stripped, defaulted
    data["events"][1]["summary"] = None
    f = write(tmp_path / "mine.json", data)
    assert cli("load", str(f), "--db", str(dbfile)).code == 0
    exported = cli("export", "--dataset", "contacts", "-f", "jsonl", "--db", str(dbfile)).out
    kept = paths.datasets_dir(dbfile) / "contacts.jsonl"
    lines = kept.read_text(encoding="utf-8").splitlines()
    assert lines[0] == exported.splitlines()[0]  # the dataset line
    assert sorted(lines) == sorted(exported.splitlines()) and lines != exported.splitlines()
    assert [json.loads(x)["id"] for x in lines[-3:]] == [e["id"] for e in data["events"]]
    listed = json.loads(cli("datasets", "--json", "--db", str(dbfile)).out)
    dbfile.unlink()
    Path(f"{dbfile}-wal").unlink(missing_ok=True)
    Path(f"{dbfile}-shm").unlink(missing_ok=True)
    rebuilt = json.loads(cli("datasets", "--json", "--db", str(dbfile)).out)
    assert [(d["name"], d["sha256"], d["file"], d["events"]) for d in rebuilt if
            d["name"] != "seed"] == [(d["name"], d["sha256"], d["file"], d["events"])
                                     for d in listed if d["name"] != "seed"]
    again = cli("export", "--dataset", "contacts", "-f", "jsonl", "--db", str(dbfile)).out
    assert again == exported
    # The rebuilt full-text indexes hold every document, and their triggers are back.
    assert _full_text(dbfile, "search_index_fts", '"Party of contacts"') == 1
    assert _full_text(dbfile, "search_index_fts", "Song") >= 1
    assert {name for name, _ in _indexes(dbfile)} >= {"search_index_ai", "search_index_ad",
                                                       "search_index_au"}


def test_full_export_loads_as_one_dataset(tmp_path: Path, dbfile: Path, cli: Run) -> None:
    exported = cli("export", "--db", str(dbfile)).out
    data = json.loads(exported)
    assert "dataset" not in data and len(data["events"]) >= 18


def test_stdin_and_several_files_as_one_dataset(tmp_path: Path, dbfile: Path,
                                                cli: Run) -> None:
    text = json.dumps(contacts("piped"))
    result = cli("load", "-", "--db", str(dbfile), stdin=text)
    assert result.code == 0, result.err
    entities = tmp_path / "entities.csv"
    entities.write_text("id,kind,name,aliases,country\n"
                        'csv-party,party,"Party, CSV",CP|en|abbreviation;党|zh,guyana\n',
                        encoding="utf-8")
    events = tmp_path / "events.csv"
    events.write_text("id,type,title,date,participants,sources\n"
                      "csv-1,meeting,Talks,2021-03-10,csv-party:guest;international-department"
                      ":host,piped-notes#p. 7\n", encoding="utf-8")
    result = cli("load", str(events), str(entities), "--name", "fromcsv", "--db", str(dbfile))
    assert result.code == 0, result.err
    profile = json.loads(cli("party", "CP", "--json", "--db", str(dbfile)).out)
    assert profile["name"] == "Party, CSV"
    assert {a["name"] for a in profile["aliases"]} == {"CP", "党"}
    assert profile["events"][0]["participants"][0]["role"] == "guest"
    again = cli("load", str(events), str(entities), "--name", "fromcsv", "--db", str(dbfile))
    assert again.code == 0 and "nothing changed" in again.err


def test_schema_command_matches_the_models(run: Run) -> None:
    from idkb.core import model

    result = run("schema")
    assert result.code == 0 and json.loads(result.out) == model.json_schema()


def test_docs_schema_is_current() -> None:
    from idkb.core import model

    kept = Path(__file__).parent.parent / "docs" / "schema.json"
    expected = json.dumps(model.json_schema(), indent=2, ensure_ascii=False) + "\n"
    assert kept.read_text(encoding="utf-8") == expected, (
        "docs/schema.json is stale: run `idkb schema > docs/schema.json`")


def test_load_via_subprocess_reports_summary_when_piped(tmp_path: Path) -> None:
    f = write(tmp_path / "mine.json", contacts())
    result = invoke("load", str(f), "--db", str(tmp_path / "p.db"))
    assert result.code == 0
    assert result.err.count("\n") == 1 and "records/s" in result.err
    assert "\x1b[" not in result.err


def test_loaded_records_are_searchable_and_unloaded_ones_not(tmp_path: Path, dbfile: Path,
                                                           cli: Run) -> None:
    f = write(tmp_path / "mine.json", contacts("zanzibar"))
    assert cli("load", str(f), "--db", str(dbfile)).code == 0
    conn = sqlite3.connect(dbfile)
    hits = conn.execute("SELECT ref FROM search_index WHERE dataset = 'zanzibar' ORDER BY ref"
                        ).fetchall()
    assert ("zanzibar-party",) in hits
    conn.close()
    assert cli("unload", "zanzibar", "--db", str(dbfile)).code == 0
    conn = sqlite3.connect(dbfile)
    assert conn.execute("SELECT count(*) FROM search_index WHERE dataset = 'zanzibar'"
                        ).fetchone()[0] == 0
    conn.close()


def _indexes(db: Path) -> list[tuple[str, str]]:
    """The indexes and triggers (those keep the full-text indexes in step)."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT name, sql FROM sqlite_master WHERE type IN ('index', "
                            "'trigger') ORDER BY name").fetchall()
    finally:
        conn.close()


def _full_text(db: Path, table: str, words: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                                (words,)).fetchone()[0])
    finally:
        conn.close()


def test_a_big_load_rebuilds_its_indexes_and_a_failed_one_keeps_them(
        tmp_path: Path, dbfile: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("datasets", "--db", str(dbfile))
    before = _indexes(dbfile)
    assert any(name == "event_participants_entity" for name, _ in before)
    monkeypatch.setattr(bulk, "is_big", lambda *_: True)  # as if the files were large
    broken = contacts("broken")
    broken["events"][0]["participants"][0]["entity"] = "nobody-at-all"
    failed = cli("load", str(write(tmp_path / "broken.json", broken)), "--db", str(dbfile))
    assert failed.code == 2 and "no entity with id 'nobody-at-all'" in failed.err
    assert _indexes(dbfile) == before
    assert cli("load", str(write(tmp_path / "mine.json", contacts())), "--db",
               str(dbfile)).code == 0
    assert _indexes(dbfile) == before
    found = json.loads(cli("events", "--with", "Party of contacts", "--json", "--db",
                           str(dbfile)).out)
    assert [e["id"] for e in found] == ["contacts-meeting-0", "contacts-meeting-1"]
    # The full-text indexes were filled again: the new records are found, the old ones too.
    assert _full_text(dbfile, "events_fts", '"Meeting 1"') >= 1
    assert _full_text(dbfile, "entities_fts", '"Party of contacts"') == 1
    assert _full_text(dbfile, "search_index_fts", "Guyana") >= 1
    hits = json.loads(cli("search", "Party of contacts", "--json", "--db", str(dbfile)).out)
    assert "contacts-party" in [h["id"] for h in hits]
    # ... and their triggers are back: a small load after it keeps them in step.
    monkeypatch.setattr(bulk, "is_big", lambda *_: False)
    assert cli("load", str(write(tmp_path / "more.json", contacts("more"))), "--db",
               str(dbfile)).code == 0
    assert _full_text(dbfile, "entities_fts", '"Party of more"') == 1
