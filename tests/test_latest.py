"""The latest events of a profile and their total, whichever way they are found (walking back
from the latest event, or reading the entity's own dates), checked against an order and a count
worked out in plain Python from the raw tables (tests/research.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from idkb.query import filters, latest
from tests.research import Facts


@pytest.fixture(scope="module")
def synth(synth_db: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(f"file:{synth_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


def _expected(facts: Facts, entity: str, n: int) -> list[str]:
    """The entity's last `n` events, latest first: by first possible day, then last, then id,
    an event with no day before every dated one."""
    def key(event: str) -> tuple[bool, str, bool, str, str]:
        e = facts.events[event]
        return (e["earliest"] is not None, e["earliest"] or "", e["latest"] is not None,
                e["latest"] or "", event)
    return sorted(facts.with_all(entity), key=key, reverse=True)[:n]


def _entities(facts: Facts) -> list[str]:
    """Busy and quiet entities of every kind that takes part."""
    busy = [x for kind in ("country", "party", "person", "organisation")
            for x in facts.busiest(kind, 3)]
    quiet = [x for x in facts.participants(set(facts.events)) if facts.kind[x] == "country"]
    return busy + sorted(quiet)[:5]


@pytest.mark.parametrize("n", [1, 3, 20, 100])
def test_the_latest_events_and_their_total(synth: sqlite3.Connection, facts: Facts,
                                           monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    walked: list[str] = []
    walk = latest._walk

    def counted(conn: sqlite3.Connection, ids: set[str], n: int, steps: int) -> list[str]:
        walked.append("")
        return walk(conn, ids, n, steps)

    monkeypatch.setattr(latest, "_walk", counted)
    for entity in _entities(facts):
        q = filters.EventQuery(withs=(filters.Taking(entity, facts.kind[entity]),))
        shown, total = latest.latest_ids(synth, q, n)
        assert total == len(facts.with_all(entity)), entity
        assert shown == _expected(facts, entity, n), entity
    if n == 1:
        assert walked  # the busiest take the walk: their first event is a few steps back


def test_a_walk_cut_short_reads_the_dates(synth: sqlite3.Connection, facts: Facts,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # As if every event of the entity were old: the walk back gives up before finding one.
    walks: list[object] = []

    def gives_up(*args: object) -> list[str]:
        walks.append(args)
        return []

    monkeypatch.setattr(latest, "_walk", gives_up)
    for entity in facts.busiest("country", 3):
        q = filters.EventQuery(withs=(filters.Taking(entity, "country"),))
        assert latest.latest_ids(synth, q, 1) == (_expected(facts, entity, 1),
                                                  len(facts.with_all(entity)))
    assert len(walks) == 3


def test_a_bounded_walk_stops_at_its_steps(synth: sqlite3.Connection, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    ids = facts.with_all(country)
    every = _expected(facts, country, len(ids))
    # The latest events of the whole database, those of this country among them.
    order = [r[0] for r in synth.execute(
        f"SELECT e.id FROM events e ORDER BY {latest.LATEST_FIRST}")]
    steps = order.index(every[2])  # the walk stops just before the country's third event
    assert latest._walk(synth, ids, 5, steps) == every[:2]
    assert latest._walk(synth, ids, 5, len(order)) == every[:5]


def test_with_a_period_the_rows_are_read(synth: sqlite3.Connection, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    q = filters.EventQuery(end="2015-12-31", withs=(filters.Taking(country, "country"),))
    kept = [e for e in _expected(facts, country, len(facts.events))
            if (facts.events[e]["earliest"] or "9999") <= "2015-12-31"]
    assert latest.latest_ids(synth, q, 10) == (kept[:10], len(kept))


@pytest.mark.parametrize("kind", ["country", "party"])
def test_in_a_role(synth: sqlite3.Connection, facts: Facts, kind: str) -> None:
    for entity in facts.busiest(kind, 3):
        roles = {how for e in facts.with_all(entity) for who, how in facts.parts[e]
                 if who == entity or facts.country.get(who) == entity}
        for role in sorted(roles):
            q = filters.EventQuery(withs=(filters.Taking(entity, kind, role=role),))
            expected = facts.with_all(entity, role=role)
            assert latest.latest_ids(synth, q, 10 ** 6)[1] == len(expected), (entity, role)
