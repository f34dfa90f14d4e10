"""Help and docs that stay true: docs/cli.md is what the CLI's help says today, every command
sits in a help group and shows examples, and every example runs.

These tests walk whatever commands are registered, so new commands are covered as they land.
After changing any help text, regenerate the reference with `make docs`.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from idkb.cli import docgen
from idkb.cli.declarations import PANELS

ROOT = Path(__file__).resolve().parents[1]

# Examples that need something the test cannot set up on its own; say why for each.
SKIP_EXAMPLES: dict[str, str] = {
    "idkb unload meetings": "needs a loaded dataset; the README runs load, then unload",
}


def test_cli_reference_is_up_to_date() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == docgen.render(), "docs/cli.md is stale: run `make docs`"


def test_every_command_is_in_a_help_group() -> None:
    top = docgen.root()
    for name, command in top.commands.items():
        assert getattr(command, "rich_help_panel", None) in PANELS, \
            f"idkb {name}: give it rich_help_panel= one of {PANELS}"


def _leaves() -> list[docgen.Entry]:
    return [e for e in docgen.walk() if not getattr(e.command, "commands", None)]


def test_every_command_shows_an_example() -> None:
    missing = [e.path for e in _leaves() if not docgen.examples(e.command.help or "")]
    assert not missing, f"add 'Example: idkb ...' to the docstring of: {missing}"


def test_examples_are_read_from_the_help() -> None:
    text = "Does a thing.\n\nExamples: idkb a --x   ·   idkb b \"c d\"\n\nThen: jq ."
    assert docgen.examples(text) == ["idkb a --x", 'idkb b "c d"', "jq ."]


def _all_examples() -> list[str]:
    return [x for e in _leaves() for x in docgen.examples(e.command.help or "")
            if x.startswith("idkb ")]


@pytest.mark.parametrize("example", _all_examples())
def test_every_example_runs(example: str, seed_db: Path, tmp_path: Path) -> None:
    if example in SKIP_EXAMPLES:
        pytest.skip(SKIP_EXAMPLES[example])
    # Run in a scratch folder that mirrors the checkout, so relative paths in examples work and
    # anything an example writes lands in the scratch folder.
    for entry in ROOT.iterdir():
        if not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    db = tmp_path / "example.db"
    shutil.copy(seed_db, db)
    words = shlex.split(example)
    redirect = words.index(">") if ">" in words else len(words)
    proc = subprocess.run([sys.executable, "-m", "idkb", *words[1:redirect]], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          env={**os.environ, "IDKB_DB": str(db)}, check=False)
    assert proc.returncode == 0, f"{example}: {proc.stderr}"
    assert proc.stdout.strip() or proc.stderr.strip(), f"{example} printed nothing"
