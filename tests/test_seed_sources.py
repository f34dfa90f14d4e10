"""The bundled seed against its sources: periods the sources support, dates no more precise
than the sources give, and the corrections of issue 15 kept.

The tables below say, for each source, which dates it gives: for the SCMP article per
paragraph, for the other sources per row of the further-sources table (its date column, plus
any date its fact column states). A date in the seed must be one of these or a coarser form of
one ("2025-07" from "2025-07-30"); an as-of date or an upper bound may also be the source's
own publication date. If the further-sources table is at hand (IDKB_FURTHER_SOURCES names the
file), a test checks these tables against it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.json"
ARTICLE = "scmp-2021-06-04-international-department"

# Dates the article gives, by paragraph ("this year" is 2021).
ARTICLE_DATES: dict[str, set[str]] = {
    "para 1": {"2021-07"},  # the party's 100th anniversary in July
    "para 4": {"2021"},  # "earlier this year"
    "para 5": {"1978", "2021"},
    "para 6": {"1951", "1949"},  # set up in 1951, two years after the PRC's founding
    "para 7": {"1951"},  # "at the time": the department's early years
    "para 8": {"195X", "196X"},  # the split "in the 1950s and 1960s"
    "para 9": {"2021-04"},
    "para 13": {"2007"},
    "para 23": {"2020", "2002", "2017"},
    "para 29": {"2012"},
    "para 30": {"2017"},
    "para 31": {"2012"},  # "since Xi took office"
    "para 32": {"2017"},
}

# Dates each further source gives: its row's date column, and dates stated in its fact column.
SOURCE_DATES: dict[str, set[str]] = {
    "policycn-2015-song-tao": {"2015-11"},
    "scmp-2022-06-02-liu-jianchao": {"2022-06-02"},
    "taiwannews-2022-12-28-song-tao": {"2022-12-28"},
    # "after a trip abroad that ended around late July 2025"; reported in August 2025
    "devdiscourse-2025-08-10-liu-jianchao": {"2025-08", "2025-07"},
    "straitstimes-2025-09-30-liu-haixing": {"2025-09-30", "2018"},
    "devdiscourse-2025-11-25-perdue": {"2025-11-25"},
    "cpusa-2021-03-19": {"2021-03-10"},
    "challenge-2021-05-12": {"2021-05"},
    "chinadaily-2016-06-26": {"2016-06"},
    "idos-2020-hackenesch-bader": {"2020-06-09"},
    "people-2026-03-04-chile-republican-party": {"2026-03-04"},
    # "his first meeting with Perdue since taking over on 30 September"
    "stheadline-2025-11-25-perdue": {"2025-11-25", "2025-09-30"},
    "ettoday-2026-03-06-song-tao": {"2026-03-06"},
    # last public appearance 30 July 2025; the Fourth Plenum of October 2025
    "strategicstudyindia-2025-11-jamestown": {"2025-07-30", "2025-10"},
    "idcpc-website": set(),
    ARTICLE: set(),  # by paragraph, above
}

# Statements about a fixed moment in the past, not a state that could end.
TIMELESS_PREDICATES = {"founded_in"}
# Statements with neither an end nor an as-of date, and why no date can be given.
UNDATED = {
    "id-websites": "the department's addresses, cited to its own sites, which carry no date",
}

PERIOD_WORDS = re.compile(r"\b(end|ended|ends|period|upper bound)\b")


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def _by_id(seed: dict[str, Any], table: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in seed[table]}


def _published(seed: dict[str, Any]) -> dict[str, str | None]:
    return {s["id"]: (s.get("published") or "").rstrip("?~") or None for s in seed["sources"]}


def _parts(notation: str) -> list[str]:
    """The dates in a notation: '2002/2017' -> both, '[..2025-09-30]' -> the bound,
    '[2025-07,2025-08]' (one of them) -> each."""
    if notation.startswith("[") and notation.endswith("]"):
        notation = notation[1:-1].removeprefix("..").replace(",", "/").replace("..", "/")
    return [p.rstrip("~?%") for p in notation.split("/") if p not in ("", "..")]


def _covers(given: str, date: str) -> bool:
    """Is `date` the given date or a coarser form of it?"""
    return given == date or given.startswith(date + "-")


def _given(cite: dict[str, Any]) -> set[str]:
    if cite["source"] == ARTICLE:
        return ARTICLE_DATES.get(cite["locator"], set())
    return SOURCE_DATES[cite["source"]]


def _day_after(day: str) -> str | None:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None


def _supporting(seed: dict[str, Any], record: dict[str, Any], date: str,
                own_date_allowed: bool, after_allowed: bool = False) -> list[dict[str, Any]]:
    """The citations of a record that give this date (or a finer one). `after_allowed`: the
    first day of a range ("[2021-06-05..2022-06-02]") may be the day after a day a source
    gives, when the source shows a predecessor still holding on that day."""
    published = _published(seed)
    found = []
    for cite in record["sources"]:
        allowed = set(_given(cite))
        if (own_date_allowed or after_allowed) and published[cite["source"]]:
            allowed.add(published[cite["source"]])  # type: ignore[arg-type]
        if after_allowed:
            allowed |= {a for a in map(_day_after, allowed) if a}
        if any(_covers(g, date) for g in allowed):
            found.append(cite)
    return found


def _dated_fields(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f, record[f]) for f in ("start", "end", "as_of", "date") if record.get(f)]


# --- guard rails over the whole seed ---------------------------------------------------------

def test_every_cited_source_has_a_row_in_the_tables(seed: dict[str, Any]) -> None:
    assert {s["id"] for s in seed["sources"]} == set(SOURCE_DATES)


def test_no_date_is_more_precise_than_its_sources(seed: dict[str, Any]) -> None:
    problems = []
    for record in [*seed["statements"], *seed["events"]]:
        for field, notation in _dated_fields(record):
            # An as-of date or an upper bound may be the citing source's own date.
            own = field == "as_of" or notation.startswith("[..")
            for i, date in enumerate(_parts(notation)):
                after = i == 0 and ".." in notation and not notation.startswith("[..")
                if not _supporting(seed, record, date, own, after):
                    problems.append(f"{record['id']}: {field} {notation!r}")
    assert problems == []


def test_every_end_names_the_source_that_supports_it(seed: dict[str, Any]) -> None:
    """A statement's end, or the end of an event's interval, is backed by a citation whose
    locator pins it in the article or whose note says it supports the end or the period."""
    problems = []
    ended = [(r, r["end"], r["end"].startswith("[..")) for r in seed["statements"] if r.get("end")]
    ended += [(e, e["date"].split("/")[1], False) for e in seed["events"] if "/" in e["date"]]
    for record, end, own in ended:
        for date in _parts(end):
            backers = [c for c in _supporting(seed, record, date, own)
                       if c["locator"].startswith("para ")
                       or PERIOD_WORDS.search(c.get("note") or "")]
            if not backers:
                problems.append(f"{record['id']}: end {end!r}")
    assert problems == []


def test_a_last_report_is_the_statements_as_of(seed: dict[str, Any]) -> None:
    """A source cited as the last report of a statement ("last reported ...") dates its
    as_of: nothing is claimed for later days (issue 15), so the statement reads "last
    reported" after it, never "held" today."""
    published = _published(seed)
    problems = []
    for s in seed["statements"]:
        for c in s["sources"]:
            given = {*_given(c), published[c["source"]] or ""}
            if (c.get("note") or "").startswith("last reported") \
                    and not any(_covers(g, s.get("as_of") or "-") for g in given):
                problems.append(f"{s['id']}: as_of {s.get('as_of')!r}, last report "
                                f"{published[c['source']]}")
    assert problems == []


