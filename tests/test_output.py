"""Output meets pipes and terminals: `| head` ends quietly in every format; data text never
reaches a terminal raw; NO_COLOR is honoured and nothing is coloured when piped."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import re
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from idkb.render import emit
from tests.helpers import HOSTILE_TEXT, Run, big_db, checksums

COLOUR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|9[0-7]|38;)[0-9;]*m")


@pytest.fixture(scope="module")
def big(seed_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_db(seed_db, tmp_path_factory.mktemp("big") / "big.db", 300)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv", "table"])
def test_head_closes_the_pipe_early_and_idkb_ends_quietly(big: Path, fmt: str) -> None:
    before = checksums(big)
    proc = subprocess.Popen(
        [sys.executable, "-m", "idkb", "events", "--format", fmt, "--db", str(big)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # what `head -1` reads, then it exits
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert first
    assert (code, err) == (0, "")  # no traceback, no "Exception ignored", no message
    assert checksums(big) == before


def test_head_in_a_real_shell_pipeline(big: Path) -> None:
    if not shutil.which("head"):
        pytest.skip("no head command")
    script = (f'"{sys.executable}" -m idkb events --format csv --db "{big}" | head -1; '
              'echo "status=${PIPESTATUS[0]}"')
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.stdout.splitlines()[0].startswith("id,type,date")
    assert result.stdout.splitlines()[-1] == "status=0" and result.stderr == ""


@pytest.fixture
def hostile(seed_db: Path, tmp_path: Path) -> Path:
    """The seed with hostile text in a name, a summary and an event title, written behind the
    model's back (as a hand-edited database might hold it)."""
    path = tmp_path / "hostile.db"
    shutil.copy(seed_db, path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE entities SET name = ?, summary = ? WHERE id = 'song-tao'",
                     (HOSTILE_TEXT, HOSTILE_TEXT))
        conn.execute("UPDATE events SET title = ? WHERE id IN (SELECT event_id FROM "
                     "event_participants WHERE entity_id = 'song-tao')", (HOSTILE_TEXT,))
    return path


def on_terminal(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run idkb with its output on a pseudo-terminal, as a person at a terminal would."""
    master, slave = pty.openpty()
    environment = {**os.environ, "COLUMNS": "250", "LINES": "50", "TERM": "xterm-256color",
                   **(env or {})}
    proc = subprocess.Popen([sys.executable, "-m", "idkb", *args], stdout=slave,
                            stderr=subprocess.PIPE, env=environment)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    return proc.returncode, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("args", [("show", "song-tao"), ("events", "--with", "song-tao")])
def test_hostile_text_is_escaped_on_a_terminal(hostile: Path, args: tuple[str, ...]) -> None:
    _, out = on_terminal(*args, "--db", str(hostile))
    assert "\x1b[31mred" not in out and "\u202e" not in out and "\x07" not in out
    assert "\\x1b[31mred" in out and "\\u202e" in out
    assert "[bold]b[/bold]" in out and "[link=http://e.vil]click[/link]" in out
    # No hyperlink was made from the data's text: the only links are the sources' addresses.
    targets = re.findall(r"\x1b\]8;[^;]*;([^\x1b\x07]*)", out)
    assert all(t == "" or re.fullmatch(r"https?://[!#-~]+", t) for t in targets)
    assert not any("e.vil" in t for t in targets)


@pytest.mark.parametrize("args", [("show", "song-tao"), ("events", "--with", "song-tao")])
def test_hostile_text_is_escaped_when_piped(hostile: Path, args: tuple[str, ...]) -> None:
    result = subprocess.run([sys.executable, "-m", "idkb", *args, "--db", str(hostile)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[31mred" in result.stdout and "[link=http://e.vil]click[/link]" in result.stdout


def test_a_terminal_gets_colour_unless_no_color(seed_db: Path) -> None:
    _, coloured = on_terminal("show", "song-tao", "--db", str(seed_db))
    assert COLOUR.search(coloured)
    _, plain = on_terminal("show", "song-tao", "--db", str(seed_db), env={"NO_COLOR": "1"})
    assert not COLOUR.search(plain) and "Song Tao" in plain


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_no_colour_when_not_a_terminal(seed_db: Path, fmt: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "idkb", "show", "song-tao", "--format", fmt, "--db", str(seed_db)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "FORCE_COLOR": "", "TERM": "xterm-256color"})
    assert result.returncode == 0 and "\x1b" not in result.stdout


def test_a_streamed_json_array_is_byte_for_byte_the_list() -> None:
    items: list[dict[str, Any]] = [{"a": [1, {"b": "two\nlines"}], "c": None, "d": []}, {},
                                   {"e": "中联部"}]
    for n in range(len(items) + 1):
        out = io.StringIO()
        emit.write_json_array(iter(items[:n]), out)
        assert out.getvalue() == emit.dumps(items[:n], indent=2) + "\n"


def test_streamed_event_list_is_the_same_in_every_format(big: Path, cli: Run) -> None:
    db = ("--db", str(big))
    whole = json.loads(cli("events", "--format", "json", *db).out)
    lines = [json.loads(x) for x in cli("events", "--format", "jsonl", *db).out.splitlines()]
    rows = list(csv.DictReader(io.StringIO(cli("events", "--format", "csv", *db).out)))
    assert len(whole) > 300 and whole == lines
    assert [r["id"] for r in rows] == [e["id"] for e in whole]
    assert cli("events", "--year", "1800", "--format", "json", *db).out == "[]\n"
