"""The search index: CJK tokens, building it with the database, keeping it in sync."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from idkb.query.search import search
from idkb.store import search_index
from idkb.store.search_index import FTS_TABLE as FTS


def _conn(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    return conn


def test_cjk_tokens_are_bigrams_in_order_then_characters() -> None:
    assert search_index.cjk_tokens("中联部") == "中联 联部 中 联 部"
    assert search_index.cjk_tokens("Song Tao 宋涛") == "宋涛 宋 涛"
    assert search_index.cjk_tokens("宋") == "宋"
    assert search_index.cjk_tokens("no Chinese here") is None
    assert search_index.cjk_tokens(None) is None


def test_bigrams_never_cross_between_runs() -> None:
    assert (search_index.cjk_tokens("中共 中央") or "").split()[:2] == ["中共", "中央"]  # no "共中"


def test_the_build_indexes_every_record(seed_db: Path) -> None:
    conn = _conn(seed_db)
    counts = dict(conn.execute(
        f"SELECT record, count(*) FROM {search_index.TABLE} GROUP BY record"))
    assert counts == {
        "entity": conn.execute("SELECT count(*) FROM entities").fetchone()[0],
        "event": conn.execute("SELECT count(*) FROM events").fetchone()[0],
        "statement": conn.execute("SELECT count(*) FROM statements").fetchone()[0],
    }
    conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')")


def test_refresh_follows_a_load_and_an_unload(tmp_path: Path, seed_db: Path) -> None:
    path = tmp_path / "copy.db"
    path.write_bytes(seed_db.read_bytes())
    conn = _conn(path)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO datasets (name, sha256, loaded_at) VALUES ('extra', 'x', 'now')")
    conn.execute("INSERT INTO entities (id, dataset, kind, name, summary) VALUES "
                 "('zz-person', 'extra', 'person', 'Zebulon Quark', '一位虚构的人物')")
    search_index.refresh(conn, "extra")
    conn.execute("COMMIT")
    assert [h["id"] for h in search(conn, "Zebulon")] == ["zz-person"]
    assert [h["id"] for h in search(conn, "虚构")] == ["zz-person"]
    before = conn.execute(f"SELECT count(*) FROM {search_index.TABLE}").fetchone()[0]

    conn.execute("BEGIN")
    conn.execute("DELETE FROM entities WHERE dataset = 'extra'")
    search_index.refresh(conn, "extra")
    conn.execute("COMMIT")
    assert search(conn, "Zebulon") == []
    assert conn.execute(f"SELECT count(*) FROM {search_index.TABLE}").fetchone()[0] == before - 1
    conn.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('integrity-check')")


def test_a_full_refresh_is_idempotent(tmp_path: Path, seed_db: Path) -> None:
    path = tmp_path / "copy.db"
    path.write_bytes(seed_db.read_bytes())
    conn = _conn(path)
    first = [h["id"] for h in search(conn, "department", limit=50)]
    search_index.refresh(conn)
    search_index.refresh(conn)
    assert [h["id"] for h in search(conn, "department", limit=50)] == first


def test_setup_again_keeps_the_index(tmp_path: Path, seed_db: Path) -> None:
    path = tmp_path / "copy.db"
    path.write_bytes(seed_db.read_bytes())
    conn = _conn(path)
    search_index.setup(conn)
    assert search(conn, "Song Tao")[0]["id"] == "song-tao"
