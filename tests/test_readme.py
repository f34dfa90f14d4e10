"""The example sessions in README.md and docs/*.md run, and print what they show.

Convention for writing examples (README.md and any docs/*.md):

- Only fenced blocks whose info string is `console` are checked (```console ... ```).
- A line starting with `$ ` is a command; the lines after it, up to the next `$ ` line or the
  end of the block, are what it prints (stdout and stderr together, as a terminal shows them).
- Output is compared as idkb prints it when piped (plain aligned text, no colour or box art),
  line by line, with any run of spaces equal to one space (plain tables pad each column to
  its widest cell, and an example that leaves rows out would otherwise never line up) and
  trailing blank lines ignored.
- A line holding only `...` stands for any number of lines (zero or more).
- A command with no output lines under it (e.g. an overview listing several commands, or one
  whose output goes to a file) is only run: it must succeed (exit code 0). Text after ` # ` on
  a command line is a shell comment, as in any shell.
- Put `<!-- readme-test: skip -->` on the line right before the opening fence to leave a block
  unchecked (e.g. a server session, or output that depends on the reader's machine).
- Each block starts from a fresh copy of the seed database (IDKB_DB points at it) and the
  commands of one block share it, so `idkb load ...` followed by a query works. Commands run
  with bash in a scratch folder mirroring the checkout (relative paths work, writes land in the
  scratch folder), with this checkout's `idkb` first on PATH. A block using a program that is
  not installed (jq, dot, ...) is skipped, saying which.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = "<!-- readme-test: skip -->"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@dataclass
class Command:
    line: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    where: str  # "README.md:42"
    commands: list[Command]


def parse(text: str, name: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        skip = i > 0 and lines[i - 1].strip() == SKIP_MARK
        block, i = Block(f"{name}:{i + 1}", []), i + 1
        while i < len(lines) and lines[i].strip() != "```":
            if lines[i].startswith("$ "):
                block.commands.append(Command(lines[i][2:]))
            elif block.commands:
                block.commands[-1].expected.append(lines[i])
            i += 1
        if not skip and block.commands:
            blocks.append(block)
    return blocks


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality where a `...` line in `expected` stands for any lines."""
    want = _trim(expected)
    got = _trim(actual)
    if not want:
        return not got
    if want[0].strip() == "...":
        return any(matches(want[1:], got[k:]) for k in range(len(got) + 1))
    return bool(got) and want[0] == got[0] and matches(want[1:], got[1:])


def _trim(lines: list[str]) -> list[str]:
    lines = [" ".join(line.split()) for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _programs(line: str) -> set[str]:
    """The programs a shell line runs: the first word of each part of a pipeline or list."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    found, first = set(), True
    try:
        for token in lexer:
            if token in {"|", "||", "&&", ";", "&"}:
                first = True
            elif first and not token.startswith(("<", ">")):
                found.add(token)
                first = False
    except ValueError:  # an unbalanced quote: let bash report it when the line runs
        pass
    return found


def _blocks() -> list[Block]:
    return [b for doc in DOCS if doc.exists()
            for b in parse(doc.read_text(encoding="utf-8"), str(doc.relative_to(ROOT)))]


def test_the_convention_is_understood() -> None:
    text = "\n".join([
        "```console", "$ idkb a", "one", "two", "$ idkb b", "```",
        SKIP_MARK, "```console", "$ idkb skipped", "```",
        "```sh", "$ not checked", "```",
    ])
    blocks = parse(text, "x.md")
    assert [(c.line, c.expected) for b in blocks for c in b.commands] == [
        ("idkb a", ["one", "two"]), ("idkb b", [])]
    assert blocks[0].where == "x.md:1"
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "b"], ["a", "b", ""])
    assert matches(["...", "c"], ["c"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a"], ["a", "b"])
    assert matches(["x   1  y"], ["x 1 y  "])
    assert _programs("""idkb a --json | jq -r '.[] | select(.x=="y")' > out  # note""") == {
        "idkb", "jq"}


@pytest.mark.parametrize("block", _blocks(), ids=lambda b: b.where)
def test_example_session(block: Block, seed_db: Path, tmp_path: Path) -> None:
    needed = {p for c in block.commands for p in _programs(c.line)}
    bindir = Path(sys.executable).parent
    path = f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"
    missing = sorted(p for p in needed if shutil.which(p, path=path) is None)
    if missing:
        pytest.skip(f"{block.where} needs {', '.join(missing)}, not installed")
    for entry in ROOT.iterdir():
        if not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    db = tmp_path / "idkb.db"  # the default name, so Datasette paths read /idkb/...
    shutil.copy(seed_db, db)
    env = {**os.environ, "IDKB_DB": str(db), "PATH": path, "NO_COLOR": "1", "COLUMNS": "100"}
    for command in block.commands:
        proc = subprocess.run(["bash", "-c", command.line], cwd=tmp_path, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              encoding="utf-8", timeout=120, check=False)
        if not _trim(command.expected):
            assert proc.returncode == 0, f"{block.where}: `$ {command.line}` failed:\n{proc.stdout}"
            continue
        actual = proc.stdout.splitlines()
        assert matches(command.expected, actual), (
            f"{block.where}: `$ {command.line}` printed:\n{proc.stdout}\n"
            "expected:\n" + "\n".join(command.expected))
