"""Hostile arguments: quotes, SQL, FTS operators, huge, NUL, undecodable bytes, bidi marks.
Each gets a normal answer or a one-line error with its exit code, never a traceback, and the
database is unchanged afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from idkb.cli import main
from idkb.core.errors import BadInput, NotFound
from idkb.query import resolve
from tests.helpers import checksums, invoke

HOSTILE = [
    "Robert'); DROP TABLE entities;--", "' OR '1'='1", '" OR ""="', "\\'", "%", "_", "%%_%",
    "Song* OR Tao", "NEAR(song tao)", "song AND tao", '"Song Tao"', "-song", "^song",
    "{title}: x", "title:Song", "[bold]Song[/bold]", "\x1b[31mSong", "\u202eoaT gnoS",
    "\u200fSong Tao\u200e", "\ufeffSong Tao", "Song\u200bTao", "Ｓｏｎｇ Ｔａｏ", "😀",
    "\U0010ffff",
    "x" * 999, "x" * 1001, "a " * 400, "--", "-", "0", "../../etc/passwd", "file:x?mode=rw",
    "\t\r\n", "song\ntao",
]
# Where a name or text goes in: each command with the argument in place of `{}`.
SLOTS = [("show", "{}"), ("person", "{}"), ("events", "--with", "{}"),
         ("events", "--from", "{}"), ("events", "--to", "{}"),
         ("show", "song-tao", "--as-of", "{}"),
         ("events", "--type", "{}"), ("sql", "SELECT ? AS x, '{}' AS y"),
         ("search", "{}"), ("timeline", "--from", "{}")]


def fill(slot: tuple[str, ...], value: str) -> list[str]:
    return [part.replace("{}", value) if part != "{}" else value for part in slot]


def assert_clean(code: int, err: str) -> None:
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and "Exception" not in err
    if code:
        assert err.startswith("idkb: ")


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_in_every_slot_in_process(value: str, seed_db: Path, capsys:
                                                  pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDKB_DB", str(seed_db))
    before = checksums(seed_db)
    for slot in SLOTS:
        code = main.run(fill(slot, value))  # "-song" as a name is a usage error: exit 2
        assert_clean(code, capsys.readouterr().err)
    assert checksums(seed_db) == before


@pytest.mark.parametrize("value", ["Robert'); DROP TABLE entities;--", "\u202eoaT gnoS",
                                   "x" * 130_000, "Song* OR Tao"])
def test_hostile_values_through_the_real_entry_point(run: object, seed_db: Path,
                                                     value: str) -> None:
    before = checksums(seed_db)
    for slot in SLOTS[:3]:
        result = invoke(*fill(slot, value), "--db", str(seed_db))
        assert_clean(result.code, result.err)
    assert checksums(seed_db) == before


def test_a_megabyte_argument(seed_db: Path, capsys: pytest.CaptureFixture[str],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Linux refuses any single argument over 128 KiB (E2BIG) before idkb starts, so a
    # megabyte reaches idkb only through its Python entry point.
    monkeypatch.setenv("IDKB_DB", str(seed_db))
    huge = "Song Tao " * 120_000
    assert main.run(["show", huge]) == 1
    assert "no entity has a name that long (1,080,000 characters" in capsys.readouterr().err
    assert main.run(["events", "--from", huge]) == 2
    assert main.run(["sql", f"SELECT '{huge}' AS x", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out) > 1_000_000


def test_nul_bytes(seed_db: Path, capsys: pytest.CaptureFixture[str],
                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The OS cannot pass NUL in an argument (execve ends the string there); through the
    # Python entry point it gives a clean answer.
    with pytest.raises(ValueError):
        subprocess.run([sys.executable, "-m", "idkb", "show", "Song\x00Tao"], check=False)
    monkeypatch.setenv("IDKB_DB", str(seed_db))
    for slot in SLOTS:
        code = main.run(fill(slot, "Song\x00Tao"))
        assert_clean(code, capsys.readouterr().err)
    import sqlite3

    conn = sqlite3.connect(seed_db)
    with pytest.raises((NotFound, BadInput)):
        resolve.resolve(conn, "\x00")


RAW = [b"\xff\xfe", b"Song\xc3", b"\xed\xa0\x80", b"Song \x80Tao"]


def test_undecodable_bytes_give_exit_2(seed_db: Path) -> None:
    """Bytes that are not UTF-8 arrive as lone surrogates; they are refused by name. Each slot
    gets one of the byte strings, so every slot and every string is tried once or more."""
    before = checksums(seed_db)
    for i, slot in enumerate(SLOTS):
        raw = RAW[i % len(RAW)]
        args = [os.fsencode(a).replace(b"@", raw) for a in fill(slot, "@")]
        proc = subprocess.run([sys.executable, "-m", "idkb", *args, b"--db", bytes(seed_db)],
                              capture_output=True, timeout=60)
        err = proc.stderr.decode("utf-8", "replace")
        assert_clean(proc.returncode, err)
        assert err.count("\n") <= 6  # one message (and at most a few suggestions)
    assert checksums(seed_db) == before


def test_an_undecodable_database_path_works(seed_db: Path, tmp_path: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/kb-\xff.db"))
    odd.write_bytes(seed_db.read_bytes())
    for args in (("show", "song-tao"), ("sql", "SELECT count(*) FROM events"), ("db", "check")):
        result = invoke(*args, "--db", str(odd))
        assert result.code == 0, result.err
