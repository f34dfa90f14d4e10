"""The benchmark: start-up against sqlite-utils, and every read command at growing sizes.

    python -m bench.run --sizes 1k,100k,1m          # what `make bench` runs
    python -m bench.run --sizes 1k --runs 5         # the quick check CI runs

Synthetic data, databases and raw results go to bench-out/ (not committed); the figures are
written as Markdown to the report file (docs/benchmarks.md by default).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import anchor, measure, plans, report, synth

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BIN = Path(sys.executable).parent
IDKB = str(BIN / "idkb")
SQLITE_UTILS = str(BIN / "sqlite-utils")
OUT = Path("bench-out")
SONG = "select * from entities where id = 'song-tao'"
YEAR_2021 = ("select * from events where latest >= '2021-01-01' and earliest <= '2021-12-31' "
             "order by earliest, latest, id")

# label, idkb arguments, the sqlite-utils query fetching the same rows, target ratio
STARTUP: list[tuple[str, list[str], str, float | None]] = [
    ("person --format json", ["person", "Song Tao", "--format", "json"], SONG, 0.5),
    ("person (table)", ["person", "Song Tao"], SONG, 0.8),
    ("events --year --format json", ["events", "--year", "2021", "--format", "json"],
     YEAR_2021, 0.5),
    ("events --year (table)", ["events", "--year", "2021"], YEAR_2021, 0.8),
    ("--help", ["--help"], SONG, 0.8),
]


NO_PYC = "--help (no .pyc: none readable, none written)"


def env_for(db: Path) -> dict[str, str]:
    return {"IDKB_DB": str(db), "IDKB_HOME": str(OUT / "home"), "COLUMNS": "100"}


def commands() -> set[str]:
    """The commands this idkb has (some arrive with later versions)."""
    text = subprocess.run([IDKB, "--help"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in text.splitlines()
            if line.startswith("  ") and not line.startswith("   ") and line.split()
            and not line.split()[0].startswith("-")}


def fresh_db(path: Path) -> measure.Sample:
    for extra in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        extra.unlink(missing_ok=True)
    shutil.rmtree(Path(f"{path}.datasets"), ignore_errors=True)
    return measure.run([IDKB, "db", "rebuild", "--db", str(path)], env_for(path))


def startup(runs: int) -> dict[str, Any]:
    seed_db = OUT / "seed.db"
    fresh_db(seed_db)
    env = env_for(seed_db)
    cases: dict[str, tuple[list[str], dict[str, str]]] = {}
    for label, args, sql, _ in STARTUP:
        cases[label] = ([IDKB, *args], env)
        cases[f"sqlite-utils: {label}"] = ([SQLITE_UTILS, "query", str(seed_db), sql], env)
    # Start-up when no .pyc can be read or written (a read-only install): every module is
    # compiled on every run, for idkb and sqlite-utils alike.
    no_pyc = {**env, "PYTHONDONTWRITEBYTECODE": "1",
              "PYTHONPYCACHEPREFIX": str((OUT / "no-pyc").resolve())}
    cases[NO_PYC] = ([IDKB, "--help"], no_pyc)
    cases[f"sqlite-utils: {NO_PYC}"] = ([SQLITE_UTILS, "query", str(seed_db), SONG], no_pyc)
    cases["person --format json, full typer app"] = (
        [IDKB, *STARTUP[0][1]], {**env, "IDKB_NO_FASTPATH": "1"})
    cases["python -c pass"] = ([sys.executable, "-c", "pass"], env)
    found = measure.alternate(cases, runs)
    return {"cases": {k: v._asdict() for k, v in found.items()},
            "targets": {**{label: target for label, _, _, target in STARTUP}, NO_PYC: 0.8}}


def queries(entities: int) -> list[tuple[str, list[str]]]:
    """The read commands timed at every size; `syn` ones ask about synthetic entities."""
    person = synth.name(entities - 1)  # a person with a typical number of events
    country = synth.name(0)  # the busiest synthetic country (low numbers are picked most)
    party = synth.name(synth.Plan(entities, 0, 1).countries)  # the busiest synthetic party
    return [
        ("person (seed)", ["person", "Song Tao", "--json"]),
        ("person (synthetic)", ["person", person, "--json"]),
        ("events --year 2021", ["events", "--year", "2021", "--json"]),
        ("events --year 1990 --limit 100", ["events", "--year", "1990", "--limit", "100",
                                            "--json"]),
        ("events --with Morocco (a country)", ["events", "--with", "Morocco", "--json"]),
        ("events --with (synthetic person)", ["events", "--with", person, "--json"]),
        ("search", ["search", "Song Tao", "--json"]),
        ("search (synthetic word)", ["search", synth.word(5), "--json"]),
        ("timeline", ["timeline", "Song Tao", "--json"]),
        ("related", ["related", "Song Tao", "--json"]),
        ("stats", ["stats", "--json"]),
        ("stats --by participant --kind person --with (synthetic party)",
         ["stats", "--by", "participant", "--kind", "person", "--with", party, "--json"]),
        ("country profile (synthetic, busiest)", ["country", country, "--json"]),
        ("events --with A --with B (synthetic country and party)",
         ["events", "--with", country, "--with", party, "--json"]),
        ("events --with A --with B (seed)",
         ["events", "--with", "Song Tao", "--with", "International Department", "--json"]),
        ("missed name, suggestions", ["person", "Song Tsao"]),
    ]


EXPORTS: list[tuple[str, list[str]]] = [
    ("export --format json", ["export", "--format", "json"]),
    ("export --format jsonl", ["export", "--format", "jsonl"]),
    ("events --format csv (every event)", ["events", "--format", "csv"]),
    ("events --format jsonl (every event)", ["events", "--format", "jsonl"]),
    # Other list commands asked for a long answer: memory must not grow with it.
    ("sql every event --format jsonl", ["sql", "SELECT * FROM events", "--format", "jsonl",
                                        "--timeout", "3600"]),
    ("sql every event --format json", ["sql", "SELECT * FROM events", "--format", "json",
                                       "--timeout", "3600"]),
    ("search conference --format jsonl (every match)",
     ["search", "conference", "--limit", "100000000", "--format", "jsonl"]),
    ("timeline --format jsonl (everything)", ["timeline", "--format", "jsonl"]),
    # The first synthetic entity is a country: the busiest entity at every size.
    ("related --format jsonl (a busy entity)", ["related", synth.name(0), "--format", "jsonl"]),
]
EXPORT_ANCHOR = "sqlite3 writing the same lines (anchor)"


def time_queries(db: Path, entities: int, runs: int, have: set[str],
                 synthetic: bool) -> dict[str, Any]:
    """Each query's time; at a size, alternated with the same query on the seed database, so
    the ratio between them holds on a busy machine."""
    results: dict[str, Any] = {}
    seed = OUT / "seed.db"
    for label, args in queries(entities):
        if args[0] not in have:
            results[label] = {"missing": f"no '{args[0]}' command yet"}
        elif "synthetic" in label and not synthetic:
            continue
        elif not synthetic or "synthetic" in label:
            samples = [measure.run([IDKB, *args], env_for(db)) for _ in range(runs)]
            results[label] = measure.summarise(samples)._asdict()
        else:
            cases = {"size": ([IDKB, *args], env_for(db)), "seed": ([IDKB, *args], env_for(seed))}
            found = measure.alternate(cases, runs, warmup=1)
            results[label] = {**found["size"]._asdict(), "seed": found["seed"]._asdict()}
    return results


def time_exports(db: Path, have: set[str], events: int, records: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for label, args in EXPORTS:
        if args[0] not in have:
            results[label] = {"missing": f"no '{args[0]}' command yet"}
            continue
        results[label] = _rates(measure.run([IDKB, *args], env_for(db)), events, records)
    if shutil.which("sqlite3"):
        results[EXPORT_ANCHOR] = _rates(measure.run(anchor.export_command(db)), events,
                                        records)
    return results


def _rates(sample: measure.Sample, events: int, records: int) -> dict[str, Any]:
    return {**measure.summarise([sample])._asdict(),
            "events_per_s": events / sample.wall if sample.wall else 0,
            "records_per_s": records / sample.wall if sample.wall else 0}


ONE_PROCESS = "load in one process"


def load_in_one_process(label: str, source: Path) -> dict[str, Any]:
    """The same load with its reading and checking kept in the writer's process (a big load
    has a second process for them), into a database of its own, removed after."""
    db = OUT / f"{label}-one.db"
    fresh_db(db)
    sample = measure.run([IDKB, "load", str(source), "--db", str(db)],
                         {**env_for(db), "IDKB_LOAD_APART": "0"})
    for extra in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        extra.unlink(missing_ok=True)
    shutil.rmtree(Path(f"{db}.datasets"), ignore_errors=True)
    return sample._asdict()


def load_and_anchor(label: str, db: Path, source: Path, runs: int
                    ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The load and its anchor (plain executemany of the same file into one flat table),
    alternated `runs` times: medians of wall and CPU time, the largest peak memory. The last
    load's database stays for the queries."""
    loads: list[measure.Sample] = []
    anchors: list[measure.Sample] = []
    for n in range(runs):
        if n:
            fresh_db(db)
        loads.append(measure.run([IDKB, "load", str(source), "--db", str(db)], env_for(db)))
        anchors.append(measure.run([sys.executable, "-m", "bench.anchor", str(source),
                                    str(OUT / f"anchor-{label}.db")]))
        (OUT / f"anchor-{label}.db").unlink(missing_ok=True)
    return _median(loads), _median(anchors)


