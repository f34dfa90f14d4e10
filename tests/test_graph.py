"""Links between entities: related, and shortest paths checked against a plain search."""

from __future__ import annotations

import itertools
import sqlite3
from collections import deque

import pytest

from idkb.query import links


def _distance(conn: sqlite3.Connection, a: str, b: str,
              via: frozenset[str] = links.Walk().via) -> int | None:
    """One-way breadth-first search, the obvious way, to check the two-way one against: only
    entities of the kinds in `via` are passed through (the two ends may be of any kind)."""
    kinds = dict(conn.execute("SELECT id, kind FROM entities").fetchall())
    seen = {a: 0}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            return seen[node]
        if node != a and kinds[node] not in via:
            continue
        for link in links.links(conn, node):
            if link.target not in seen:
                seen[link.target] = seen[node] + 1
                queue.append(link.target)
    return None


def _shared_events(conn: sqlite3.Connection, a: str) -> dict[str, int]:
    """Entities sharing events with `a`, and how many: SQL, apart from the query."""
    return dict(conn.execute(
        "SELECT p2.entity_id, count(DISTINCT p1.event_id) FROM event_participants p1 "
        "JOIN event_participants p2 ON p2.event_id = p1.event_id "
        "WHERE p1.entity_id = ? AND p2.entity_id != ? GROUP BY p2.entity_id", (a, a)).fetchall())


def test_related_is_one_row_per_entity_with_shared_events(conn: sqlite3.Connection) -> None:
    for entity in ("song-tao", "international-department", "china", "morocco"):
        found = links.related(conn, entity)
        assert len({x["id"] for x in found}) == len(found)
        shared = _shared_events(conn, entity)
        assert {x["id"]: x["events"] for x in found if x["events"]} == shared
        counts = [x["events"] for x in found]
        assert counts == sorted(counts, reverse=True)


def test_related_says_how_with_statements(conn: sqlite3.Connection) -> None:
    found = {x["id"]: x for x in links.related(conn, "song-tao")}
    head = found["international-department"]
    assert "song-tao-heads-id" in head["statements"] and head["sources"]
    assert any(h.startswith("Song Tao heads") and "Nov 2015 – by 2 Jun 2022, as of 4 Jun 2021"
               in h for h in head["how"])
    assert found["liu-jianchao"]["events"] >= 1


def test_related_reads_from_either_side(conn: sqlite3.Connection) -> None:
    found = {x["id"]: x for x in links.related(conn, "international-department")}
    assert found["song-tao"]["statements"]


def test_related_kind_and_limit(conn: sqlite3.Connection) -> None:
    people = links.related(conn, "international-department", kind="person")
    assert people and all(x["kind"] == "person" for x in people)
    assert links.related(conn, "international-department", kind="person", limit=2) == people[:2]


def test_a_country_is_linked_to_what_is_based_in_it(conn: sqlite3.Connection) -> None:
    based = {r[0] for r in conn.execute("SELECT id FROM entities WHERE country = 'brunei'")}
    found = {x["id"]: x for x in links.related(conn, "brunei")}
    assert based and based <= set(found)
    assert all(found[b]["based"] for b in based)


def test_song_tao_reaches_the_cpusa(conn: sqlite3.Connection) -> None:
    result = links.path(conn, "song-tao", "cpusa")
    assert result["connected"] and result["length"] == 2
    hops = result["hops"]
    assert hops[0]["from"]["id"] == "song-tao" and hops[-1]["to"]["id"] == "cpusa"
    for before, after in itertools.pairwise(hops):
        assert before["to"]["id"] == after["from"]["id"]
    assert all(h["sources"] for h in hops)


def test_a_path_reaches_a_country_through_what_is_based_there(conn: sqlite3.Connection) -> None:
    result = links.path(conn, "song-tao", "brunei")
    assert result["connected"]
    assert [h["to"]["id"] for h in result["hops"]][-2:] == ["brunei-royal-house", "brunei"]
    assert result["hops"][-1]["via"] == "country"


def test_no_connection_is_an_answer(conn: sqlite3.Connection) -> None:
    result = links.path(conn, "song-tao", "brunei", links.Walk(frozenset({"party"})))
    assert result == {**result, "connected": False, "length": None, "hops": []}


def test_countries_are_not_passed_through_unless_asked(conn: sqlite3.Connection) -> None:
    kinds = dict(conn.execute("SELECT id, kind FROM entities").fetchall())
    ids = sorted(kinds)
    for a, b in itertools.product(ids[::4], ids[::5]):
        hops = links.shortest_path(conn, a, b) or []
        assert all(kinds[h.target] != "country" for h in hops[:-1]), (a, b)
    every = links.Walk(frozenset({"person", "party", "organisation", "country"}))
    found = [links.shortest_path(conn, a, b, every) for a, b in itertools.product(ids, ids)]
    assert any(kinds[h.target] == "country" for hops in found for h in (hops or [])[:-1])


def test_every_link_of_a_path_lies_in_the_period(conn: sqlite3.Connection) -> None:
    period = links.Period("2021-01-01", "2021-12-31")
    result = links.path(conn, "song-tao", "cpusa", links.Walk(period=period))
    for hop in result["hops"]:
        assert period.meets(hop["start"], hop["end"])
    assert result["period"] == {"from": "2021-01-01", "to": "2021-12-31"}
    early = links.path(conn, "song-tao", "cpusa", links.Walk(period=links.Period(None, "1990")))
    assert not early["connected"]


def test_the_same_entity_is_zero_links(conn: sqlite3.Connection) -> None:
    assert links.path(conn, "cpusa", "cpusa")["length"] == 0


@pytest.mark.parametrize("via", [links.Walk().via, frozenset({"person", "party"}),
                                 frozenset({"person", "party", "organisation", "country"})])
def test_paths_are_shortest(conn: sqlite3.Connection, via: frozenset[str]) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id")]
    for a in ids[::5]:
        for b in ids[::3]:
            hops = links.shortest_path(conn, a, b, links.Walk(via))
            expected = _distance(conn, a, b, via)
            assert (len(hops) if hops is not None else None) == expected, (a, b)
            node = a
            for hop in hops or []:
                assert hop.source == node
                node = hop.target
            assert hops is None or node == b


def test_around_respects_depth(conn: sqlite3.Connection) -> None:
    one = links.around(conn, "song-tao", 1)
    two = links.around(conn, "song-tao", 2)
    assert "international-department" in one and "cpusa" not in one
    assert one < two and "cpusa" in two
