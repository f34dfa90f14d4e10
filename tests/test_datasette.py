"""The built database read through Datasette (a test dependency), as a user would browse it:
`datasette idkb.db -m metadata.json --get PATH` answers one request without a server."""

from __future__ import annotations

import html
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from idkb.store import metadata
from tests.helpers import invoke


@pytest.fixture(scope="module")
def browsed(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the seed database (Datasette may add files beside it) and its metadata."""
    folder = tmp_path_factory.mktemp("datasette")
    db = folder / "idkb.db"
    shutil.copy(seed_db, db)
    meta = folder / "metadata.json"
    meta.write_text(json.dumps(metadata.datasette_metadata(db)), encoding="utf-8")
    return db, meta


def datasette_get(db: Path, meta: Path, path: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "datasette", str(db), "-m", str(meta), "--get", path],
        capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def get_json(db: Path, meta: Path, path: str) -> Any:
    return json.loads(datasette_get(db, meta, path))


def has_table(db: Path, name: str) -> bool:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() \
            is not None
    finally:
        conn.close()


def test_a_page_of_events_in_date_order(browsed: tuple[Path, Path]) -> None:
    db, meta = browsed
    page = get_json(db, meta, "/idkb/events.json?_shape=array&_sort=earliest&_size=5")
    assert len(page) == 5
    assert [e["id"] for e in page][:3] == ["prc-founding-1949", "sino-soviet-split",
                                         "id-founding-1951"]
    assert [e["earliest"] for e in page] == sorted(e["earliest"] for e in page)
    meetings = get_json(db, meta, "/idkb/events.json?_shape=array&type=meeting&_sort=earliest")
    assert [e["id"] for e in meetings] == ["cpusa-meeting-2021", "morocco-parties-meeting-2021",
                                           "liu-haixing-meets-perdue-2025",
                                           "liu-haixing-meets-chile-republican-party-2026",
                                           "song-tao-meets-npc-taiwan-delegation-2026"]


def test_the_participants_view_joins_names(browsed: tuple[Path, Path]) -> None:
    db, meta = browsed
    rows = get_json(db, meta, "/idkb/event_participants_view.json?_shape=array"
                              "&event_id=liu-haixing-meets-perdue-2025")
    assert {r["entity"] for r in rows} >= {"Liu Haixing", "David Perdue"}


def test_the_metadata_shows_on_the_pages(browsed: tuple[Path, Path]) -> None:
    db, meta = browsed
    page = datasette_get(db, meta, "/idkb/events")
    assert metadata.TABLES["events"][0] in page  # the table's description
    assert "First day it can have been" in page  # a column's description
    assert "CC BY 4.0" in datasette_get(db, meta, "/")


def _search(db: Path, meta: Path, table: str, term: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = get_json(db, meta, f"/idkb/{table}.json?_shape=array"
                                                    f"&_search={term}")
    return rows


def test_full_text_search_of_the_built_database(browsed: tuple[Path, Path]) -> None:
    """The index idkb builds (search_index + search_index_fts, sqlite-utils' naming)."""
    db, meta = browsed
    found = {(r["record"], r["ref"]) for r in _search(db, meta, "search_index", "Marxism")}
    assert ("event", "cpb-video-conference-2021") in found
    people = {r["ref"] for r in _search(db, meta, "search_index", "Song")}
    assert "song-tao" in people
    page = datasette_get(db, meta, "/idkb/search_index")
    assert 'name="_search"' in page  # Datasette shows a search box


def test_db_path_is_what_datasette_is_given(tmp_path: Path) -> None:
    result = invoke("db", "path", env={"IDKB_DB": str(tmp_path / "x.db")})
    assert result.out.strip() == str(tmp_path / "x.db")


def test_search_on_the_events_and_entities_tables_themselves(browsed: tuple[Path, Path],
                                                             seed_db: Path) -> None:
    """`events?_search=poverty` finds exactly the events whose text says poverty, not all."""
    db, meta = browsed
    conn = sqlite3.connect(seed_db)
    try:
        everything = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        saying = {r[0] for r in conn.execute(
            "SELECT id FROM events WHERE lower(coalesce(title, '') || ' ' || "
            "coalesce(summary, '') || ' ' || coalesce(location, '')) LIKE '%poverty%'")}
    finally:
        conn.close()
    found = {r["id"] for r in _search(db, meta, "events", "poverty")}
    assert found == saying and 0 < len(found) < everything
    assert {r["id"] for r in _search(db, meta, "entities", "Baath")} == {"baath-party"}
    assert 'name="_search"' in datasette_get(db, meta, "/idkb/events")


def test_every_fts_table_in_the_metadata_exists(browsed: tuple[Path, Path]) -> None:
    db, _ = browsed
    for name in metadata.FTS_TABLES:
        assert has_table(db, name), name


def test_canned_queries_answer(browsed: tuple[Path, Path]) -> None:
    db, meta = browsed
    heads = get_json(db, meta, "/idkb/head_on_day.json?_shape=array&day=2021-06-04")
    assert [h["person_id"] for h in heads] == ["song-tao"]
    later = get_json(db, meta, "/idkb/head_on_day.json?_shape=array&day=2023-01-01")
    assert [h["person_id"] for h in later] == ["liu-jianchao"]
    morocco = get_json(db, meta, "/idkb/events_with_country.json?_shape=array&country=morocco")
    assert "morocco-parties-meeting-2021" in {e["id"] for e in morocco}
    posts = get_json(db, meta, "/idkb/positions_of_person.json?_shape=array&person=song-tao")
    assert {"taiwan-affairs-office", "international-department"} <= {
        p["entity_id"] for p in posts}
    for name in metadata.QUERIES:  # each has its page, with its form
        page = html.unescape(datasette_get(db, meta, f"/idkb/{name}"))
        assert metadata.QUERIES[name]["title"] in page and 'name="' in page


def test_facet_on_participant_role_and_statement_labels(browsed: tuple[Path, Path]) -> None:
    db, meta = browsed
    page = get_json(db, meta, "/idkb/event_participants.json?_facet=role")
    roles = {f["value"] for f in page["facet_results"]["results"]["role"]["results"]} \
        if "results" in page["facet_results"] else \
        {f["value"] for f in page["facet_results"]["role"]["results"]}
    assert {"host", "guest"} & roles
    links = datasette_get(db, meta, "/idkb/statement_sources")
    assert "song-tao-heads-id" in links  # statements are labelled by their id