def test_every_open_statement_is_dated(seed: dict[str, Any]) -> None:
    """Every statement has an end or an as_of (the last report), but for moments and the few
    facts no source dates."""
    undated = [s["id"] for s in seed["statements"]
               if not s.get("end") and not s.get("as_of")
               and s["predicate"] not in TIMELESS_PREDICATES]
    assert sorted(undated) == sorted(UNDATED)


def test_as_of_never_before_start(seed: dict[str, Any]) -> None:
    for s in seed["statements"]:
        if s.get("start") and s.get("as_of"):
            assert s["as_of"] >= _parts(s["start"])[0], s["id"]


def test_reported_only_claims_stay_reported(seed: dict[str, Any]) -> None:
    """A record resting only on sources that report without confirmation keeps that label."""
    unconfirmed = {"devdiscourse-2025-08-10-liu-jianchao", "strategicstudyindia-2025-11-jamestown"}
    for record in [*seed["statements"], *seed["events"]]:
        if {c["source"] for c in record["sources"]} <= unconfirmed:
            assert record.get("certainty") == "reported", record["id"]


@pytest.mark.skipif(not os.environ.get("IDKB_FURTHER_SOURCES"),
                    reason="IDKB_FURTHER_SOURCES does not name the further-sources table")
def test_tables_agree_with_the_further_sources_table(seed: dict[str, Any]) -> None:
    text = Path(os.environ["IDKB_FURTHER_SOURCES"]).read_text(encoding="utf-8")
    by_url = {s["url"]: s["id"] for s in seed["sources"] if s.get("url")}
    precision = {10: "day", 7: "month", 4: "year"}
    rows = 0
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not re.match(r"\d{4}", cells[1]):
            continue
        rows += 1
        date, kind = re.match(r"(\S+) \((\w+)", cells[1]).groups()  # type: ignore[union-attr]
        url = re.search(r"https?://\S+", cells[2]).group(0)  # type: ignore[union-attr]
        assert url in by_url, f"no source record for {url}"
        assert precision[len(date)] == kind, cells[1]
        assert date in SOURCE_DATES[by_url[url]], (by_url[url], date)
    assert rows >= 15


