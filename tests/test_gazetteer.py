"""Names in the database for reading new text: names, aliases, Chinese names and ids, with
case, accents and courtesy titles folded; a name two entities share answers nothing."""

from __future__ import annotations

import sqlite3

import pytest

from idkb.core.names import normalise
from idkb.query.gazetteer import DatabaseGazetteer, Known, fold
from idkb.store.schema import SCHEMA


@pytest.mark.parametrize(("name", "kind", "found"), [
    ("Song Tao", "person", "song-tao"),
    ("宋涛", "person", "song-tao"),
    ("SONG TAO", None, "song-tao"),
    ("Sóng  Tao", "person", "song-tao"),
    ("H.E. Mr. Liu Jianchao", "person", "liu-jianchao"),
    ("Comrade Liu Jianchao", "person", "liu-jianchao"),
    ("CCP", "party", "cpc"),
    ("Chinese Communist Party", "party", "cpc"),
    ("China", "country", "china"),
    ("liu-jianchao", "person", "liu-jianchao"),
])
def test_names_aliases_chinese_names_and_ids(conn: sqlite3.Connection, name: str,
                                             kind: str | None, found: str) -> None:
    known = DatabaseGazetteer(conn).lookup(name, kind)
    assert known is not None and known.id == found
    row = conn.execute("SELECT kind, name, country FROM entities WHERE id = ?",
                       (found,)).fetchone()
    assert known == Known(found, row[0], row[1], row[2])


@pytest.mark.parametrize(("name", "kind"), [
    ("China", "party"), ("Song", "person"), ("Tetsuo Saito", None), ("", None), ("Mr.", None),
])
def test_unknown_or_wrong_kind_is_none(conn: sqlite3.Connection, name: str,
                                       kind: str | None) -> None:
    assert DatabaseGazetteer(conn).lookup(name, kind) is None


def test_fold_drops_courtesy_titles_only_at_the_start() -> None:
    assert fold("H.E. Mr. Kim  Sóng-Nam") == "kim song nam"
    assert fold("Mrs Ms Dr. Ana Ruiz") == "ana ruiz"
    assert fold("Drew Mr") == normalise("Drew Mr")


def _small_db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    for i, eid in enumerate(("wang-yi", "wang-yi-b")):
        conn.execute("INSERT INTO entities (id, dataset, kind, name) VALUES (?, 'd', 'person', "
                     "'Wang Yi')", (eid,))
        conn.execute("INSERT INTO entity_names VALUES (?, 'Wang Yi', NULL, 'name', 'wang yi', ?)",
                     (eid, i))
    return conn


def test_a_shared_name_is_ambiguous_and_remembered() -> None:
    names = DatabaseGazetteer(_small_db())
    assert names.lookup("Mr Wang Yi", "person") is None
    assert names.ambiguous == {"Mr Wang Yi": ["wang-yi", "wang-yi-b"]}
    names.ambiguous.clear()  # the next item asks again, and hears it again
    assert names.lookup("Mr Wang Yi", "person") is None
    assert names.ambiguous == {"Mr Wang Yi": ["wang-yi", "wang-yi-b"]}
    assert names.lookup("wang-yi", "person") == Known("wang-yi", "person", "Wang Yi", None)


def test_taken_ids_of_every_record_kind(conn: sqlite3.Connection) -> None:
    event = conn.execute("SELECT id FROM events LIMIT 1").fetchone()[0]
    source = conn.execute("SELECT id FROM sources LIMIT 1").fetchone()[0]
    names = DatabaseGazetteer(conn)
    assert names.taken([event, source, "song-tao", "no-such-id"]) == {event, source, "song-tao"}
