"""The whole knowledge base survives export -> load into an empty database -> export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import invoke

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_export_load_into_empty_database_export_is_byte_identical(tmp_path: Path,
                                                                    fmt: str) -> None:
    full = {"IDKB_DB": str(tmp_path / "full.db")}
    loaded = invoke("load", str(EXAMPLES / "contacts.json"), str(EXAMPLES / "meetings.csv"),
                    env=full)
    assert loaded.code == 0, loaded.err
    first = invoke("export", "--format", fmt, env=full)
    assert first.code == 0, first.err
    exported = tmp_path / f"everything.{fmt}"
    exported.write_text(first.out, encoding="utf-8")

    empty = {"IDKB_DB": str(tmp_path / "empty.db")}
    assert invoke("db", "rebuild", "--no-seed", env=empty).code == 0
    assert json.loads(invoke("events", "--json", env=empty).out) == []
    again = invoke("load", str(exported), env=empty)
    assert again.code == 0, again.err
    second = invoke("export", "--format", fmt, env=empty)
    assert second.code == 0, second.err
    assert second.out == first.out
    assert "LPX leaders meet the ID" in second.out and "song-tao" in second.out


def test_a_seedless_database_stays_seedless_until_a_plain_rebuild(tmp_path: Path) -> None:
    env = {"IDKB_DB": str(tmp_path / "kb.db")}
    assert invoke("db", "rebuild", "--no-seed", env=env).code == 0
    assert invoke("person", "Song Tao", env=env).code == 1  # no seed behind the user's back
    assert invoke("db", "rebuild", env=env).code == 0
    assert invoke("person", "Song Tao", env=env).code == 0
