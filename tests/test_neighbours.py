"""Clean data for the tools beside idkb: `idkb sql` with stdin and named parameters, `db check
--format`, dated and identified graph records, JSON Lines profiles, backups that do not pile
up, completion installed for the shell named, and the package's own metadata."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import tomllib
from pathlib import Path
from xml.etree import ElementTree

import pytest

import idkb
from idkb.load import database
from tests.helpers import Run

ROOT = Path(__file__).resolve().parents[1]


def test_sql_reads_the_query_from_stdin_with_named_parameters(run: Run, seed_db: Path) -> None:
    query = "SELECT id FROM events WHERE type = :kind AND earliest >= :day ORDER BY id"
    result = run("sql", "-", "-p", "kind", "meeting", "-p", "day", "2025-01-01", "--json",
                 stdin=query)
    assert result.code == 0, result.err
    conn = sqlite3.connect(seed_db)
    expected = [r[0] for r in conn.execute(query, {"kind": "meeting", "day": "2025-01-01"})]
    conn.close()
    assert [r["id"] for r in json.loads(result.out)] == expected and expected


def test_sql_parameters_read_alike_by_both_parsers(run: Run) -> None:
    args = ("sql", "SELECT :a AS a, :b AS b", "-p", "a", "x y", "--param", "b", "-1", "--json")
    fast = run(*args)
    full = run(*args, env={"IDKB_NO_FASTPATH": "1"})
    assert fast.out == full.out and json.loads(fast.out) == [{"a": "x y", "b": "-1"}]


@pytest.mark.parametrize(("args", "message"), [
    (("sql", "SELECT :a AS a"), "-p NAME VALUE"),
    (("sql", "SELECT :a AS a", "-p", "a"), "-p NAME VALUE"),
])
def test_sql_parameters_missing(run: Run, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.code == 2 and message in result.err


def test_db_check_takes_format(cli: Run, seed_db: Path) -> None:
    as_json = cli("db", "check", "--format", "json", "--db", str(seed_db))
    assert as_json.code == 0 and {f["check"] for f in json.loads(as_json.out)}
    assert cli("db", "check", "--json", "--db", str(seed_db)).out == as_json.out
    text = cli("db", "check", "-f", "text", "--db", str(seed_db)).out
    assert text.startswith("ok") and not text.startswith("[")


def test_rebuild_keeps_the_newest_three_backups_and_says_where(cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "kb.db"
    mine = tmp_path / "kb.db.bak-notes.txt"  # not idkb's: never touched
    mine.write_text("mine", encoding="utf-8")
    said = []
    for _ in range(5):
        result = cli("db", "rebuild", "--db", str(target))
        assert result.code == 0
        said.append(result.err)
    kept = database.backups(target)
    assert len(kept) == database.KEEP_BACKUPS
    assert str(kept[-1]) in said[-1] and "newest 3 backups" in said[-1]
    assert mine.read_text(encoding="utf-8") == "mine"


ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def test_graph_csv_and_graphml_carry_ids_and_iso_dates(run: Run, seed_db: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(run("graph", "-f", "csv").out)))
    head = next(r for r in rows if r["id"] == "song-tao-heads-id")
    conn = sqlite3.connect(seed_db)
    first, last = conn.execute("SELECT start_earliest, end_latest FROM statements "
                               "WHERE id = 'song-tao-heads-id'").fetchone()
    conn.close()
    assert (head["source"], head["target"]) == ("song-tao", "international-department")
    assert (head["start"], head["end"]) == (first, last) and ISO.fullmatch(first)
    for row in rows:
        for key in ("start", "end", "as_of"):
            assert row[key] == "" or ISO.fullmatch(row[key]), row
    graphml = ElementTree.fromstring(run("graph", "-f", "graphml").out)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    keys = {k.get("id") for k in graphml.findall("g:key", ns)}
    assert {"start", "end", "record", "as_of"} <= keys
    edge = next(e for e in graphml.iter("{http://graphml.graphdrawing.org/xmlns}edge")
                if any(d.text == "song-tao-heads-id" for d in e))
    data = {d.get("key"): d.text for d in edge}
    assert data["start"] == first and data["end"] == last


def test_a_profile_in_json_lines_is_a_line_per_fact(run: Run) -> None:
    whole = json.loads(run("person", "Song Tao", "--json").out)
    lines = [json.loads(line) for line in run("person", "Song Tao", "-f", "jsonl").out.splitlines()]
    assert lines[0]["record"] == "entity" and lines[0]["id"] == "song-tao"
    assert "statements" not in lines[0]
    for record, key in (("statement", "statements"), ("event", "events"), ("source", "sources")):
        got = [{k: v for k, v in line.items() if k not in ("record", "entity")}
               for line in lines if line["record"] == record]
        assert got == whole[key]
        assert all(line["entity"] == "song-tao" for line in lines if line["record"] == record)


@pytest.mark.parametrize(("shell", "where"), [("zsh", ".zfunc/_idkb"),
                                              ("bash", ".bash_completions/idkb.sh"),
                                              ("fish", ".config/fish/completions/idkb.fish")])
def test_install_completion_honours_the_shell_named(cli: Run, tmp_path: Path, shell: str,
                                                    where: str) -> None:
    result = cli("--install-completion", shell, env={"HOME": str(tmp_path), "SHELL": "/bin/sh"})
    assert result.code == 0, result.err
    assert (tmp_path / where).is_file() and shell in result.err
    assert "idkb" in (tmp_path / where).read_text(encoding="utf-8")
    again = cli("--install-completion", shell, env={"HOME": str(tmp_path)})
    for rc in (".bashrc", ".zshrc"):
        if (tmp_path / rc).exists():  # the start-up line is added once only
            text = (tmp_path / rc).read_text(encoding="utf-8")
            assert len(text.splitlines()) == len(set(text.splitlines()))
    assert again.code == 0
    assert cli("--install-completion", "tcsh", env={"HOME": str(tmp_path)}).code == 2


def test_the_package_describes_itself() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["dynamic"] == ["version"] and "version" not in meta
    assert re.fullmatch(r"\d+\.\d+\.\d+", idkb.__version__)
    assert meta["license"] == "MIT AND CC-BY-4.0" and meta["authors"] and meta["urls"]
    assert any(c.startswith("Programming Language :: Python :: 3.11")
               for c in meta["classifiers"])
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "data" / "LICENSE.md").read_text(encoding="utf-8")
    assert (ROOT / "src" / "idkb" / "py.typed").is_file()
    for dependency in meta["dependencies"]:  # the README says why each one is there
        name = re.split(r"[<>=\[ ]", dependency)[0]
        assert f"`{name}`" in (ROOT / "README.md").read_text(encoding="utf-8"), name


def test_readme_links_and_pictures_work_outside_the_repository() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    assert targets
    assert all(t.startswith(("https://", "#")) for t in targets), targets


def test_make_run_installs_only_what_idkb_needs_and_says_the_path_note_last() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_rule = makefile.split("\nrun:")[1].split("\n\n")[0]
    assert run_rule.strip().splitlines()[-1].lstrip().startswith("@case")  # the note last
    install = makefile.split("$(BIN)/.installed: pyproject.toml")[1].split("\n\n")[0]
    assert "-e ." in install and "[dev]" not in install
    assert "[dev]" in makefile.split("\ntest:")[0]  # the test tools: make test only
