"""Reconciling at scale: importing a 100k-row table through a mapping, against loading the
same records from JSON Lines, and `idkb dupes` over 100k entities.

    python -m bench.reconcile --rows 100000 --entities 100000

The JSON Lines file is the one the import makes of the table (written by a dry build), so
both runs load exactly the same records; the difference is reading the table and matching
its names.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import sys
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import measure, synth
from bench.run import IDKB, OUT, env_for, fresh_db

IMPORT_TARGET = 1.5  # the import's time against loading the same records
DUPES_TARGET_S = 10.0

# The mapping of an engagement table (the tests import the same table shape with it).
MAPPING = """
[dataset]
name = "engagements"
title = "Leader engagements (synthetic)"

[source]
id = "engagements-table"
title = "Leader engagements table (synthetic)"
kind = "other"

[events]
date = { column = "date", format = "%m/%d/%y" }
type = "meeting"
title = { template = "Meeting with {leader}" }
summary = { column = "text" }
attributes = ["year"]

[[participants]]
column = "leader"
kind = "person"
role = "guest"
country = "country"

[[participants]]
column = "country"
kind = "country"
role = "counterpart"
"""


def engagement_table(path: Path, rows: int, leaders: int = 5000) -> None:
    rng = random.Random(13)
    countries = [synth.word(i * 7) + "land" for i in range(150)]
    people = [(synth.name(i), countries[i % len(countries)]) for i in range(leaders)]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["date", "year", "country", "leader", "text"])
        for _ in range(rows):
            day = date(2000, 1, 1) + timedelta(days=rng.randrange(8000))
            leader, country = rng.choice(people)
            out.writerow([day.strftime("%m/%d/%y"), day.year, country, leader,
                          f"Talks number {rng.randrange(10**6)}"])


def _same_records(table: Path, mapping: Path, db: Path, target: Path) -> None:
    from idkb.load import mapping as maps
    from idkb.load import table_import

    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        plan = table_import.build(conn, table, maps.read(mapping), "engagements")
    with target.open("wb") as out:
        for item in plan.items:  # each a JSON line already
            out.write(item + b"\n")


def import_vs_load(rows: int) -> dict[str, Any]:
    table, mapping = OUT / f"engagements-{rows}.csv", OUT / "engagements.toml"
    jsonl = OUT / f"engagements-{rows}.jsonl"
    engagement_table(table, rows)
    mapping.write_text(MAPPING, encoding="utf-8")
    a, b = OUT / "import.db", OUT / "import-jsonl.db"
    fresh_db(a)
    _same_records(table, mapping, a, jsonl)
    imports, loads = [], []
    for _ in range(3):  # alternated, so a busy machine slows both alike
        fresh_db(a)
        imports.append(measure.run([IDKB, "import", str(table), "--map", str(mapping),
                                    "--db", str(a)], env_for(a)))
        fresh_db(b)
        loads.append(measure.run([IDKB, "load", str(jsonl), "--db", str(b)], env_for(b)))
    got, ref = measure.summarise(imports), measure.summarise(loads)
    return {"rows": rows, "import": got._asdict(), "load": ref._asdict(),
            "ratio": got.wall / ref.wall, "target": IMPORT_TARGET}


def dupes(entities: int) -> dict[str, Any]:
    db = OUT / f"dupes-{entities}.db"
    source = OUT / f"synth-dupes-{entities}.jsonl"
    with source.open("w", encoding="utf-8") as out:
        synth.write(out, entities, 1000)
    fresh_db(db)
    loaded = measure.run([IDKB, "load", str(source), "--db", str(db)], env_for(db))
    found = measure.run([IDKB, "dupes", "--db", str(db), "--json"], env_for(db))
    return {"entities": entities, "load": loaded._asdict(), "dupes": found._asdict(),
            "target_s": DUPES_TARGET_S}


def lines(result: dict[str, Any]) -> list[str]:
    """The figures as Markdown rows: wall time, and CPU time (steadier on a shared machine)."""
    out = ["| case | wall (CPU) | against: wall (CPU) | ratio wall (CPU) | target |",
           "|---|---:|---:|---:|---|"]
    if "import" in result:
        r = result["import"]
        got, ref = r["import"], r["load"]
        out.append(f"| import {r['rows']:,} rows with a mapping | {got['wall'] / 1000:,.1f} s "
                   f"({got['cpu'] / 1000:,.1f} s) | load of the same records: "
                   f"{ref['wall'] / 1000:,.1f} s ({ref['cpu'] / 1000:,.1f} s) | "
                   f"{r['ratio']:.2f}× ({got['cpu'] / ref['cpu']:.2f}×) | ≤ {r['target']}× |")
    if "dupes" in result:
        d = result["dupes"]
        out.append(f"| dupes over {d['entities']:,} entities | {d['dupes']['wall']:,.1f} s "
                   f"({d['dupes']['cpu']:,.1f} s) | | | < {d['target_s']:.0f} s |")
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time idkb import and idkb dupes.")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--entities", type=int, default=100_000)
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    result = {"import": import_vs_load(args.rows), "dupes": dupes(args.entities)}
    (OUT / "results-reconcile.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print("\n".join(lines(result)), file=sys.stderr)


if __name__ == "__main__":
    main()
