"""Time `idkb extract` on a batch: N items in one call (the target is 1,000 in under 10 s).

    python -m bench.extract [--items 1000] [--runs 3]

The items are the extraction corpus (tests/extract_corpus, the items that report a contact),
repeated; each copy gets its own title and address and its dates moved by whole years, so the
batch holds N sources and mostly distinct events rather than one repeated many times. The
database is the seed plus the corpus's known.json. The output is checked with `idkb validate`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
from functools import partial
from pathlib import Path

from bench import measure
from bench.run import IDKB, OUT, env_for, fresh_db

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "extract_corpus"
_YEAR = re.compile(r"\b(20[0-4]\d)\b")


def _earlier(years: int, match: re.Match[str]) -> str:
    return str(int(match.group(1)) - years)


def items(n: int, folder: Path) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*/*.txt"))
             if json.loads(p.with_suffix(".expected.json").read_text())["types"]]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        shift = i // len(texts)
        text = _YEAR.sub(partial(_earlier, shift), texts[i % len(texts)])
        text = re.sub(r"^title: (.*)$", rf"title: \1 ({i})", text, count=1, flags=re.M)
        text = re.sub(r"^url: (\S*)$", rf"url: \1-{i}", text, count=1, flags=re.M)
        path = folder / f"item-{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time idkb extract on a batch.")
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    db = OUT / "extract.db"
    fresh_db(db)
    subprocess.run([IDKB, "load", str(CORPUS / "known.json")], env={**env_for(db)},
                   check=True, capture_output=True)
    paths = [str(p) for p in items(args.items, OUT / "extract-items")]
    draft = OUT / "extract-draft.jsonl"
    walls = []
    for _ in range(args.runs):
        with draft.open("wb") as out:
            sample = measure.run([IDKB, "extract", *paths], env_for(db), stdout=out)
        if sample.code != 0:
            sys.exit(f"idkb extract failed (exit {sample.code})")
        walls.append(sample.wall)
    check = measure.run([IDKB, "validate", str(draft)], env_for(db))
    with draft.open("rb") as lines:
        records = sum(1 for _ in lines)
    print(f"idkb extract: {args.items:,} items, {records:,} records in "
          f"{statistics.median(walls):.2f} s (median of {args.runs}; fastest "
          f"{min(walls):.2f} s, peak memory {sample.rss_mb:.0f} MB); "
          f"validate: exit {check.code} in {check.wall:.2f} s")


if __name__ == "__main__":
    main()
