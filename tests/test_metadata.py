"""Datasette metadata: every table, view and column of the real schema is described, and
`idkb db metadata` prints it for the database the user points at."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from idkb.store import metadata
from tests.helpers import Run, invoke


def _tables(path: Path) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        # Full-text tables and their shadow tables are sqlite-utils' business, not ours.
        names = [n for n in names if "_fts" not in n]
        return {n: [r[1] for r in conn.execute(f"PRAGMA table_info([{n}])")] for n in names}
    finally:
        conn.close()


def test_every_table_and_column_is_described(seed_db: Path) -> None:
    real = _tables(seed_db)
    assert set(real) == set(metadata.TABLES), "describe new tables in idkb/metadata.py"
    for name, columns in real.items():
        described = metadata.TABLES[name][1]
        assert set(columns) == set(described), f"{name}: columns and descriptions differ"
        assert all(text.strip() for text in described.values())


def test_views_for_the_common_questions_are_there(seed_db: Path) -> None:
    assert {"event_participants_view", "person_positions", "citations"} <= set(_tables(seed_db))


def test_db_metadata_prints_datasette_metadata(run: Run, seed_db: Path) -> None:
    result = run("db", "metadata")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["license"] == "CC BY 4.0"
    assert data["license_url"].startswith("https://creativecommons.org/")
    assert data["title"] and data["description"] and data["source"]
    tables = data["databases"][seed_db.stem]["tables"]
    assert tables["events"]["columns"]["earliest"].startswith("First day")
    assert tables["entities"]["label_column"] == "name"
    assert tables["meta"]["hidden"] is True


def test_db_metadata_names_the_database_as_datasette_will(tmp_path: Path) -> None:
    result = invoke("db", "metadata", "--db", str(tmp_path / "diplomacy.db"))
    assert result.code == 0, result.err
    assert list(json.loads(result.out)["databases"]) == ["diplomacy"]
    assert not (tmp_path / "diplomacy.db").exists()  # describing needs no database
