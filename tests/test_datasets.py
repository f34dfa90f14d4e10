"""Kept dataset files, recovery after a kill, seed refresh in place, rebuilds."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from idkb.core import paths
from idkb.load import database, inputs
from idkb.store import connection, records
from tests.helpers import Run, checksum, invoke
from tests.test_load import contacts, write


def _user_rows(path: Path) -> list[Any]:
    conn = sqlite3.connect(path)
    rows: list[Any] = []
    for table in ("sources", "entities", "statements", "events"):
        rows += conn.execute(f"SELECT * FROM {table} WHERE dataset != 'seed' ORDER BY id"
                             ).fetchall()
    rows += conn.execute("SELECT * FROM datasets WHERE name != 'seed'").fetchall()
    rows += conn.execute("SELECT * FROM event_participants WHERE event_id LIKE 'contacts-%' "
                         "ORDER BY event_id, position").fetchall()
    conn.close()
    return rows


def _seed_without(entity: str, retitle: bool = True) -> bytes:
    """The bundled seed minus one entity and every record that mentions it."""
    seed = json.loads(paths.seed_bytes())
    for key in ("entities", "statements", "events"):
        seed[key] = [r for r in seed[key] if r.get("id") != entity
                     and f'"{entity}"' not in json.dumps(r)]
    if retitle:
        seed["events"][0]["title"] = "A retitled event"
    return json.dumps(seed).encode()


def _bundle(monkeypatch: pytest.MonkeyPatch, new_seed: bytes) -> None:
    """Pretend a new idkb version bundles `new_seed`."""
    monkeypatch.setattr(paths, "seed_bytes", lambda: new_seed)
    monkeypatch.setattr(paths, "seed_file", lambda: None)  # no size-and-time shortcut


def _with_contacts(tmp_path: Path, cli: Run) -> Path:
    """A database with the seed and the example contacts dataset."""
    dbfile = tmp_path / "kb.db"
    assert cli("load", str(write(tmp_path / "c.json", contacts())), "--db",
               str(dbfile)).code == 0
    return dbfile


def test_seed_refresh_keeps_user_dataset(tmp_path: Path, cli: Run,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    dbfile = _with_contacts(tmp_path, cli)
    mine = _user_rows(dbfile)
    new_seed = _seed_without("xi-jinping")
    _bundle(monkeypatch, new_seed)
    conn = database.connect(str(dbfile))
    titles = {r[0] for r in conn.execute("SELECT title FROM events WHERE dataset = 'seed'")}
    assert "A retitled event" in titles
    assert conn.execute("SELECT count(*) FROM entities WHERE id = 'xi-jinping'").fetchone()[0] == 0
    assert conn.execute("SELECT value FROM meta WHERE key = 'seed_sha256'").fetchone()[0] == (
        connection.seed_sha256())
    conn.close()
    assert _user_rows(dbfile) == mine
    assert (paths.datasets_dir(dbfile) / "contacts.jsonl").exists()


def test_seed_refresh_refused_when_a_user_record_loses_its_target(
        tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    dbfile = _with_contacts(tmp_path, cli)
    before = checksum(dbfile)
    new_seed = _seed_without("international-department")
    _bundle(monkeypatch, new_seed)
    result = cli("sources", "--db", str(dbfile))
    assert result.code == 3
    assert "new bundled seed lacks records your datasets refer to" in result.err
    assert "event_participants" in result.err
    assert checksum(dbfile) == before


def test_recover_finishes_a_committed_change(tmp_path: Path, cli: Run) -> None:
    """A kill after COMMIT but before the renames: the next writer completes them."""
    dbfile = _with_contacts(tmp_path, cli)
    folder = paths.datasets_dir(dbfile)
    kept = folder / "contacts.jsonl"
    content = kept.read_text()
    # Recreate the moment before the renames: the file under its temporary name, a manifest,
    # and the database saying that manifest was committed.
    kept.rename(folder / ".contacts.abc.tmp")
    (folder / ".txn-abc.json").write_text(json.dumps(
        {"txid": "abc", "rename": [[".contacts.abc.tmp", "contacts.jsonl"]], "delete": []}))
    conn = sqlite3.connect(dbfile)
    with conn:
        conn.execute("UPDATE meta SET value = 'abc' WHERE key = 'kept_txn'")
    conn.close()
    assert cli("load", str(write(tmp_path / "d.json", contacts("other"))), "--db",
               str(dbfile)).code == 0
    assert kept.read_text() == content
    assert sorted(p.name for p in folder.iterdir()) == ["contacts.jsonl", "other.jsonl",
                                                        "registry.json"]


def test_recover_discards_an_uncommitted_change(tmp_path: Path, cli: Run) -> None:
    dbfile = tmp_path / "kb.db"
    cli("datasets", "--db", str(dbfile))
    folder = paths.datasets_dir(dbfile)
    folder.mkdir()
    (folder / ".ghost.zzz.tmp").write_text("half written")
    (folder / ".txn-zzz.json").write_text(json.dumps(
        {"txid": "zzz", "rename": [[".ghost.zzz.tmp", "ghost.jsonl"]], "delete": []}))
    assert cli("load", str(write(tmp_path / "c.json", contacts())), "--db",
               str(dbfile)).code == 0
    assert sorted(p.name for p in folder.iterdir()) == ["contacts.jsonl", "registry.json"]


def test_rebuild_reports_a_broken_kept_file_and_keeps_the_old_database(
        tmp_path: Path, cli: Run) -> None:
    dbfile = _with_contacts(tmp_path, cli)
    kept = paths.datasets_dir(dbfile) / "contacts.jsonl"
    kept.write_text(kept.read_text().replace('"2019-01"', '"2019-13"'))
    before = checksum(dbfile)
    result = cli("db", "rebuild", "--db", str(dbfile))
    assert result.code == 2 and "kept dataset files" in result.err and "2019-13" in result.err
    assert checksum(dbfile) == before


def test_build_seed_skips_ids_a_user_dataset_holds(tmp_path: Path) -> None:
    dbfile = tmp_path / "kb.db"
    database.rebuild(dbfile)
    conn = records.open_write(dbfile)
    conn.execute("BEGIN IMMEDIATE")
    records.delete_dataset(conn, "seed")
    skipped = records.insert_dataset(conn, records.seed_dataset(), skip=True)
    assert skipped == []
    conn.execute("ROLLBACK")
    conn.close()
    assert inputs.kept_inputs(tmp_path / "nowhere") == []


def _replace_song_tao(tmp_path: Path) -> dict[str, str]:
    """A database where a user dataset 'fix' has replaced the seed's Song Tao."""
    env = {"IDKB_DB": str(tmp_path / "kb.db")}
    fix = tmp_path / "fix.json"
    fix.write_text(json.dumps({
        "idkb": 1, "dataset": {"name": "fix"},
        "entities": [{"id": "song-tao", "kind": "person", "name": "Song Tao (corrected)"}],
    }), encoding="utf-8")
    assert invoke("load", str(fix), "--replace", env=env).code == 0
    return env


def test_unloading_a_dataset_that_replaced_seed_records_brings_them_back(
        tmp_path: Path) -> None:
    env = _replace_song_tao(tmp_path)
    assert json.loads(invoke("person", "song-tao", "--json", env=env).out)["name"] == (
        "Song Tao (corrected)")
    result = invoke("unload", "fix", env=env)
    assert result.code == 0, result.err
    profile = json.loads(invoke("person", "song-tao", "--json", env=env).out)
    assert profile["name"] == "Song Tao"
    assert any(s["id"] == "song-tao-heads-id" for s in profile["statements"])
    assert invoke("db", "check", env=env).code == 0


def test_a_rebuild_says_which_seed_records_yield_to_yours(tmp_path: Path) -> None:
    env = _replace_song_tao(tmp_path)
    result = invoke("db", "rebuild", env=env)
    assert result.code == 0
    assert "your datasets' versions of 1 record(s)" in result.err and "song-tao" in result.err
    assert json.loads(invoke("person", "song-tao", "--json", env=env).out)["name"] == (
        "Song Tao (corrected)")
