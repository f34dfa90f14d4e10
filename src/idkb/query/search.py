"""Full-text search over the index built by `fts`: safe query building, bm25 ranking, snippets.

Whatever a user types is treated as text, never as FTS5 syntax: each word becomes a quoted FTS5
string (embedded quotes doubled), so "Xi-Jinping", "(", "NOT" or a lone quote cannot cause a
syntax error. CJK runs become phrases over the bigram columns (see `fts`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from idkb.core.errors import BadInput
from idkb.core.names import normalise
from idkb.core.vocab import ENTITY_KINDS
from idkb.store.search_index import CJK_RUN, FTS_TABLE, TABLE, WEIGHTS, cjk_runs

Row = dict[str, Any]

# Around each match while a snippet is made: characters no text holds, taken out again so that
# scripts get plain text and the matches' positions (`unmark`).
MARK = ("\x02", "\x03")
KINDS = (*ENTITY_KINDS, "entity", "event", "statement")
_WORD = re.compile(r"\w")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _cjk_phrase(run: str) -> str:
    tokens = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
    return "{cjk_names cjk_body} : " + _quote(" ".join(tokens))


# Every word is a term SQLite must match in every row it considers, so the work grows with the
# number of words; more than this many is refused (no useful search needs them).
MAX_WORDS = 64
MAX_CJK_RUN = 200  # characters of one CJK run (each pair of them is a term)


def fts_query(text: str) -> str:
    """The FTS5 query for what the user typed: every word (or CJK run) must match."""
    words = _CONTROL.sub(" ", text).split()
    if len(words) > MAX_WORDS or any(len(run) > MAX_CJK_RUN for w in words
                                     for run in cjk_runs(w)):
        raise BadInput(f"search takes at most {MAX_WORDS} words (and CJK runs of at most "
                       f"{MAX_CJK_RUN} characters); this has {len(words):,} words: narrow it")
    parts: list[str] = []
    # A NUL ends an FTS5 string early ("unterminated string"): control characters are spaces.
    for word in words:
        for piece in re.split(f"({CJK_RUN.pattern})", word):
            if not piece:
                continue
            if cjk_runs(piece) == [piece]:
                parts.append(_cjk_phrase(piece))
            elif _WORD.search(piece):
                parts.append(_quote(piece))
    if not parts:
        raise BadInput(f"nothing to search for in {text!r}: type a word or a name")
    return " AND ".join(parts)


def _kind_filter(kind: str | None) -> tuple[str, tuple[str, ...]]:
    if kind is None:
        return "", ()
    if kind == "entity":
        return f" AND s.kind IN ({','.join('?' * len(ENTITY_KINDS))})", ENTITY_KINDS
    return " AND s.kind = ?", (kind,)


def search(conn: sqlite3.Connection, text: str, kind: str | None = None,
           limit: int = 20) -> list[Row]:
    """Best matches first (bm25 with names weighted over aliases over body text)."""
    return list(iter_search(conn, text, kind, limit))


def iter_search(conn: sqlite3.Connection, text: str, kind: str | None = None,
                limit: int = 20) -> Iterator[Row]:
    """The same matches as `search`, completed as they are read: memory stays flat however
    large `limit` is (SQLite ranks them first, on its own pages). A query that is not valid
    fails here, before any match is read."""
    query = fts_query(text)
    where, args = _kind_filter(kind)
    weights = ", ".join(str(w) for w in WEIGHTS)
    snippets = ", ".join(
        f"snippet({FTS_TABLE}, {i}, '{MARK[0]}', '{MARK[1]}', '…', 12) AS snip{i}"
        for i in range(3)
    )
    # bm25 normalises by the length of the whole document, so a person with a long summary
    # can rank below an event that merely has their name in its title; an entity whose name
    # or alias is exactly what was typed therefore comes first, then everything by bm25.
    cursor = conn.execute(
        f"SELECT s.record, s.kind, s.ref, s.name, s.aliases, s.body, "
        f"bm25({FTS_TABLE}, {weights}) AS score, {snippets}, "
        "(s.record = 'entity' AND s.ref IN (SELECT entity_id FROM entity_names WHERE norm = ?))"
        " AS exact "
        f"FROM {FTS_TABLE} JOIN {TABLE} s ON s.rowid = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH ?{where} ORDER BY exact DESC, score, s.ref LIMIT ?",
        (normalise(text), query, *args, limit),
    )
    needles = [run for w in text.split() for run in cjk_runs(w)]
    return (_result(conn, r, needles) for r in cursor)


def count(conn: sqlite3.Connection, text: str, kind: str | None = None) -> int:
    """How many records match, however many are shown."""
    where, args = _kind_filter(kind)
    join = f" JOIN {TABLE} s ON s.rowid = {FTS_TABLE}.rowid" if where else ""
    return int(conn.execute(f"SELECT count(*) FROM {FTS_TABLE}{join} WHERE {FTS_TABLE} MATCH ?"
                            f"{where}", (fts_query(text), *args)).fetchone()[0])


def _result(conn: sqlite3.Connection, r: sqlite3.Row, needles: list[str]) -> Row:
    title = r["name"]
    if r["record"] == "statement":
        title = _statement_label(conn, r["ref"])
    snippet, matches = unmark(_snippet(r, needles))
    return {
        "kind": r["kind"], "id": r["ref"], "title": title,
        "snippet": snippet, "matches": matches, "score": round(-r["score"], 3),
    }


def unmark(marked: str) -> tuple[str, list[list[int]]]:
    """The snippet as plain text, and where each match is in it: [start, end) offsets in
    characters, as Python slices them (snippet[start:end] is the matched text)."""
    plain: list[str] = []
    matches: list[list[int]] = []
    at = 0
    for i, part in enumerate(marked.split(MARK[0])):
        text, _, rest = part.partition(MARK[1]) if i else ("", "", part)
        if i:
            matches.append([at, at + len(text)])
        plain.append(text + rest)
        at += len(text) + len(rest)
    return "".join(plain), matches


def _snippet(r: sqlite3.Row, needles: list[str]) -> str:
    """Body text around the match if it matched there, else the alias or name that matched."""
    for i in (2, 1, 0):
        if r[f"snip{i}"] and MARK[0] in r[f"snip{i}"]:
            return str(r[f"snip{i}"])
    # Matched only through the CJK bigram columns: mark the characters in the source text.
    for column in ("body", "aliases", "name"):
        text = r[column] or ""
        hits = [n for n in needles if n in text]
        if hits:
            return _mark_window(text, hits)
    return str(r["body"] or r["name"] or "")[:120]


def _mark_window(text: str, needles: list[str], width: int = 40) -> str:
    first = min(text.index(n) for n in needles)
    start, end = max(0, first - width), min(len(text), first + width * 2)
    window = text[start:end]
    for n in sorted(set(needles), key=len, reverse=True):
        window = window.replace(n, f"{MARK[0]}{n}{MARK[1]}")
    return ("…" if start else "") + window + ("…" if end < len(text) else "")


def _statement_label(conn: sqlite3.Connection, statement_id: str) -> str:
    from idkb.core.vocab import PREDICATES

    row = conn.execute(
        "SELECT s.predicate, s.title, a.name AS subject, b.name AS object FROM statements s "
        "JOIN entities a ON a.id = s.subject LEFT JOIN entities b ON b.id = s.object "
        "WHERE s.id = ?", (statement_id,)).fetchone()
    relation = PREDICATES[row["predicate"]][1]
    label = f"{row['subject']} {relation} {row['object']}" if row["object"] else \
        f"{row['subject']}: {relation}"
    if row["title"] and row["predicate"] != "count":
        label += f" ({row['title']})"
    return label
