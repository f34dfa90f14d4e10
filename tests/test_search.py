"""Search: ranking, Chinese, and safety of whatever the user types."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.core.errors import BadInput
from idkb.query.search import fts_query, search
from tests.helpers import Run


def ids(hits: list[dict[str, object]]) -> list[object]:
    return [h["id"] for h in hits]


def test_poverty_alleviation_puts_the_baath_session_first(conn: sqlite3.Connection) -> None:
    hits = search(conn, "poverty alleviation")
    assert hits[0]["id"] == "baath-sharing-session-2021"
    assert hits[0]["kind"] == "event"
    snippet = hits[0]["snippet"]
    assert "*" not in snippet  # plain text for scripts; where the matches are, separately
    assert [snippet[a:b].lower() for a, b in hits[0]["matches"]] == ["poverty", "alleviation"]


def test_a_snippet_holding_asterisks_keeps_them_as_text() -> None:
    from idkb.query.search import MARK, unmark

    text, matches = unmark(f"a **b** {MARK[0]}c{MARK[1]} d{MARK[0]}ee{MARK[1]}")
    assert text == "a **b** c dee" and [text[x:y] for x, y in matches] == ["c", "ee"]


def test_a_name_hit_outranks_a_summary_hit(conn: sqlite3.Connection) -> None:
    hits = search(conn, "Shambaugh")
    assert hits[0]["id"] == "david-shambaugh"
    assert hits[0]["score"] >= hits[-1]["score"]


def test_hyphenated_names_are_found(conn: sqlite3.Connection) -> None:
    assert ids(search(conn, "Xi-Jinping"))[0] == "xi-jinping"


@pytest.mark.parametrize(("text", "expected"), [
    ("宋涛", "song-tao"), ("中联部", "international-department"), ("宋", "song-tao"),
    ("Song 宋涛", "song-tao"),
])
def test_chinese_names_of_any_length_are_found(conn: sqlite3.Connection, text: str,
                                               expected: str) -> None:
    hits = search(conn, text)
    assert hits and hits[0]["id"] == expected


def test_a_chinese_match_is_marked_in_the_snippet(conn: sqlite3.Connection) -> None:
    hit = search(conn, "宋涛")[0]
    assert [hit["snippet"][a:b] for a, b in hit["matches"]] == ["宋涛"]


def test_kind_and_limit(conn: sqlite3.Connection) -> None:
    assert {h["kind"] for h in search(conn, "department", kind="event", limit=50)} == {"event"}
    people = search(conn, "department", kind="entity", limit=50)
    assert people and {h["kind"] for h in people} <= {"person", "party", "country",
                                                       "organisation"}
    assert len(search(conn, "department", limit=2)) == 2


def test_statements_are_labelled_by_their_entities(conn: sqlite3.Connection) -> None:
    hits = search(conn, "anti-graft", kind="statement") or search(conn, "ambassador",
                                                                   kind="statement")
    assert hits and all(h["title"] for h in hits)


@pytest.mark.parametrize("text", ['"', "(", "NOT", "a AND", "NEAR(x y)", "x:y", "*", "^foo",
                                  "{name}: x", "' OR 1=1 --", "Xi -Jinping", "中\"联"])
def test_fts_syntax_in_the_input_is_only_text(conn: sqlite3.Connection, text: str) -> None:
    with contextlib.suppress(BadInput):  # nothing searchable at all, e.g. a lone quote
        search(conn, text)


def test_nothing_to_search_for_is_a_clear_error() -> None:
    with pytest.raises(BadInput, match="nothing to search for"):
        fts_query('  " ( ) - ')


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_safe(seed_db: Path, text: str) -> None:
    c = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    try:
        search(c, text)
    except BadInput:
        pass
    finally:
        c.close()


@pytest.mark.parametrize("text", ["china", "宋涛", "nothing-like-this-anywhere"])
def test_streamed_search_is_byte_for_byte_the_whole_list(conn: sqlite3.Connection, run: Run,
                                                        text: str) -> None:
    hits = search(conn, text, limit=500)
    assert run("search", text, "-n", "500", "--json").out == \
        json.dumps(hits, ensure_ascii=False, indent=2) + "\n"
    assert run("search", text, "-n", "500", "--format", "jsonl").out == "".join(
        json.dumps(h, ensure_ascii=False) + "\n" for h in hits)
    out = io.StringIO()
    if hits:
        writer = csv.DictWriter(out, fieldnames=list(hits[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(hits)
    assert run("search", text, "-n", "500", "--format", "csv").out == out.getvalue()
    assert (len(hits) > 20) == (text == "china")  # more than the default limit, when any


def test_a_bad_search_fails_before_any_output(run: Run) -> None:
    result = run("search", " ( ) ", "--format", "jsonl")
    assert result.code == 2 and result.out == "" and "nothing to search for" in result.err