# --- the corrections of issue 15 ---------------------------------------------------------------

def test_original_remit_has_no_invented_end(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["id-purpose-1951"]
    assert "end" not in s
    assert s["start"] == "1951" and s["as_of"] == "2021-06-04"
    assert {"source": ARTICLE, "locator": "para 5"} in [
        {"source": c["source"], "locator": c["locator"]} for c in s["sources"]]


def test_para_5_remark_on_communist_parties_recorded(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["id-engagement-communist-parties"]
    assert s["as_of"] == "2021-06-04"
    assert "communist parties" in s["value"]
    assert any(c["source"] == ARTICLE and c["locator"] == "para 5" for c in s["sources"])


def test_soviet_department_dated_as_the_article_does(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["cpsu-international-department-part-of-cpsu"]
    assert s.get("as_of") == "1951" and "end" not in s


def test_xi_era_judgement_dated_to_the_2020_report(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["id-description-xi-era"]
    assert s["as_of"] == "2020-06-09"  # the paper's publication, a date its source row gives
    assert "idos-2020-hackenesch-bader" in {c["source"] for c in s["sources"]}
    assert {c["locator"] for c in s["sources"] if c["source"] == ARTICLE} >= {"para 23",
                                                                               "para 31"}
    assert "2021" in s["note"]


def test_liu_jianchao_end_is_an_upper_bound(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["liu-jianchao-heads-id"]
    assert s["end"] == "[..2025-09-30]"
    assert s["as_of"] == "2025-07-30"  # last reported acting as head: then "may hold"
    assert "not known" in s["note"] and "website" in s["note"]
    assert "strategicstudyindia-2025-11-jamestown" in {c["source"] for c in s["sources"]}


def test_questioning_dated_july_or_august_2025_and_reported(seed: dict[str, Any]) -> None:
    e = _by_id(seed, "events")["liu-jianchao-questioned-2025"]
    assert e["date"] == "[2025-07,2025-08]"  # one of the two months, not both
    assert e["certainty"] == "reported"
    assert "July or August 2025" in e["summary"]


@pytest.mark.parametrize(("table", "rid", "where"), [
    ("statements", "song-tao-heads-id", "note"),
    ("statements", "liu-jianchao-heads-id", "note"),
    ("statements", "liu-haixing-heads-id", "note"),
    ("events", "liu-jianchao-becomes-id-head-2022", "summary"),
    ("events", "liu-haixing-named-id-head-2025", "summary"),
])
def test_website_and_report_dates_are_called_so(seed: dict[str, Any], table: str, rid: str,
                                                where: str) -> None:
    text = _by_id(seed, table)[rid][where]
    assert "website" in text or "reports" in text
    assert "not a formal" in text or "no formal" in text


def test_no_derived_interval_between_song_tao_posts(seed: dict[str, Any]) -> None:
    summary = _by_id(seed, "events")["song-tao-named-tao-director-2022"]["summary"]
    assert not re.search(r"\b(months?|weeks?|years?) (after|later|before)\b", summary)


def test_little_attention_is_the_articles_remark_of_2021(seed: dict[str, Any]) -> None:
    statements, events = _by_id(seed, "statements"), _by_id(seed, "events")
    for text in (statements["id-description-shambaugh"]["value"],
                 events["shambaugh-paper-2007"]["summary"]):
        assert not re.search(r"attention|notice|overlooked", text)
    remark = statements["id-description-little-attention"]
    assert remark["as_of"] == "2021-06-04"
    assert any(c["source"] == ARTICLE and c["locator"] == "para 13" for c in remark["sources"])


def test_locators_where_the_article_says_it(seed: dict[str, Any]) -> None:
    events, statements = _by_id(seed, "events"), _by_id(seed, "statements")

    def locators(record: dict[str, Any]) -> set[str]:
        return {c["locator"] for c in record["sources"] if c["source"] == ARTICLE}

    assert "para 30" in locators(events["xi-speech-2017"])  # where: Beijing
    assert "para 7" in locators(events["prc-founding-1949"])  # little recognition
    xi = statements["xi-jinping-heads-cpc"]
    assert "title" not in xi  # no source in the seed names his post
    assert "General Secretary" not in json.dumps(seed)


def test_paraphrases_no_stronger_than_the_article(seed: dict[str, Any]) -> None:
    text = json.dumps(seed)
    assert "world order" not in text and "merge into one another" not in text
    assert "reformed" in _by_id(seed, "statements")["id-description-xi-era"]["value"]
    assert "often unclear" in _by_id(seed, "statements")["cpc-party-state"]["value"]


def test_policycn_item_dated_november_2017(seed: dict[str, Any]) -> None:
    source = _by_id(seed, "sources")["policycn-2015-song-tao"]
    assert source["published"] == "2017-11"
    assert "2017" in source["title"]


def test_liu_haixing_nsc_post_from_2018(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["liu-haixing-deputy-nsc-office"]
    assert (s["start"], s["end"]) == ("2018", "[..2025-09-30]")


def test_liu_haixing_still_heads_the_department_in_2026(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["liu-haixing-heads-id"]
    assert "end" not in s and s["as_of"] == "2026-03-04"  # his last report, not "held today"
    assert "people-2026-03-04-chile-republican-party" in {c["source"] for c in s["sources"]}
    e = _by_id(seed, "events")["liu-haixing-meets-chile-republican-party-2026"]
    assert e["date"] == "2026-03-04"
    assert {p["entity"] for p in e["participants"]} >= {"liu-haixing", "republican-party-chile"}


def test_song_tao_still_directs_the_taiwan_affairs_office_in_2026(seed: dict[str, Any]) -> None:
    s = _by_id(seed, "statements")["song-tao-heads-taiwan-affairs-office"]
    assert "end" not in s and s["as_of"] == "2026-03-06"  # his last report
    assert "ettoday-2026-03-06-song-tao" in {c["source"] for c in s["sources"]}
    assert _by_id(seed, "events")["song-tao-meets-npc-taiwan-delegation-2026"]["date"] == (
        "2026-03-06")


def test_perdue_meeting_has_two_sources(seed: dict[str, Any]) -> None:
    e = _by_id(seed, "events")["liu-haixing-meets-perdue-2025"]
    assert {c["source"] for c in e["sources"]} == {"devdiscourse-2025-11-25-perdue",
                                                   "stheadline-2025-11-25-perdue"}
    assert e.get("certainty", "confirmed") == "confirmed"


def test_website_dates_are_bounds_not_exact_dates(seed: dict[str, Any]) -> None:
    """The day the department's website was seen updated (2022-06-02) is when the change is
    known to have happened by, not when it happened (review of issue 15)."""
    statements = _by_id(seed, "statements")
    song, liu = statements["song-tao-heads-id"], statements["liu-jianchao-heads-id"]
    assert song["end"] == "[..2022-06-02]" and song["as_of"] == "2021-06-04"
    assert liu["start"] == "[2021-06-05..2022-06-02]"
