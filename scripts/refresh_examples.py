"""Rewrite the output under each `$ idkb ...` line of the ```console blocks in README.md and
docs/*.md with what the command prints now (against a fresh seed database).

Outputs trimmed by hand (they hold a `...` line) and blocks marked to skip are left as they
are; tests/test_readme.py checks every other block.
Usage: python scripts/refresh_examples.py   (or: make examples)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP_MARK = "<!-- readme-test: skip -->"


def run(line: str, env: dict[str, str]) -> list[str]:
    proc = subprocess.run(["bash", "-c", line], capture_output=True, text=True, env=env,
                          cwd=env["IDKB_SCRATCH"], check=False)
    return (proc.stdout + proc.stderr).rstrip("\n").splitlines()


def refresh(text: str, env: dict[str, str]) -> str:
    lines, out, i = text.splitlines(), [], 0
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.strip() != "```console" or (len(out) > 1 and out[-2].strip() == SKIP_MARK):
            continue
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
                   "IDKB_SCRATCH": str(scratch),
                   "PATH": f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}"}
            env.pop("NO_COLOR", None)
            # Build the database first, as the test starts each block from a built copy.
            subprocess.run([sys.executable, "-m", "idkb", "sources"], env=env, check=True,
                           capture_output=True)
            new = refresh(text, env)
            if new != text:
                doc.write_text(new, encoding="utf-8")
                print(f"refreshed {doc.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
