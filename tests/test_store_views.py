"""The SQL views built beside the tables answer their questions correctly."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idkb.core import dates
from idkb.query import profiles, status
from idkb.store import schema


@pytest.fixture
def conn(seed_db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def test_event_participants_view_names_everyone_in_date_order(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT * FROM event_participants_view "
                        "WHERE event_id = 'cpb-video-conference-2021'").fetchall()
    assert rows[0]["entity"] == "Guo Yezhou"  # in the order given
    assert {r["entity_id"] for r in rows} == {"guo-yezhou", "international-department",
                                              "communist-party-of-britain"}
    days = [r["earliest"] for r in conn.execute("SELECT earliest FROM event_participants_view")]
    assert days == sorted(days)
    total = conn.execute("SELECT count(*) FROM event_participants").fetchone()[0]
    assert len(days) == total


def test_person_positions_lists_people_and_their_periods(conn: sqlite3.Connection) -> None:
    rows = conn.execute("SELECT * FROM person_positions WHERE person_id = 'song-tao' "
                        "AND predicate = 'head_of'").fetchall()
    heads = {r["entity_id"]: (r["start"], r["end"]) for r in rows}
    assert heads["international-department"][0] == "2015-11"
    assert all(r["person"] == "Song Tao" for r in rows)
    kinds = {r[0] for r in conn.execute("SELECT DISTINCT person_id FROM person_positions")}
    people = {r[0] for r in conn.execute("SELECT id FROM entities WHERE kind = 'person'")}
    assert kinds <= people


def test_citations_cover_statements_and_events(conn: sqlite3.Connection) -> None:
    count = dict(conn.execute("SELECT record, count(*) FROM citations GROUP BY record").fetchall())
    assert count["statement"] == conn.execute(
        "SELECT count(*) FROM statement_sources").fetchone()[0]
    assert count["event"] == conn.execute("SELECT count(*) FROM event_sources").fetchone()[0]
    row = conn.execute("SELECT * FROM citations WHERE record_id = 'cpb-video-conference-2021'"
                       ).fetchone()
    assert row["source"] and row["locator"]


def test_person_positions_status_agrees_with_the_profiles(conn: sqlite3.Connection) -> None:
    """The view's SQL status and the profiles' status (query.status) are one vocabulary and
    one set of rules: every person's statements, today."""
    rows = conn.execute("SELECT person_id, statement_id, status FROM person_positions"
                        ).fetchall()
    assert {r["status"] for r in rows} >= {"past", "last-reported"}
    for person in {r["person_id"] for r in rows}:
        expected = {s["id"]: s["status"] for s in profiles.statements(conn, person)
                    if s["direction"] == "out" and s["object"]}
        assert {r["statement_id"]: r["status"] for r in rows
                if r["person_id"] == person} == expected, person


@pytest.mark.parametrize("dated", [
    {"start": "2015-11", "end": "2022-06-02"}, {"end": "[..2021-06-04]"},
    {"start": "2022-06-02", "as_of": "2025-07-30", "end": "[..2025-09-30]"},
    {"start": "2018", "end": "[..2099-09-30]"}, {"start": "2099"}, {"start": "2020"},
    {"as_of": "2021-06-04"}, {"as_of": "2099"}, {"start": "1951", "as_of": "2099"}, {},
    {"end": "2099"}, {"start": "2002", "end": "2017"}, {"start": "2020", "end": "2099"},
    # around today: a start and a report in this year, an end in this month
    {"start": str(date.today().year), "as_of": str(date.today().year)},
    {"start": "2020", "end": date.today().isoformat()[:7]},
    {"as_of": date.today().isoformat()}, {"start": date.today().isoformat()},
])
def test_person_positions_status_on_every_shape_of_dates(dated: dict[str, str]) -> None:
    """The view's rules against query.status on each combination of dates, in a scratch
    database with the real schema."""
    scratch = sqlite3.connect(":memory:")
    scratch.row_factory = sqlite3.Row
    scratch.executescript(schema.SCHEMA + schema.VIEWS)
    scratch.execute("INSERT INTO datasets (name, sha256, loaded_at) VALUES ('t', '', '')")
    for ident, kind in (("p", "person"), ("o", "organisation")):
        scratch.execute("INSERT INTO entities (id, dataset, kind, name) VALUES (?, 't', ?, ?)",
                        (ident, kind, ident))
    row: dict[str, str | None] = {"start": None, "end": None, "as_of": None, **dated}
    for field in ("start", "end", "as_of"):
        span = dates.parse(row[field]) if row[field] else None
        row[f"{field}_earliest"] = span.earliest if span else None
        row[f"{field}_latest"] = span.latest if span else None
    columns = ", ".join(f'"{c}"' for c in row)
    scratch.execute(f"INSERT INTO statements (id, dataset, subject, predicate, object, "
                    f"certainty, {columns}) VALUES ('s', 't', 'p', 'head_of', 'o', "
                    f"'confirmed', {', '.join('?' * len(row))})", list(row.values()))
    got = scratch.execute("SELECT status FROM person_positions").fetchone()["status"]
    today = date.today().isoformat()
    assert got == status.status_on({"predicate": "head_of", "value": None, **row}, today)


# --- the view's SQL against query.status, on random statements and days ---------------------

_DAYS = st.dates(min_value=date(2019, 12, 25), max_value=date(2021, 1, 6)).map(
    lambda d: d.isoformat())
# Every form a start, end or as_of takes, near the same few days so that they meet.
_NOTATIONS = st.one_of(
    st.none(), _DAYS, _DAYS.map(lambda d: d[:7]), _DAYS.map(lambda d: d[:4]),
    _DAYS.map(lambda d: f"[..{d}]"), _DAYS.map(lambda d: f"[{d[:7]},2021-01]"))


def _dated(start: str | None, end: str | None, as_of: str | None) -> dict[str, str | None]:
    row: dict[str, str | None] = {"start": start, "end": end, "as_of": as_of}
    for field in ("start", "end", "as_of"):
        span = dates.parse(row[field]) if row[field] else None
        row[f"{field}_earliest"] = span.earliest if span else None
        row[f"{field}_latest"] = span.latest if span else None
    return row


@pytest.fixture(scope="module")
def scratch() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.executescript(schema.SCHEMA)
    return db


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=_NOTATIONS, end=_NOTATIONS, as_of=_NOTATIONS, day=_DAYS)
def test_the_views_status_rules_agree_with_query_status(
        scratch: sqlite3.Connection, start: str | None, end: str | None, as_of: str | None,
        day: str) -> None:
    """The CASE of person_positions (schema.STATUS_CASE), run on any day, gives what
    query.status gives for that statement and day."""
    row = _dated(start, end, as_of)
    values = ", ".join(f"? AS \"{c}\"" for c in row)
    got = scratch.execute(f"SELECT {schema.STATUS_CASE} FROM (SELECT {values}) s "
                          "CROSS JOIN (SELECT ? AS day) t", [*row.values(), day]).fetchone()[0]
    assert got == status.status_on({"predicate": "head_of", "value": None, **row}, day)
