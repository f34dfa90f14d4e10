"""The explore commands through the real entry point, in every format."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import Run

COMMANDS = [
    ["search", "poverty alleviation"],
    ["search", "宋涛", "--kind", "person"],
    ["timeline", "Song Tao"],
    ["timeline", "--from", "2021", "--to", "2021-12"],
    ["related", "Song Tao"],
    ["path", "Song Tao", "Communist Party USA"],
    ["path", "Song Tao", "Brunei"],
    ["stats", "--by", "type"],
    ["graph", "--around", "Song Tao", "--depth", "1"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_command_in_every_format(run: Run, args: list[str], fmt: str) -> None:
    result = run(*args, "--format", fmt)
    assert result.code == 0, result.err
    assert result.err == ""
    if fmt == "json":
        json.loads(result.out)
    elif fmt == "jsonl":
        for line in result.out.splitlines():
            json.loads(line)
    elif fmt == "csv" and result.out:
        rows = list(csv.DictReader(io.StringIO(result.out)))
        assert rows
    else:
        assert "\x1b[" not in result.out  # piped: plain text, no colour codes


def test_search_ranks_the_baath_session_first(run: Run) -> None:
    hits = json.loads(run("search", "poverty alleviation", "--json").out)
    assert hits[0]["id"] == "baath-sharing-session-2021"
    assert {"kind", "id", "title", "snippet", "score"} <= set(hits[0])


@pytest.mark.parametrize("text", ["Xi-Jinping", '"unbalanced', "(NOT", "a OR b", "NEAR(",
                                  "col:x", "中联部", "宋涛", "x*"])
def test_search_input_is_never_syntax(run: Run, text: str) -> None:
    result = run("search", text, "--json")
    assert result.code == 0, result.err
    assert "Traceback" not in result.err


def test_search_finds_xi_and_song_tao(run: Run) -> None:
    assert json.loads(run("search", "Xi-Jinping", "--json").out)[0]["id"] == "xi-jinping"
    assert json.loads(run("search", "宋涛", "--json").out)[0]["id"] == "song-tao"


def test_search_with_nothing_searchable_is_bad_input(run: Run) -> None:
    result = run("search", '" - ()')
    assert result.code == 2
    assert result.err.startswith("idkb: nothing to search for")


def test_search_limit_and_bad_kind(run: Run) -> None:
    assert len(json.loads(run("search", "department", "-n", "3", "--json").out)) == 3
    assert run("search", "department", "--kind", "planet").code == 2


def test_piped_search_marks_the_match(run: Run) -> None:
    assert "**poverty**" in run("search", "poverty alleviation").out.lower()


def test_timeline_groups_by_year_with_source_dates(run: Run) -> None:
    out = run("timeline", "--to", "1960", "--wide").out
    assert "1950s–1960s" in out
    years = [line.split()[0] for line in out.splitlines()
             if line[:6].strip().isdigit() and len(line[:6].strip()) == 4]
    assert years == ["1949", "1950", "1951"]  # one table; each year named once, in order


def test_timeline_of_an_unknown_name(run: Run) -> None:
    result = run("timeline", "Nobody Atall")
    assert result.code == 1 and result.err.startswith("idkb: no entity matches")


def test_timeline_with_a_bad_date(run: Run) -> None:
    result = run("timeline", "--from", "2021-13")
    assert result.code == 2 and "--from" in result.err


def test_path_finds_a_chain(run: Run) -> None:
    data = json.loads(run("path", "Song Tao", "Communist Party USA", "--json").out)
    assert data["connected"] and data["length"] == 2
    assert [h["to"]["id"] for h in data["hops"]] == ["international-department", "cpusa"]


def test_no_connection_is_exit_zero(run: Run) -> None:
    result = run("path", "Song Tao", "Brunei", "--via", "party")
    assert result.code == 0
    assert "no connection" in result.out


def test_related_in_csv(run: Run) -> None:
    rows = list(csv.DictReader(io.StringIO(run("related", "Song Tao", "-f", "csv").out)))
    assert {"id", "name", "kind", "events", "first", "last", "how", "sources"} <= set(rows[0])
    assert any(r["id"] == "international-department" for r in rows)


@pytest.mark.parametrize("by", ["year", "type", "kind", "country", "party-status"])
def test_stats_add_up(run: Run, by: str) -> None:
    data = json.loads(run("stats", "--by", by, "--json").out)
    assert sum(r["count"] for r in data["rows"]) == data["total"]
    if by != "kind":
        events = json.loads(run("events", "--json").out)
        assert data["total"] == len(events)


def test_stats_piped_draws_plain_bars(run: Run) -> None:
    out = run("stats", "--by", "type").out
    assert "appointment" in out and "#" in out


def test_graph_formats(run: Run) -> None:
    dot = run("graph").out
    assert dot.startswith("digraph idkb {") and '"song-tao"' in dot
    assert run("graph", "-f", "mermaid").out.startswith("graph LR")
    ET.fromstring(run("graph", "-f", "graphml").out)
    data = json.loads(run("graph", "--json").out)
    assert data["nodes"] and data["edges"]


def test_graph_around_depth(run: Run) -> None:
    near = json.loads(run("graph", "-a", "Song Tao", "-d", "1", "--json").out)
    far = json.loads(run("graph", "-a", "Song Tao", "-d", "2", "--json").out)
    assert len(near["nodes"]) < len(far["nodes"])
    assert run("graph", "-d", "0").code == 2


def test_explore_commands_are_in_the_help(run: Run) -> None:
    out = run("--help").out
    assert "Explore" in out
    for command in ("search", "timeline", "related", "path", "graph", "stats"):
        assert command in out
