"""Rewrite the output under each `$ idkb ...` line of the ```console blocks in README.md and
docs/*.md with what the command prints now (against a fresh seed database).

Outputs trimmed by hand (they hold a `...` line) and blocks marked to skip are left as they
are; tests/test_readme.py checks every other block.
Usage: python scripts/refresh_examples.py   (or: make examples)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = "<!-- readme-test: skip -->"


def run(line: str, env: dict[str, str]) -> list[str]:
    # stderr into the same pipe, so lines come in the order a terminal shows them.
    proc = subprocess.run(["bash", "-c", line], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=env["IDKB_SCRATCH"], check=False)
    return proc.stdout.rstrip("\n").splitlines()


def fresh_database(env: dict[str, str]) -> None:
    target = Path(env["IDKB_DB"])
    for leftover in target.parent.glob(f"{target.name}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover)
        else:
            leftover.unlink()
    shutil.copy(env["IDKB_PRISTINE"], target)


def refresh(text: str, env: dict[str, str]) -> str:
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.strip() != "```console" or (len(out) > 1 and out[-2].strip() == SKIP_MARK):
            continue
        fresh_database(env)  # each block starts from the seed alone, as in the test
        while i < len(lines) and lines[i].strip() != "```":
            command = lines[i]
            out.append(command)
            i += 1
            expected = []
            while i < len(lines) and not lines[i].startswith("$ ") and lines[i].strip() != "```":
                expected.append(lines[i])
                i += 1
            # Every command runs, in order, so later ones see what earlier ones wrote.
            printed = run(command[2:], env)
            keep = any(x.strip() == "..." for x in expected)
            out.extend(expected if keep else printed)
    return "\n".join(out) + "\n"


def main() -> None:
    bindir = Path(sys.executable).parent
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as tmp:
            # As the test does: a scratch folder mirroring the checkout, a fresh database.
            scratch = Path(tmp) / "work"
            scratch.mkdir()
            for entry in ROOT.iterdir():
                if not entry.name.startswith("."):
                    (scratch / entry.name).symlink_to(entry)
            env = {**os.environ, "IDKB_HOME": tmp, "IDKB_DB": str(Path(tmp) / "idkb.db"),
                   "IDKB_SCRATCH": str(scratch), "COLUMNS": "100",
                   "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
            env.pop("NO_COLOR", None)
            # Build a pristine database once; each block starts from a copy of it.
            pristine = Path(tmp) / "pristine" / "idkb.db"
            pristine.parent.mkdir()
            subprocess.run([sys.executable, "-m", "idkb", "sources", "--db", str(pristine)],
                           env=env, check=True, capture_output=True)
            env["IDKB_PRISTINE"] = str(pristine)
            new = refresh(text, env)
            if new != text:
                doc.write_text(new, encoding="utf-8")
                print(f"refreshed {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
