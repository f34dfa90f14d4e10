"""A statement's status on a day says no more than its dates do (issue 15): held, may hold,
last reported, past. Expected answers are worked out here from the stored dates or by hand,
not read back from the code under test."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from typing import Any

import pytest

from idkb.core.vocab import STATUSES
from idkb.query import status
from tests.helpers import Run, statement_row

Profile = dict[str, Any]


def _json(run: Run, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _statuses(profile: Profile) -> dict[str, str]:
    return {s["id"]: s["status"] for s in profile["statements"]}




# --- the rules, case by case, worked out by hand --------------------------------------------

TODAY = "2026-06-01"


@pytest.mark.parametrize(("dated", "day", "expected"), [
    # start and an exact end: held in between; ends are exclusive
    ({"start": "2015-11", "end": "2022-06-02"}, "2015-10-31", "not-yet"),
    ({"start": "2015-11", "end": "2022-06-02"}, "2015-11-15", "may-hold"),  # began in Nov
    ({"start": "2015-11", "end": "2022-06-02"}, "2015-11-30", "held"),
    ({"start": "2015-11", "end": "2022-06-02"}, "2022-06-01", "held"),
    ({"start": "2015-11", "end": "2022-06-02"}, "2022-06-02", "past"),
    # no start, an upper-bound end: never known to hold, over by the bound
    ({"end": "[..2021-06-04]"}, "1899-01-01", "may-hold"),
    ({"end": "[..2021-06-04]"}, "2010-01-01", "may-hold"),
    ({"end": "[..2021-06-04]"}, "2021-06-04", "past"),
    # start, last reported, an upper-bound end: held until the report, then may hold
    ({"start": "2022-06-02", "as_of": "2025-07-30", "end": "[..2025-09-30]"}, "2023-01-01",
     "held"),
    ({"start": "2022-06-02", "as_of": "2025-07-30", "end": "[..2025-09-30]"}, "2025-07-30",
     "held"),
    ({"start": "2022-06-02", "as_of": "2025-07-30", "end": "[..2025-09-30]"}, "2025-09-01",
     "may-hold"),
    ({"start": "2022-06-02", "as_of": "2025-07-30", "end": "[..2025-09-30]"}, "2025-09-30",
     "past"),
    # a start and an upper-bound end, no report between: only the start is known
    ({"start": "2018", "end": "[..2025-09-30]"}, "2020-01-01", "may-hold"),
    # start and as_of: held from the start to the report, last reported after
    ({"start": "1951", "as_of": "2021-06-04"}, "1950-12-31", "not-yet"),
    ({"start": "1951", "as_of": "2021-06-04"}, "1990-01-01", "held"),
    ({"start": "2012", "as_of": "2020"}, "2015-03-01", "held"),
    ({"start": "2012", "as_of": "2020"}, "2020-01-01", "held"),  # the report's first day
    ({"start": "2012", "as_of": "2020"}, "2020-12-31", "may-hold"),  # report maybe earlier
    ({"start": "2012", "as_of": "2020"}, "2021-01-01", "last-reported"),
    # a report dated only to a year or a month vouches for its first day and shows the
    # statement begun only by its last
    ({"start": "2020-06", "as_of": "2020"}, "2020-05-31", "not-yet"),
    ({"start": "2020-06", "as_of": "2020"}, "2020-06-10", "may-hold"),
    ({"start": "2020-06", "as_of": "2020"}, "2020-12-31", "may-hold"),
    ({"as_of": "1951"}, "1951-01-01", "may-hold"),
    ({"as_of": "1951"}, "1951-12-31", "may-hold"),
    ({"as_of": "1951"}, "1952-01-01", "last-reported"),
    ({"start": "1951", "as_of": "1951"}, "1951-06-01", "may-hold"),
    ({"as_of": "2021-05"}, "2021-05-01", "may-hold"),
    ({"as_of": "2021-05"}, "2021-05-31", "may-hold"),
    # as_of alone: may hold before, held on the day, last reported after
    ({"as_of": "2021-06-04"}, "2021-06-03", "may-hold"),
    ({"as_of": "2021-06-04"}, "2021-06-04", "held"),
    ({"as_of": "2021-06-04"}, "2023-01-01", "last-reported"),
    # a start and nothing else: begun, but nothing shows it going on (issue 15: no "held
    # today" without a report)
    ({"start": "2022-12-28"}, "2022-12-27", "not-yet"),
    ({"start": "2022-12-28"}, TODAY, "may-hold"),
    ({"start": "2022-12-28"}, "2030-01-01", "may-hold"),
    # no dates at all: may hold on any day, today too
    ({}, TODAY, "may-hold"),
    ({}, "2020-01-01", "may-hold"),
    # an end known to the year: may hold during that year
    ({"start": "2002", "end": "2017"}, "2016-12-31", "held"),
    ({"start": "2002", "end": "2017"}, "2017-06-01", "may-hold"),
    ({"start": "2002", "end": "2017"}, "2017-12-31", "past"),
])
def test_status_rules(dated: dict[str, str], day: str, expected: str) -> None:
    assert status.status_on(statement_row(**dated), day) == expected


@pytest.mark.parametrize(("day", "expected"), [
    ("1950-06-01", "not-yet"), ("1951-06-01", "may-hold"), ("1951-12-31", "held"),
    ("1899-01-01", "not-yet"), ("2026-01-01", "held")])
def test_a_founding_holds_from_its_date_on(day: str, expected: str) -> None:
    row = statement_row(predicate="founded_in", value="1951")
    assert status.status_on(row, day) == expected


# --- 1. nothing "current" before it is known to hold ----------------------------------------

@pytest.mark.parametrize("day", ["2010", "1899"])
def test_song_tao_before_his_known_posts(run: Run, day: str) -> None:
    p = _json(run, "person", "Song Tao", "--as-of", day)
    got = _statuses(p)
    assert "held" not in got.values()
    for post in ("song-tao-ambassador-guyana", "song-tao-ambassador-philippines",
                 "song-tao-disciplinary-chief-foreign-ministry"):
        assert got[post] == "may-hold"
    assert "song-tao-heads-id" not in got  # began in 2015
    assert p["counts"] == {s: list(got.values()).count(s) for s in STATUSES}
    assert p["counts"]["may-hold"] == len(got) > 0


def test_may_hold_is_counted_apart_in_the_table(run: Run) -> None:
    p = _json(run, "person", "Song Tao", "--as-of", "2010")
    out = run("person", "Song Tao", "--as-of", "2010").out
    assert f"Statements ({len(p['statements'])}: {len(p['statements'])} may hold)" in out
    line = next(x for x in out.splitlines() if "ambassador to Guyana" in x)
    assert "may hold" in line and "held " not in line.replace("may hold", "")


# --- 3. facts observed once are last reported later, never dropped --------------------------

def test_the_department_in_2023_keeps_what_was_reported_in_2021(run: Run,
                                                                conn: sqlite3.Connection) -> None:
    day = "2023-01-01"
    p = _json(run, "show", "ILD", "--as-of", day)
    got = _statuses(p)
    # Every statement about the department reported on some day before 2023, with no end
    # and a start (if any) before that day, is there as last reported.
    reported = {r["id"] for r in conn.execute(
        "SELECT id FROM statements WHERE (subject = 'international-department' OR object = "
        "'international-department') AND as_of_latest < ? AND \"end\" IS NULL "
        "AND (start IS NULL OR start_earliest <= ?)", (day, day))}
    assert len(reported) > 20
    assert {i: got.get(i) for i in reported} == dict.fromkeys(reported, "last-reported")
    # the communist parties of 1951 are not "past" while the non-communist ones hold
    assert got["id-purpose-1951"] == got["id-relations-non-communist-parties"] == \
        "last-reported"
    assert p["counts"]["last-reported"] == len([s for s in got.values()
                                                if s == "last-reported"])
    table = run("show", "ILD", "--as-of", day).out
    assert f"{p['counts']['last-reported']} last reported" in table


# --- 4a. as_of no longer hides start --------------------------------------------------------

def test_facts_held_since_1951_show_in_1990(run: Run) -> None:
    got = _statuses(_json(run, "show", "ILD", "--as-of", "1990"))
    assert got["id-part-of-cpc"] == "held" and got["id-purpose-1951"] == "held"
    assert "id-description-xi-era" not in got  # from 2012


def test_the_non_communist_parties_since_1978(run: Run) -> None:
    assert _statuses(_json(run, "show", "ILD", "--as-of", "1990"))[
        "id-relations-non-communist-parties"] == "held"
    assert "id-relations-non-communist-parties" not in _statuses(
        _json(run, "show", "ILD", "--as-of", "1977"))


def test_a_judgement_from_2012_to_2020(run: Run) -> None:
    for day, expected in (("2015", "held"), ("2020-06-09", "held"),
                          ("2020-06", "partly-held"), ("2020-06-10", "last-reported"),
                          ("2023", "last-reported")):
        got = _statuses(_json(run, "show", "ILD", "--as-of", day))
        assert got["id-description-xi-era"] == expected, day
    p = _json(run, "show", "ILD")
    xi = next(s for s in p["statements"] if s["id"] == "id-description-xi-era")
    assert xi["period"] == "since 2012, as of 9 Jun 2020"


# --- 4b. an upper-bound end is no real end --------------------------------------------------

def _heads(run: Run, day: str) -> dict[str, str]:
    p = _json(run, "show", "ILD", "--as-of", day)
    return {s["subject"]["id"]: s["status"] for s in p["statements"]
            if s["predicate"] == "head_of" and s["direction"] == "in"}


@pytest.mark.parametrize(("day", "heads"), [
    ("2023-01-01", {"liu-jianchao": "held"}),
    ("2025-07-30", {"liu-jianchao": "held"}),  # last reported acting as head
    ("2025-09-01", {"liu-jianchao": "may-hold"}),  # gone by 30 Sep, when is not known
    ("2025-09-30", {"liu-haixing": "held"}),
])
def test_who_headed_the_department(run: Run, day: str, heads: dict[str, str]) -> None:
    assert _heads(run, day) == heads


def test_may_hold_reads_so_in_the_table(run: Run) -> None:
    out = run("show", "ILD", "--as-of", "2025-09-01", "--wide").out
    line = next(x for x in out.splitlines() if "headed by Liu Jianchao" in x)
    assert "may hold" in line and "and 2 Jun 2022, ended by 30 Sep 2025" in line


def test_song_taos_earlier_posts_not_held_in_1990(run: Run) -> None:
    got = _statuses(_json(run, "person", "Song Tao", "--as-of", "1990"))
    assert got["song-tao-ambassador-guyana"] == "may-hold"
    assert "held" not in got.values()


# --- 4c. "July or August", not two months ---------------------------------------------------

def test_the_questioning_is_one_of_two_months(run: Run) -> None:
    found = _json(run, "events", "--with", "Liu Jianchao", "--year", "2025")
    q = next(e for e in found if e["id"] == "liu-jianchao-questioned-2025")
    assert (q["date"], q["start"], q["end"], q["precision"]) == (
        "[2025-07,2025-08]", "2025-07-01", "2025-08-31", "month")
    line = next(x for x in run("events", "--with", "Liu Jianchao", "--wide").out.splitlines()
                if "questioning" in x)
    assert line.strip().startswith("Jul or Aug 2025") and "Jul 2025–Aug 2025" not in line
    for month, found_it in (("2025-07", True), ("2025-08", True), ("2025-09", False)):
        ids = [e["id"] for e in _json(run, "events", "--from", month, "--to", month)]
        assert ("liu-jianchao-questioned-2025" in ids) is found_it, month


# --- 5. one vocabulary everywhere -----------------------------------------------------------

@pytest.mark.parametrize("args", [("person", "Song Tao"), ("show", "ILD", "--as-of", "2023"),
                                  ("person", "Song Tao", "--as-of", "2010"),
                                  ("person", "Liu Jianchao", "--as-of", "2025-09")])
def test_json_csv_and_table_say_the_same_status(run: Run, args: tuple[str, ...]) -> None:
    p = _json(run, *args)
    by_id = _statuses(p)
    assert set(by_id.values()) <= set(STATUSES)
    rows = csv.DictReader(io.StringIO(run(*args, "--format", "csv").out))
    assert {r["id"]: r["status"] for r in rows if r["record"] == "statement"} == by_id
    table = run(*args, "--wide").out.split("\nStatements (", 1)[1].split("\n\n")[0]
    lines = table.splitlines()[2:]  # after the title and the column names, in JSON's order
    assert len(lines) == len(p["statements"])
    for line, s in zip(lines, p["statements"], strict=True):
        assert f"  {s['status'].replace('-', ' ')}  " in line, (line, s["status"])


def test_today_is_the_day_without_as_of(run: Run) -> None:
    today = date.today().isoformat()
    assert _statuses(_json(run, "person", "Song Tao")) == _statuses(
        _json(run, "person", "Song Tao", "--as-of", today)) | {
        "song-tao-heads-id": "past", "song-tao-ambassador-guyana": "past",
        "song-tao-ambassador-philippines": "past",
        "song-tao-disciplinary-chief-foreign-ministry": "past"}