def _median(samples: list[measure.Sample]) -> dict[str, Any]:
    return {"wall": statistics.median(s.wall for s in samples),
            "cpu": statistics.median(s.cpu for s in samples),
            "rss_mb": max(s.rss_mb for s in samples),
            "code": max(s.code for s in samples), "runs": len(samples)}


def synthetic_file(n_events: int, entities: int) -> Path:
    path = OUT / f"synth-{n_events}-{entities}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".part")
        with tmp.open("w", encoding="utf-8") as out:
            synth.write(out, entities, n_events)
        tmp.replace(path)
    return path


def scale(label: str, n_events: int, entities: int, runs: int, have: set[str],
          reuse: bool = False, load_runs: int = 1) -> dict[str, Any]:
    db = OUT / f"{label}.db"
    source = synthetic_file(n_events, entities)
    result: dict[str, Any] = {"events": n_events, "entities": entities,
                              "file_mb": source.stat().st_size / 1e6}
    old = OUT / f"results-scale-{label}.json"
    if reuse and db.exists() and old.exists():  # time the queries again, keep the load's
        kept = json.loads(old.read_text(encoding="utf-8"))
        result.update({k: kept[k] for k in ("seed build", "load", "load anchor", ONE_PROCESS)
                       if k in kept})
    else:
        result["seed build"] = fresh_db(db)._asdict()
        if "load" not in have:
            result["load"] = {"missing": "no 'load' command yet"}
            return result
        result["load"], result["load anchor"] = load_and_anchor(label, db, source, load_runs)
        result[ONE_PROCESS] = load_in_one_process(label, source)
    result["db_mb"] = sum(p.stat().st_size for p in db.parent.glob(db.name + "*")
                          if p.is_file()) / 1e6
    result["queries"] = time_queries(db, entities, runs, have, synthetic=True)
    with source.open("rb") as lines:
        records = sum(1 for _ in lines) - 1  # the dataset line is not a record
    result["exports"] = time_exports(db, have, n_events, records)
    return result


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "system": platform.platform(terse=True),
            "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
            "date": time.strftime("%Y-%m-%d %H:%M")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Time idkb: start-up and scale.")
    parser.add_argument("--sizes", default="1k,100k,1m", help="event counts: 1k,10k,100k,1m")
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15, help="runs per start-up case")
    parser.add_argument("--query-runs", type=int, default=5, help="runs per query and size")
    parser.add_argument("--load-runs", type=int, default=3,
                        help="loads at each size, alternated with their anchor")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="keep databases already loaded at a size; time the queries again")
    parser.add_argument("--skip-reconcile", action="store_true",
                        help="leave out importing a table and idkb dupes (bench/reconcile.py)")
    parser.add_argument("--report", default="docs/benchmarks.md")
    args = parser.parse_args(argv)
    (OUT / "home").mkdir(parents=True, exist_ok=True)  # IDKB_HOME of every run
    have = commands()
    if not args.skip_startup:
        _save("startup", {"machine": machine(), **startup(args.runs)})
        seed = time_queries(OUT / "seed.db", args.entities, args.query_runs, have, False)
        _save("seed", {"machine": machine(), "queries": seed})
    for label in filter(None, args.sizes.split(",")):
        print(f"size {label} ...", file=sys.stderr, flush=True)
        result = scale(label, SIZES[label], args.entities, args.query_runs, have, args.reuse,
                       args.load_runs)
        _save(f"scale-{label}", {"machine": machine(), **result})
    if not args.skip_reconcile and "import" in have:
        from bench import reconcile

        rows = max(SIZES[s] for s in filter(None, args.sizes.split(",")))
        reconcile.main(["--rows", str(min(rows, 100_000)), "--entities", str(args.entities)])
    _save("plans", plans.collect(_largest_db(), queries(args.entities)))
    target = Path(args.report)
    kept = target.read_text(encoding="utf-8") if target.exists() else ""
    notes = kept[kept.index(report.NOTES):] if report.NOTES in kept else report.NOTES + "\n"
    target.write_text(report.render(_load_all()) + "\n" + notes, encoding="utf-8")
    print(f"wrote {args.report}", file=sys.stderr)


def _largest_db() -> Path:
    for label in reversed(SIZES):
        if (OUT / f"{label}.db").exists():
            return OUT / f"{label}.db"
    return OUT / "seed.db"


def _save(name: str, data: dict[str, Any]) -> None:
    (OUT / f"results-{name}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")


def _load_all() -> dict[str, Any]:
    return {p.stem.removeprefix("results-"): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(OUT.glob("results-*.json"))}


if __name__ == "__main__":
    main()
