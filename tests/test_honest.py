"""Honest counts and empty results: what matched nothing is said, what was left out is
counted, and contradictory or unknown options are refused naming the choices."""

from __future__ import annotations

import json
import sqlite3

import pytest

from idkb.core.vocab import ROLES
from idkb.query.search import fts_query
from tests.helpers import Run


@pytest.mark.parametrize("args", [("events", "--year", "2031"),
                                  ("events", "--with", "Song Tao", "--with", "Brunei"),
                                  ("timeline", "--year", "1900"),
                                  ("related", "Brunei", "--kind", "person")])
def test_an_empty_table_says_so_on_stderr(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 0
    assert result.err.startswith("idkb: no") or result.err.startswith("idkb: nothing")
    assert json.loads(run(*args, "--json").out) == []
    assert run(*args, "--json").err == ""


def test_an_empty_csv_keeps_its_header(run: Run) -> None:
    assert run("events", "--year", "2031", "-f", "csv").out.startswith("id,type,date")


def test_an_unknown_type_suggests_the_known_ones(run: Run, conn: sqlite3.Connection) -> None:
    result = run("events", "--type", "meetings")
    assert result.code == 1
    assert "did you mean: meeting" in result.err
    known = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    assert "known: " + ", ".join(known) in result.err


def test_an_unknown_role_names_the_roles(run: Run) -> None:
    result = run("events", "--with", "Song Tao:hots")
    assert result.code == 2 and ", ".join(ROLES) in result.err


def test_a_role_narrows(run: Run, conn: sqlite3.Connection) -> None:
    hosted = {r[0] for r in conn.execute(
        "SELECT event_id FROM event_participants WHERE entity_id = 'international-department' "
        "AND role = 'organiser'")}
    found = json.loads(run("events", "--with", "ID:organiser", "--json").out)
    assert {e["id"] for e in found} == hosted


def test_contradictory_dates_exit_2_saying_which(run: Run) -> None:
    result = run("events", "--year", "2015", "--from", "2016-01")
    assert result.code == 2 and "--year 2015" in result.err and "--from 2016-01" in result.err
    assert run("timeline", "--year", "2015", "--to", "2014").code == 2


def test_search_counts_every_match(run: Run, conn: sqlite3.Connection) -> None:
    total = conn.execute("SELECT count(*) FROM search_index_fts WHERE search_index_fts "
                         "MATCH ?", (fts_query("International"),)).fetchone()[0]
    assert total > 20
    out = run("search", "International").out
    assert f"{total} matches, showing 20 (use --limit)" in out.splitlines()[0]
    assert f"{total} matches" in run("search", "International", "--limit", str(total)).out


def test_an_unknown_kind_names_the_kinds(run: Run) -> None:
    for args in (("path", "Song Tao", "Brunei", "--via", "person,place"),
                 ("related", "Song Tao", "--kind", "place"),
                 ("stats", "--by", "participant", "--kind", "place")):
        result = run(*args)
        assert result.code == 2 and "person" in result.err and "organisation" in result.err


def test_the_roles_are_the_load_formats() -> None:
    from typing import get_args

    from idkb.core.model import Role

    assert get_args(Role) == ROLES
