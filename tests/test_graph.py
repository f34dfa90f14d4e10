"""Links between entities: related, and shortest paths checked against a plain search."""

from __future__ import annotations

import itertools
import sqlite3
from collections import deque

from idkb.query import links


def _distance(conn: sqlite3.Connection, a: str, b: str) -> int | None:
    """One-way breadth-first search, the obvious way, to check the two-way one against."""
    seen = {a: 0}
    queue = deque([a])
    while queue:
        node = queue.popleft()
        if node == b:
            return seen[node]
        for link in links.links(conn, node):
            if link.target not in seen:
                seen[link.target] = seen[node] + 1
                queue.append(link.target)
    return None


def test_related_lists_statements_and_shared_events(conn: sqlite3.Connection) -> None:
    found = links.related(conn, "song-tao")
    by_via = {(x["via"], x["to"]["id"]) for x in found}
    assert ("statement", "international-department") in by_via
    assert ("event", "liu-jianchao") in by_via
    head = next(x for x in found if x["id"] == "song-tao-heads-id")
    assert head["when"] == "Nov 2015 – by 2 Jun 2022, as of 4 Jun 2021"
    assert head["sources"] and head["how"].startswith("Song Tao heads")
    assert all(x["from"]["id"] == "song-tao" for x in found)


def test_related_reads_from_either_side(conn: sqlite3.Connection) -> None:
    found = links.related(conn, "international-department")
    assert any(x["to"]["id"] == "song-tao" and x["via"] == "statement" for x in found)


def test_song_tao_reaches_the_cpusa(conn: sqlite3.Connection) -> None:
    result = links.path(conn, "song-tao", "cpusa")
    assert result["connected"] and result["length"] == 2
    hops = result["hops"]
    assert hops[0]["from"]["id"] == "song-tao" and hops[-1]["to"]["id"] == "cpusa"
    for before, after in itertools.pairwise(hops):
        assert before["to"]["id"] == after["from"]["id"]
    assert all(h["sources"] for h in hops)


def test_no_connection_is_an_answer(conn: sqlite3.Connection) -> None:
    result = links.path(conn, "song-tao", "brunei")
    assert result == {**result, "connected": False, "length": None, "hops": []}


def test_the_same_entity_is_zero_links(conn: sqlite3.Connection) -> None:
    assert links.path(conn, "cpusa", "cpusa")["length"] == 0


def test_paths_are_shortest(conn: sqlite3.Connection) -> None:
    ids = [r[0] for r in conn.execute("SELECT id FROM entities ORDER BY id")]
    for a in ids[::5]:
        for b in ids[::3]:
            hops = links.shortest_path(conn, a, b)
            expected = _distance(conn, a, b)
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
