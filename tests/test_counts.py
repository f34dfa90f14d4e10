"""Counting by who took part: `stats --by participant`, `--by participant-country` and two keys,
checked against the raw tables read in plain Python (tests/research.py)."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable

import pytest

from tests.helpers import Result
from tests.research import Facts

Call = Callable[..., Result]



def _stats(idkb: Call, *args: str) -> dict[str, object]:
    result = idkb("stats", *args, "--json")
    assert result.code == 0, result.err
    data: dict[str, object] = json.loads(result.out)
    return data


def test_whom_a_person_met_in_a_year(idkb: Call, facts: Facts) -> None:
    """stats --by participant --kind person --with NAME --year Y: the people NAME met."""
    party = facts.busiest("party")[0]
    data = _stats(idkb, "--by", "participant", "--kind", "person", "--with", party,
                  "--from", "1990", "--to", "2000")
    chosen = {e for e in facts.with_all(party)
              if (facts.events[e]["latest"] or "9") >= "1990-01-01"
              and (facts.events[e]["earliest"] or "0") <= "2000-12-31"}
    expected = facts.participants(chosen, "person", leave_out=(party,))
    rows = data["rows"]
    assert isinstance(rows, list) and rows
    assert {r["id"]: r["count"] for r in rows} == dict(expected)
    assert all(r["name"] == facts.name[r["id"]] and r["kind"] == "person" for r in rows)
    assert data["total"] == len(chosen) and data["adds_up"] is False
    counts = [r["count"] for r in rows]
    assert counts == sorted(counts, reverse=True)


def test_every_participant_and_the_top(idkb: Call, facts: Facts) -> None:
    expected = facts.participants(set(facts.events))
    rows = _stats(idkb, "--by", "participant")["rows"]
    assert isinstance(rows, list)
    assert {r["id"]: r["count"] for r in rows} == dict(expected)
    top = _stats(idkb, "--by", "participant", "--top", "5")["rows"]
    assert top == rows[:5]


def test_a_role(idkb: Call, facts: Facts) -> None:
    expected: Counter[str] = Counter()
    for e in facts.events:
        expected.update({w for w, role in facts.parts[e] if role == "host"
                         and facts.kind[w] == "party"})
    rows = _stats(idkb, "--by", "participant", "--kind", "party", "--role", "host")["rows"]
    assert isinstance(rows, list)
    assert {r["id"]: r["count"] for r in rows} == dict(expected)


def test_countries_that_took_part(idkb: Call, facts: Facts) -> None:
    expected: Counter[str] = Counter()
    for e in facts.events:
        expected.update(facts.countries_of(e))
    rows = _stats(idkb, "--by", "participant-country")["rows"]
    assert isinstance(rows, list)
    assert {r["id"]: r["count"] for r in rows} == dict(expected)


def test_year_by_participating_country_as_long_rows(idkb: Call, facts: Facts) -> None:
    expected: Counter[tuple[str, str]] = Counter()
    for e, row in facts.events.items():
        year = (row["earliest"] or row["latest"] or "undated")[:4]
        expected.update((year, c) for c in facts.countries_of(e))
    out = idkb("stats", "--by", "year,participant-country", "--format", "csv").out
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == ["year_id", "year", "participant_country_id", "participant_country",
                             "count"]
    found = {(r["year_id"], r["participant_country_id"]): int(r["count"]) for r in rows}
    assert found == dict(expected)
    lines = idkb("stats", "--by", "year,participant-country", "--format", "jsonl").out
    assert len(lines.splitlines()) == len(expected)


def test_a_single_valued_key_still_adds_up_under_filters(idkb: Call, facts: Facts) -> None:
    country = facts.busiest("country")[0]
    for by in ("year", "type", "country", "party-status"):
        data = _stats(idkb, "--by", by, "--with", country)
        rows = data["rows"]
        assert isinstance(rows, list)
        assert sum(r["count"] for r in rows) == data["total"] == len(facts.with_all(country))
        assert data["adds_up"] is True
        assert all({"id", "name", "count"} <= set(r) for r in rows)


@pytest.mark.parametrize("args, message", [
    (("--by", "month"), "keys: year"),
    (("--by", "year,type,country"), "one key or two"),
    (("--by", "kind", "--year", "2021"), "event filters do not apply"),
    (("--by", "year", "--kind", "person"), "--kind chooses participants"),
    (("--by", "participant", "--role", "chair"), "host"),
    (("--by", "participant", "--kind", "place"), "person"),
    (("--year", "2015", "--from", "2016-01"), "do not overlap"),
])
def test_bad_options_exit_2_naming_the_choices(idkb: Call, args: tuple[str, ...],
                                               message: str) -> None:
    result = idkb("stats", *args)
    assert result.code == 2 and message in result.err


def test_nothing_to_count_is_said_on_stderr(idkb: Call) -> None:
    result = idkb("stats", "--by", "participant", "--year", "2200")
    assert result.code == 0 and "nothing to count" in result.err
    data = json.loads(idkb("stats", "--by", "participant", "--year", "2200", "--json").out)
    assert data["rows"] == [] and data["total"] == 0
    assert idkb("stats", "--by", "participant", "--year", "2200", "-f", "csv").out == \
        "key,id,name,kind,count\n"
