"""--as-of on the profile commands: what held on a day, seen from that day."""

from __future__ import annotations

import json

from tests.helpers import Run


def _heads(profile: dict[str, object]) -> list[tuple[str, str]]:
    return [(s["subject"]["name"], s["status"]) for s in profile["statements"]  # type: ignore
            if s["predicate"] == "head_of" and s["direction"] == "in"]


def test_song_tao_heads_the_department_on_4_june_2021(run: Run) -> None:
    data = json.loads(run("show", "International Department", "--as-of", "2021-06-04",
                          "--json").out)
    assert _heads(data) == [("Song Tao", "held")]


def test_the_table_names_him_too(run: Run) -> None:
    out = run("show", "International Department", "--as-of", "2021-06-04").out
    assert "headed by Song Tao" in out
    assert "headed by Liu" not in out


def test_successors_on_their_own_dates(run: Run) -> None:
    data = json.loads(run("org", "ILD", "--as-of", "2023-01-01", "--json").out)
    assert _heads(data) == [("Liu Jianchao", "held")]
    data = json.loads(run("org", "ILD", "--as-of", "2026-01", "--json").out)
    assert ("Liu Haixing", "held") in _heads(data)


def test_without_as_of_every_period_past_ones_marked(run: Run) -> None:
    data = json.loads(run("show", "International Department", "--json").out)
    heads = dict(_heads(data))
    assert heads["Song Tao"] == "past" and heads["Liu Jianchao"] == "past"
    # last reported on 4 March 2026: nothing is claimed for today
    assert heads["Liu Haixing"] == "last-reported"


def test_a_persons_positions_as_of(run: Run) -> None:
    data = json.loads(run("person", "Song Tao", "--as-of", "2023", "--json").out)
    held = {s["object"]["id"] for s in data["statements"] if s["predicate"] == "head_of"}
    assert held == {"taiwan-affairs-office"}


def test_who_ruled_a_country(run: Run) -> None:
    data = json.loads(run("country", "Syria", "--as-of", "2021-06-04", "--json").out)
    rules = [s for s in data["statements"] if s["predicate"] == "rules"]
    assert [(s["subject"]["id"], s["status"]) for s in rules] == [("baath-party", "held")]
    # Reported on 4 June 2021 and nothing said of an end: in 2024 still shown, as last reported.
    data = json.loads(run("country", "Syria", "--as-of", "2024", "--json").out)
    rules = [s for s in data["statements"] if s["predicate"] == "rules"]
    assert [(s["subject"]["id"], s["status"]) for s in rules] == [("baath-party",
                                                                     "last-reported")]


def test_a_bad_as_of_date(run: Run) -> None:
    result = run("show", "ILD", "--as-of", "June 2021")
    assert result.code == 2 and result.err.startswith("idkb: --as-of:")
