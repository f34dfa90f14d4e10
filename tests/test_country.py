"""Country profiles that hold their country, and the people of parties and organisations,
checked against the raw tables (tests/research.py) and the seed's own records."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

import pytest

from tests.helpers import Result, Run
from tests.research import Facts

Call = Callable[..., Result]



def test_a_country_lists_what_is_based_in_it_with_event_counts(idkb: Call,
                                                               facts: Facts) -> None:
    country = facts.busiest("country")[0]
    profile = json.loads(idkb("country", country, "--json").out)
    based = {x for x, c in facts.country.items() if c == country}
    listed = {x["id"]: x for group in profile["based"].values() for x in group}
    assert set(listed) == based
    everything = facts.participants(set(facts.events))
    assert all(x["events"] == everything[i] for i, x in listed.items())
    assert all(x["kind"] == facts.kind[i] for i, x in listed.items())


def test_a_country_profile_lists_its_latest_events(idkb: Call, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    profile = json.loads(idkb("country", country, "--json").out)
    every = json.loads(idkb("events", "--with", country, "--json").out)
    assert profile["event_count"] == len(every) == len(facts.with_all(country))
    assert [e["id"] for e in profile["events"]] == [e["id"] for e in every][-100:]
    table = idkb("country", country).out
    assert f"the latest 100 of {len(every)}" in table


def test_statements_about_what_a_country_holds(run: Run) -> None:
    profile = json.loads(run("country", "Brunei", "--json").out)
    assert [x["id"] for x in profile["based"]["organisation"]] == ["brunei-royal-house"]
    about = profile["statements_of_based"]
    assert [s["id"] for s in about] == ["id-relations-brunei-royal-house"]
    assert about[0]["about"]["id"] == "brunei-royal-house" and about[0]["sources"]


@pytest.mark.parametrize("country, event", [
    ("Morocco", "morocco-parties-meeting-2021"),
    ("USA", "cpusa-meeting-2021"),
])
def test_events_of_a_countrys_parties_are_the_countrys(run: Run, country: str,
                                                       event: str) -> None:
    profile = json.loads(run("country", country, "--json").out)
    assert event in [e["id"] for e in profile["events"]]
    listed = json.loads(run("events", "--with", country, "--json").out)
    assert [e["id"] for e in listed] == [e["id"] for e in profile["events"]]


def test_a_country_profile_in_csv_and_on_screen(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("country", "Morocco", "-f", "csv").out)))
    assert any(r["id"] == "morocco-parties-meeting-2021" for r in rows)
    out = run("country", "Morocco").out
    assert "Parties based here (2)" in out and "Justice and Development Party" in out


def test_members_and_leaders_of_an_organisation(run: Run, conn: object) -> None:
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    expected = {r[0] for r in conn.execute(
        "SELECT s.subject FROM statements s JOIN entities x ON x.id = s.subject "
        "WHERE s.object = 'international-department' AND x.kind = 'person' "
        "AND s.predicate IN ('head_of', 'deputy_head_of', 'member_of', 'works_for')")}
    profile = json.loads(run("org", "ILD", "--json").out)
    people = {p["id"]: p for p in profile["people"]}
    assert expected and expected <= set(people)
    assert people["song-tao"]["leader"]
    assert "Members and leaders" in run("org", "ILD").out
