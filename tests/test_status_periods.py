"""Statuses over a whole asked period (`--as-of 2025`, `--as-of 2022-06`), partial report
dates, and no "held today" without a report: the review of issue 15's statuses."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.core import dates
from idkb.query import status
from tests.helpers import Run, statement_row


def _json(run: Run, *args: str) -> Any:
    result = run(*args, "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def _statuses(profile: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["status"] for s in profile["statements"]}


def _heads(run: Run, when: str) -> dict[str, str]:
    return {s["subject"]["name"]: s["status"]
            for s in _json(run, "show", "ILD", "--as-of", when)["statements"]
            if s["predicate"] == "head_of" and s["direction"] == "in"}


# --- a report dated to a month or a year vouches for its first day only ---------------------

def test_a_report_of_1951_does_not_make_1_january_1951_held(run: Run) -> None:
    got = _statuses(_json(run, "show", "ILD", "--as-of", "1951-01-01"))
    assert got["id-counterpart-cpsu-id"] == got["id-founded"] == "may-hold"


def test_a_report_of_may_2021_is_not_held_on_1_may(run: Run) -> None:
    got = _statuses(_json(run, "person", "Guo Yezhou", "--as-of", "2021-05-01"))
    assert got["guo-yezhou-deputy-head-id"] == "may-hold"


def test_a_judgement_published_on_9_june_2020_is_not_held_after(run: Run) -> None:
    got = _statuses(_json(run, "show", "ILD", "--as-of", "2020-12-31"))
    assert got["id-description-xi-era"] == "last-reported"


# --- nothing is held today without a report of today ----------------------------------------

def test_posts_last_reported_in_march_2026_are_not_held_later(run: Run) -> None:
    later = "2026-11-27"
    song = _statuses(_json(run, "person", "Song Tao", "--as-of", later))
    assert song["song-tao-heads-taiwan-affairs-office"] == "last-reported"
    assert _heads(run, later) == {"Liu Haixing": "last-reported"}
    assert _heads(run, "2026-03-04") == {"Liu Haixing": "held"}


def test_the_website_date_is_an_upper_bound_for_song_taos_end(run: Run) -> None:
    # The article shows him head on 4 June 2021; by 2 June 2022 the website listed his
    # successor: in between either may hold, and neither is "held".
    assert _heads(run, "2021-06-04") == {"Song Tao": "held"}
    assert _heads(run, "2022-01-01") == {"Song Tao": "may-hold", "Liu Jianchao": "may-hold"}
    assert _heads(run, "2022-06-02") == {"Liu Jianchao": "held"}
    line = next(x for x in run("timeline", "Song Tao", "--wide").out.splitlines()
                if "heads International Department" in x and "by 2 Jun 2022" in x)
    assert " ends " in line


# --- a year or a month is judged on all its days --------------------------------------------

def test_the_heads_of_2025(run: Run) -> None:
    p = _json(run, "show", "ILD", "--as-of", "2025")
    assert p["as_of"] == "2025"
    assert _heads(run, "2025") == {"Liu Jianchao": "partly-held", "Liu Haixing": "partly-held"}
    assert p["counts"]["partly-held"] == sum(s["status"] == "partly-held"
                                             for s in p["statements"])
    out = run("show", "ILD", "--as-of", "2025", "--wide").out
    assert any(x.split() == ["as", "of", "2025"] for x in out.splitlines())  # not "1 Jan"
    line = next(x for x in out.splitlines() if "headed by Liu Haixing" in x)
    assert "partly held" in line


def test_the_heads_of_june_2022(run: Run) -> None:
    assert _heads(run, "2022-06") == {"Song Tao": "may-hold", "Liu Jianchao": "partly-held"}


def test_a_day_is_judged_as_before(run: Run) -> None:
    assert _heads(run, "2025-07-30") == {"Liu Jianchao": "held"}


# Statements in every form, over a month or a year, against a day-by-day count.
_DAYS = st.dates(min_value=date(2019, 11, 20), max_value=date(2021, 2, 10)).map(
    lambda d: d.isoformat())
_NOTATIONS = st.one_of(
    st.none(), _DAYS, _DAYS.map(lambda d: d[:7]), _DAYS.map(lambda d: d[:4]),
    _DAYS.map(lambda d: f"[..{d}]"), _DAYS.map(lambda d: f"[2019-11-01..{d}]"))




@settings(max_examples=150, deadline=None)
@given(start=_NOTATIONS, end=_NOTATIONS, as_of=_NOTATIONS,
       asked=st.sampled_from(["2020", "2020-02", "2020-06", "2020-12", "2021-01"]))
def test_a_period_is_every_day_of_it(start: str | None, end: str | None, as_of: str | None,
                                     asked: str) -> None:
    row = statement_row(start, end, as_of)
    first, last = dates.query_span(asked)
    day, seen = date.fromisoformat(first), set()
    while day.isoformat() <= last:
        seen.add(status.status_on(row, day.isoformat()))
        day += timedelta(days=1)
    if seen == {"held"}:
        expected = "held"
    elif "held" in seen:
        expected = "partly-held"
    else:
        expected = next((s for s in ("may-hold", "last-reported", "past") if s in seen),
                        "not-yet")
    assert status.status_over(row, first, last) == expected
