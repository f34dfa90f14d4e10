"""Statistics: every breakdown adds up to its total."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from idkb.query import stats


@pytest.mark.parametrize("by", [k for k in stats.BY if not k.startswith("participant")])
def test_each_breakdown_adds_up(seed_db: Path, by: str) -> None:
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    data = stats.stats(conn, by)
    table = "entities" if by == "kind" else "events"
    total = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert data["total"] == total
    assert sum(r["count"] for r in data["rows"]) == total
    assert data["adds_up"]
    assert len({r["key"] for r in data["rows"]}) == len(data["rows"])
    assert data["note"]


def test_years_count_a_span_in_its_first_year(seed_db: Path) -> None:
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    years = {r["key"]: r["count"] for r in stats.stats(conn, "year")["rows"]}
    assert years["2002"] == 1  # 2002/2017
    assert years["1950"] == 1  # 195X/196X
    assert "2016" not in years


def test_party_status_sees_the_ruling_baath_party(seed_db: Path) -> None:
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    rows = {r["key"]: r["count"] for r in stats.stats(conn, "party-status")["rows"]}
    assert rows["ruling"] >= 2  # the Baath session and the Moroccan parties meeting
