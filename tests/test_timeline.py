"""Timelines: order, grouping by year, dates as the source gives them, positions."""

from __future__ import annotations

import sqlite3

from idkb.query import timeline
from idkb.query.filters import EventQuery
from idkb.query.resolve import resolve
from idkb.render.explore_layouts import RANGES, UPPER_BOUNDS, by_year
from idkb.render.flat import flat_timeline_item
from tests.helpers import Run


def test_every_event_in_date_order(conn: sqlite3.Connection) -> None:
    items = timeline.timeline(conn, None)
    assert len(items) == conn.execute("SELECT count(*) FROM events").fetchone()[0]
    starts = [i["start"] for i in items]
    assert starts == sorted(starts)


def test_dates_read_as_the_source_gives_them(conn: sqlite3.Connection) -> None:
    when = {i["id"]: i["when"] for i in timeline.timeline(conn, None)}
    assert when["baath-sharing-session-2021"] == "Apr 2021"
    assert when["sino-soviet-split"] == "1950s–1960s"
    assert when["world-parties-conference-2017"] == "2017"


def test_a_person_has_events_and_position_starts_and_ends(conn: sqlite3.Connection) -> None:
    items = timeline.timeline(conn, resolve(conn, "Song Tao"))
    records = {(i["record"], i["id"]) for i in items}
    assert ("position-start", "song-tao-heads-id") in records
    assert ("position-end", "song-tao-heads-id") in records
    assert ("event", "song-tao-becomes-id-head-2015") in records
    groups = dict(by_year(items))
    assert [i["id"] for i in groups["2015"]] == ["song-tao-becomes-id-head-2015",
                                                "song-tao-heads-id"]
    assert list(groups) == sorted(groups)


def test_an_end_known_only_as_an_upper_bound_is_no_event_of_that_year(
        conn: sqlite3.Connection) -> None:
    """Song Tao's earlier posts ended "by 4 Jun 2021", his headship "by 2 Jun 2022": listed
    once each, with no year, after the dated items, never under 2021 or 2022."""
    items = timeline.timeline(conn, resolve(conn, "Song Tao"))
    bounded = [i for i in items if i["bound"] == "upper"]
    expected = {r["id"] for r in conn.execute(
        "SELECT id FROM statements WHERE (subject = 'song-tao' OR object = 'song-tao') "
        "AND (\"end\" LIKE '[..%' OR start LIKE '[..%')")}
    assert sorted(i["id"] for i in bounded) == sorted(expected) and len(expected) == 4
    assert all(i["year"] is None and i["type"] == "ends" for i in bounded)
    assert {i["when"] for i in bounded} == {"by 4 Jun 2021", "by 2 Jun 2022"}
    assert items[-len(bounded):] == bounded  # after every dated item
    groups = dict(by_year(items))
    assert "2021" not in groups  # nothing of his is dated 2021
    assert groups[UPPER_BOUNDS] == bounded
    assert [g for g in groups if g != UPPER_BOUNDS] == sorted(g for g in groups
                                                              if g != UPPER_BOUNDS)


def test_an_upper_bound_shown_apart_in_the_table(run: Run) -> None:
    out = run("timeline", "Song Tao", "--wide").out
    rows = out.split("In date order\n", 1)[1].splitlines()
    first = next(i for i, x in enumerate(rows) if x[2:].startswith("by a date"))
    dated, bounds = rows[:first], rows[first:]
    assert not any("Guyana" in x for x in dated) and any("Guyana" in x for x in bounds)
    line = next(x for x in bounds if "Guyana" in x)
    assert "by 4 Jun 2021" in line and " ends " in line
    assert UPPER_BOUNDS.lower() in out  # the note says what "by a date" means


def test_from_and_to_keep_what_overlaps(conn: sqlite3.Connection) -> None:
    items = timeline.timeline(conn, None, EventQuery("2021-01-01", "2021-12-31"))
    assert items and all(i["start"] <= "2021-12-31" and i["end"] >= "2021-01-01" for i in items)
    decades = timeline.timeline(conn, None, EventQuery("1955-01-01", "1955-12-31"))
    assert [i["id"] for i in decades] == ["sino-soviet-split"]


def test_flat_rows_share_one_set_of_columns(conn: sqlite3.Connection) -> None:
    rows = [flat_timeline_item(i) for i in timeline.timeline(conn, resolve(conn, "Song Tao"))]
    assert len({tuple(r) for r in rows}) == 1


def test_one_word_per_kind_of_position_row(conn: sqlite3.Connection) -> None:
    """A start is "starts" and an end "ends", exact or a bound; the bound is in `bound`."""
    items = [i for i in timeline.timeline(conn, None) if i["record"] != "event"]
    people = {r["subject"] for r in conn.execute("SELECT subject FROM statements")}
    for person in sorted(people):
        items += timeline.timeline(conn, resolve(conn, person))
    words = {(i["record"], i["type"]) for i in items if i["record"] != "event"}
    assert words == {("position-start", "starts"), ("position-end", "ends")}
    assert {i["bound"] for i in items if i["record"] != "event"} == {None, "upper", "range"}


def test_a_start_known_only_between_two_dates_is_no_event_of_the_first_year(
        conn: sqlite3.Connection, run: Run) -> None:
    """Liu Jianchao began between 5 June 2021 and 2 June 2022: not filed under 2021."""
    items = timeline.timeline(conn, resolve(conn, "Liu Jianchao"))
    start = next(i for i in items if i["record"] == "position-start")
    assert (start["bound"], start["year"], start["when"]) == (
        "range", None, "between 5 Jun 2021 and 2 Jun 2022")
    groups = dict(by_year(items))
    assert "2021" not in groups and groups[RANGES] == [start]
    out = run("timeline", "Liu Jianchao", "--wide").out
    line = next(x for x in out.splitlines() if "between 5 Jun 2021" in x)
    assert line.split()[0] == "between" and RANGES.lower() in out
