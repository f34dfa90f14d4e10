"""What the knowledge base says, asked through the CLI as a user would."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers import Run

ARTICLE = "scmp-2021-06-04-international-department"


def as_json(run: Run, *args: str) -> Any:
    result = run(*args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def statement(profile: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in profile["statements"] if s["id"] == sid)


def event(events: list[dict[str, Any]], eid: str) -> dict[str, Any]:
    return next(e for e in events if e["id"] == eid)


def test_song_tao_roles(run: Run) -> None:
    p = as_json(run, "person", "Song Tao")
    by_object = {(s["predicate"], s["object"]["id"]): s for s in p["statements"] if s["object"]}
    head = by_object[("head_of", "international-department")]
    # ended by the day the website listed his successor; when exactly is not known
    assert (head["start"], head["end"], head["status"]) == ("2015-11", "[..2022-06-02]", "past")
    assert ("ambassador_to", "guyana") in by_object
    assert ("ambassador_to", "philippines") in by_object
    assert ("disciplinary_chief_of", "foreign-ministry") in by_object
    tao = by_object[("head_of", "taiwan-affairs-office")]
    # last reported in the post on 6 March 2026: nothing is claimed for later days
    assert (tao["start"], tao["end"], tao["as_of"], tao["status"]) == (
        "2022-12-28", None, "2026-03-06", "last-reported")


def test_nothing_calls_song_tao_the_current_head(run: Run) -> None:
    p = as_json(run, "person", "Song Tao")
    current = [s for s in p["statements"] if s["status"] == "held"]
    assert all(s["object"]["id"] != "international-department" for s in current if s["object"])
    table = run("person", "Song Tao", "--wide").out
    line = next(x for x in table.splitlines() if "heads ID (Head)" in x)
    assert "Nov 2015 – by 2 Jun 2022" in line and "past" in line


@pytest.mark.parametrize(
    ("eid", "date", "precision", "locator"),
    [
        ("cpusa-meeting-2021", "2021-03-10", "day", "para 4"),
        ("cpb-video-conference-2021", "2021-05", "month", "para 4"),
        ("baath-sharing-session-2021", "2021-04", "month", "para 9"),
        ("morocco-parties-meeting-2021", "2021-04", "month", "para 9"),
    ],
)
def test_party_contacts_of_2021(run: Run, eid: str, date: str, precision: str,
                                locator: str) -> None:
    e = event(as_json(run, "events", "--year", "2021"), eid)
    assert (e["date"], e["precision"]) == (date, precision)
    assert {"source": ARTICLE, "locator": locator} in [
        {"source": c["source"], "locator": c["locator"]} for c in e["sources"]
    ]


def test_cpusa_meeting_is_one_event_with_both_sources(run: Run) -> None:
    found = as_json(run, "events", "--with", "Communist Party USA")
    meetings = [e for e in found if e["type"] == "meeting"]
    assert [e["id"] for e in meetings] == ["cpusa-meeting-2021"]
    assert {c["source"] for c in meetings[0]["sources"]} == {ARTICLE, "cpusa-2021-03-19"}
    assert (meetings[0]["start"], meetings[0]["end"]) == ("2021-03-10", "2021-03-10")


def test_cpb_talks_hosted_by_guo_yezhou(run: Run) -> None:
    e = event(as_json(run, "events", "--with", "Guo Yezhou"), "cpb-video-conference-2021")
    assert {"id": "guo-yezhou", "role": "host"} in [
        {"id": p["id"], "role": p["role"]} for p in e["participants"]
    ]


def test_founding_in_1951(run: Run) -> None:
    e = event(as_json(run, "events", "--type", "founding"), "id-founding-1951")
    assert (e["date"], e["precision"], e["start"], e["end"]) == (
        "1951", "year", "1951-01-01", "1951-12-31")


def test_central_committee_membership_as_of_the_article(run: Run) -> None:
    p = as_json(run, "org", "Central Committee")
    counts = {s["id"]: s for s in p["statements"] if s["predicate"] == "count"}
    assert counts["cc-full-members"]["value"] == 205
    assert counts["cc-alternate-members"]["value"] == 171
    assert all(s["as_of"] == "2021-06-04" and s["status"] == "last-reported"
               for s in counts.values())
    assert "as of 4 Jun 2021" in run("org", "Central Committee").out


def test_2017_conference_figures(run: Run) -> None:
    e = event(as_json(run, "events", "--year", "2017"), "world-parties-conference-2017")
    text = e["title"] + " " + e["summary"]
    assert "300" in text and "15,000" in text
    assert e["location"] == "Beijing"


def test_delegation_contacts_2002_to_2017(run: Run) -> None:
    p = as_json(run, "show", "international-department")
    count = statement(p, "id-count-delegation-contacts-2002-2017")
    assert (count["value"], count["start"], count["end"]) == (3658, "2002", "2017")
    e = event(as_json(run, "events", "--year", "2010"), "delegation-contacts-2002-2017")
    assert e["date"] == "2002/2017"


def test_sino_soviet_split_found_in_1962(run: Run) -> None:
    found = as_json(run, "events", "--year", "1962")
    assert [e["id"] for e in found] == ["sino-soviet-split"]
    assert found[0]["date"] == "195X/196X"


@pytest.mark.parametrize(
    ("day", "head"),
    [("2021-06-04", "song-tao"), ("2023-01-01", "liu-jianchao"), ("2026-01-01", "liu-haixing"),
     ("2022-06-02", "liu-jianchao")],
)
def test_one_head_of_the_department_on_any_day(run: Run, day: str, head: str) -> None:
    p = as_json(run, "show", "International Department", "--as-of", day)
    heads = [s["subject"]["id"] for s in p["statements"]
             if s["predicate"] == "head_of" and s["direction"] == "in"]
    assert heads == [head]


def test_heads_listed_in_order_with_periods(run: Run) -> None:
    p = as_json(run, "show", "International Department")
    heads = [(s["subject"]["id"], s["start"], s["end"]) for s in p["statements"]
             if s["predicate"] == "head_of" and s["direction"] == "in"]
    assert heads == [("song-tao", "2015-11", "[..2022-06-02]"),
                     ("liu-jianchao", "[2021-06-05..2022-06-02]", "[..2025-09-30]"),
                     ("liu-haixing", "2025-09-30", None)]


def test_reported_claims_are_labelled(run: Run) -> None:
    found = as_json(run, "events", "--with", "Liu Jianchao", "--year", "2025")
    reported = [e for e in found if e["certainty"] == "reported"]
    assert [e["id"] for e in reported] == ["liu-jianchao-questioned-2025"]
    table = run("events", "--with", "Liu Jianchao", "--year", "2025", "--wide").out
    assert "(reported)" in next(x for x in table.splitlines() if "questioning" in x)
    csv_out = run("events", "--with", "Liu Jianchao", "--format", "csv").out
    assert "reported" in next(x for x in csv_out.splitlines() if "questioning" in x)


@pytest.mark.parametrize(
    ("command", "name", "entity"),
    [("person", "宋涛", "song-tao"), ("person", "习近平", "xi-jinping"),
     ("person", "刘建超", "liu-jianchao"), ("person", "刘海星", "liu-haixing"),
     ("show", "中联部", "international-department"),
     ("show", "中共中央对外联络部", "international-department"),
     ("show", "ILD", "international-department"), ("show", "IDCPC", "international-department"),
     ("org", "international liaison department", "international-department")],
)
def test_names_resolve_in_every_form(run: Run, command: str, name: str, entity: str) -> None:
    assert as_json(run, command, name)["id"] == entity


def test_as_of_facts_do_not_pose_as_current(run: Run) -> None:
    p = as_json(run, "party", "Baath")
    rules = next(s for s in p["statements"] if s["predicate"] == "rules")
    assert rules["status"] == "last-reported" and rules["period"] == "as of 4 Jun 2021"
