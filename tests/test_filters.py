"""Event filters that combine, checked against the raw tables read in plain Python
(tests/research.py), on the seed plus a synthetic dataset."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import Result
from tests.research import Facts

Call = Callable[..., Result]



def _ids(result: Result) -> list[str]:
    assert result.code == 0, result.err
    return [e["id"] for e in json.loads(result.out)]


def test_with_twice_is_and(idkb: Call, facts: Facts) -> None:
    person, party = facts.busiest("person")[0], facts.busiest("party")[0]
    country = facts.busiest("country")[0]
    for a, b in ((person, party), (party, country), (country, person)):
        found = _ids(idkb("events", "--with", a, "--with", b, "--json"))
        assert set(found) == facts.with_all(a, b) and len(found) == len(set(found))
        alone = facts.with_all(a)
        assert set(found) <= alone


def test_with_a_role(idkb: Call, facts: Facts) -> None:
    party = facts.busiest("party")[0]
    found = _ids(idkb("events", "--with", f"{facts.name[party]}:host", "--json"))
    assert set(found) == {e for e in facts.events if (party, "host") in facts.parts[e]}
    assert found


def test_a_country_takes_part_through_what_it_holds_and_hosts(idkb: Call, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    expected = facts.with_all(country)
    direct = {e for e in facts.events if any(w == country for w, _ in facts.parts[e])}
    hosted = {e for e in facts.events if facts.events[e]["location_country"] == country}
    assert expected > direct and hosted - direct  # the data shows every way of taking part
    assert set(_ids(idkb("events", "--with", country, "--json"))) == expected


def test_in_keeps_events_held_there(idkb: Call, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    found = _ids(idkb("events", "--in", facts.name[country], "--json"))
    assert set(found) == {e for e in facts.events
                          if facts.events[e]["location_country"] == country}
    assert idkb("events", "--in", "Song Tao").code == 1  # a person is not a place


def test_source_and_dataset(idkb: Call, facts: Facts, synth_db: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(f"file:{synth_db}?mode=ro", uri=True)
    source = conn.execute("SELECT source_id FROM event_sources GROUP BY source_id "
                          "ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    cited = {r[0] for r in conn.execute("SELECT event_id FROM event_sources WHERE source_id = ?",
                                        (source,))}
    assert set(_ids(idkb("events", "--source", source, "--json"))) == cited
    synthetic = {e for e in facts.events if facts.events[e]["dataset"] != "seed"}
    found = _ids(idkb("events", "--dataset", "synthetic-4000", "--year", "1990", "--json"))
    assert set(found) == {e for e in synthetic if facts.in_year(e, 1990)}
    assert idkb("events", "--source", "no-such-source").code == 1
    assert idkb("events", "--dataset", "nope").code == 1


def test_one_count_everywhere_for_a_country(idkb: Call, facts: Facts) -> None:
    """Profile, events --with, timeline and stats count a country's events alike."""
    country = facts.busiest("country")[0]
    expected = len(facts.with_all(country))
    profile = json.loads(idkb("country", country, "--json").out)
    timeline = json.loads(idkb("timeline", country, "--json").out)
    stats = json.loads(idkb("stats", "--with", country, "--json").out)
    events = _ids(idkb("events", "--with", country, "--json"))
    assert profile["event_count"] == len(events) == stats["total"] == expected
    assert len([i for i in timeline if i["record"] == "event"]) == expected
    assert sum(r["count"] for r in stats["rows"]) == expected


def test_filters_apply_to_timeline_stats_and_graph(idkb: Call, facts: Facts) -> None:
    party = facts.busiest("party")[0]
    expected = {e for e in facts.with_all(party) if facts.in_year(e, 1990)
                or facts.in_year(e, 1991)}
    args = ("--with", party, "--from", "1990", "--to", "1991")
    timeline = json.loads(idkb("timeline", *args, "--json").out)
    assert {i["id"] for i in timeline} == expected
    stats = json.loads(idkb("stats", "--by", "type", *args, "--json").out)
    assert stats["total"] == len(expected) == sum(r["count"] for r in stats["rows"])
    graph = json.loads(idkb("graph", *args, "--json").out)
    drawn = {n["id"].removeprefix("event:") for n in graph["nodes"] if n["kind"] == "event"}
    assert drawn <= expected
    assert drawn == {e for e in expected if len({w for w, _ in facts.parts[e]}) > 1}


@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "json"])
def test_every_format_holds_the_same_events(idkb: Call, facts: Facts, fmt: str) -> None:
    a, b = facts.busiest("person")[0], facts.busiest("country")[0]
    expected = facts.with_all(a, b)
    out = idkb("events", "--with", a, "--with", b, "--format", fmt).out
    if fmt == "csv":
        found = {r["id"] for r in csv.DictReader(io.StringIO(out))}
    elif fmt == "jsonl":
        found = {json.loads(line)["id"] for line in out.splitlines()}
    elif fmt == "json":
        found = {e["id"] for e in json.loads(out)}
    else:
        assert f"Events ({len(expected)})" in out
        found = expected
    assert found == expected


def test_a_limited_list_says_how_many_match(idkb: Call, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    total = len(facts.with_all(country))
    out = idkb("events", "--with", country, "--limit", "3").out
    assert f"{total - 3} more not shown" in out


def test_a_country_in_a_role_beside_a_narrower_name(idkb: Call, facts: Facts) -> None:
    """A country beside a person or party is asked event by event: the same answer."""
    country, party = facts.busiest("country")[0], facts.busiest("party")[0]
    expected = {e for e in facts.with_all(party)
                if facts.takes_part(country, e, role="counterpart")}
    found = _ids(idkb("events", "--with", f"{country}:counterpart", "--with", party, "--json"))
    assert set(found) == expected
    assert set(_ids(idkb("events", "--with", party, "--with", country, "--json"))) == \
        facts.with_all(party, country)
