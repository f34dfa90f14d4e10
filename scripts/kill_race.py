"""Kill-and-race campaign: loads, unloads, rebuilds and readers at once, with random SIGKILLs.

    python scripts/kill_race.py --seconds 600      (make race SECONDS=600)

Runs real `idkb` processes against one data folder for the time given, a few at a time, and
kills some of them at random moments. In rounds it lets everything finish and checks:

- readers never see a dataset half loaded (each dataset is all its events or none of them,
  and the datasets table agrees with the records);
- `idkb db check` is clean, which includes "kept copies agree with the database";
- a load or unload that reported success and was the last to touch its dataset holds
  (nothing a rebuild or a kill could lose);
- nothing outside idkb's own files changed: a neighbour folder and a file in the data folder
  keep their bytes, and the data folder holds only idkb's own names;
- the database file never goes missing, not even for a moment (a rebuild swaps it);
- every command ended with the exit code it should have here, and no traceback.

It prints its counts and exits 1 if any check failed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATASETS = 5
EVENTS = 40  # per dataset: a load is all of them or none
# What each command may answer here: an unload of a dataset not loaded is "not found" (1);
# anything else (a database error, a lock given up on) is a failure.
EXIT_CODES = {"load": {0}, "unload": {0, 1}, "rebuild": {0}, "read": {0}}
OWN = re.compile(r"(idkb\.db(-wal|-shm|\.lock|\.bak-[\d-]+(-wal|-shm)?)?|datasets"
                 r"|\.idkb-build-idkb\.db-\w+\.db(-journal|-wal|-shm)?|notes\.txt|input)$")


def dataset(k: int) -> dict[str, object]:
    name = f"race{k}"
    return {
        "idkb": 1, "dataset": {"name": name, "title": f"Race {k}"},
        "sources": [{"id": f"{name}-src", "title": f"Notes {k}", "kind": "other"}],
        "entities": [{"id": f"{name}-party", "kind": "party", "name": f"Race Party {k}",
                      "country": "guyana"}],
        "events": [{"id": f"{name}-e{i}", "type": "meeting", "title": f"Meeting {k}.{i}",
                    "date": f"20{10 + i % 10}-0{1 + i % 9}", "participants": [
                        {"entity": "international-department", "role": "host"},
                        {"entity": f"{name}-party", "role": "guest"}],
                    "sources": [{"source": f"{name}-src", "locator": f"p. {i}"}]}
                   for i in range(EVENTS)],
    }


@dataclass
class Op:
    kind: str
    target: int | None
    proc: subprocess.Popen[bytes]
    started: float
    kill_at: float | None
    ended: float = 0.0
    code: int | None = None
    killed: bool = False
    out: bytes = b""
    err: bytes = b""


@dataclass
class Campaign:
    home: Path
    env: dict[str, str]
    inputs: list[Path]
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    history: list[Op] = field(default_factory=list)

    def idkb(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "idkb", *args]

    def start(self, rng: random.Random, kill_rate: float) -> Op:
        kind = rng.choice(["load", "load", "unload", "rebuild", "read", "read", "read"])
        k = rng.randrange(DATASETS)
        args = {
            "load": ("load", str(self.inputs[k])),
            "unload": ("unload", f"race{k}"),
            "rebuild": ("db", "rebuild"),
            "read": ("sql", "SELECT (SELECT json_group_object(dataset, n) FROM (SELECT "
                            "dataset, count(*) AS n FROM events GROUP BY dataset)) AS events, "
                            "(SELECT json_group_array(name) FROM datasets) AS datasets",
                     "--json"),
        }[kind]
        proc = subprocess.Popen(self.idkb(*args), env=self.env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        now = time.monotonic()
        kill_at = now + rng.uniform(0.0, 1.5) if rng.random() < kill_rate else None
        self.counts[f"started {kind}"] += 1
        return Op(kind, k if kind in ("load", "unload") else None, proc, now, kill_at)

    def reap(self, op: Op) -> None:
        op.out, op.err = op.proc.communicate()
        op.ended, op.code = time.monotonic(), op.proc.returncode
        if op.code == -signal.SIGKILL:
            op.killed = True
            self.counts[f"killed {op.kind}"] += 1
        else:
            self.counts[f"exit {op.code} {op.kind}"] += 1
            text = op.err.decode(errors="replace")
            if op.code not in EXIT_CODES[op.kind] or "Traceback" in text:
                self.fail(f"{op.kind}: exit {op.code}: {text[-300:]}")
            if op.kind == "read" and op.code == 0:
                self.check_read(op)
        self.history.append(op)

    def check_read(self, op: Op) -> None:
        self.counts["reader checks"] += 1
        row = json.loads(op.out)[0]
        events = json.loads(row["events"])
        registered = set(json.loads(row["datasets"]))
        for name, n in events.items():
            if name.startswith("race") and n != EVENTS:
                self.fail(f"a reader saw {n} of {EVENTS} events of {name}: half loaded")
        with_events = {n for n in events if n.startswith("race")}
        if with_events != {n for n in registered if n.startswith("race")}:
            self.fail(f"datasets table {sorted(registered)} disagrees with the records "
                      f"{sorted(with_events)}")

    def fail(self, message: str) -> None:
        self.counts["FAILED checks"] += 1
        if len(self.failures) < 50:
            self.failures.append(message)


def _sums(paths: list[Path]) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def quiet_checks(c: Campaign, neighbours: dict[str, str]) -> None:
    """With nothing running: db check, lost work, files outside idkb's own."""
    c.counts["quiet checks"] += 1
    done = subprocess.run(c.idkb("db", "check", "--json"), env=c.env, capture_output=True)
    if done.returncode != 0:
        c.fail(f"db check: {done.stdout.decode()[-600:]} {done.stderr.decode()[-300:]}")
    shown = subprocess.run(c.idkb("datasets", "--json"), env=c.env, capture_output=True)
    loaded = {d["name"] for d in json.loads(shown.stdout)} if shown.returncode == 0 else set()
    for k in range(DATASETS):
        ops = [o for o in c.history if o.target == k]
        if not ops:
            continue
        last = max(ops, key=lambda o: o.started)
        overlapping = [o for o in ops if o is not last and o.ended > last.started]
        if last.killed or last.code != 0 or overlapping:
            continue
        want = last.kind == "load"
        if (f"race{k}" in loaded) != want:
            c.fail(f"race{k}: the last {last.kind} succeeded but the dataset is "
                   f"{'missing' if want else 'still there'}")
        c.counts["lost-work checks"] += 1
    c.history = [o for o in c.history if o.ended >= time.monotonic() - 0.001]
    if _sums([Path(p) for p in neighbours]) != neighbours:
        c.fail("a file outside idkb's own changed")
    for path in c.home.iterdir():
        if not OWN.fullmatch(path.name):
            c.fail(f"unexpected file in the data folder: {path.name}")
    for path in (c.home / "datasets").glob("*") if (c.home / "datasets").is_dir() else []:
        if not re.fullmatch(r"race\d\.jsonl|registry\.json|\.txn-\w+\.json|\..+\.tmp",
                            path.name):
            c.fail(f"unexpected file in the kept folder: {path.name}")


def run(seconds: float, parallel: int, kill_rate: float, seed: int) -> int:
    rng = random.Random(seed)
    base = Path(tempfile.mkdtemp(prefix="idkb-race-"))
    home, neighbour = base / "home", base / "neighbour"
    (home / "input").mkdir(parents=True)
    neighbour.mkdir()
    inputs = []
    for k in range(DATASETS):
        f = home / "input" / f"race{k}.json"
        f.write_text(json.dumps(dataset(k)), encoding="utf-8")
        inputs.append(f)
    keep = [neighbour / "precious.jsonl", neighbour / "idkb.db", home / "notes.txt"]
    for p in keep:
        p.write_text(f"not idkb's: {p.name}\n")
    neighbours = _sums(keep)
    env = {**os.environ, "IDKB_HOME": str(home), "IDKB_LOCK_WAIT": "120"}
    env.pop("IDKB_DB", None)
    c = Campaign(home, env, inputs)
    subprocess.run(c.idkb("sources"), env=env, capture_output=True, check=True)
    deadline = time.monotonic() + seconds
    running: list[Op] = []
    next_quiet = time.monotonic() + 15
    db = home / "idkb.db"
    while time.monotonic() < deadline:
        now = time.monotonic()
        c.counts["database present checks"] += 1
        if not db.exists():
            c.fail("the database file was missing")
        for op in list(running):
            if op.kill_at is not None and now >= op.kill_at and op.proc.poll() is None:
                op.proc.send_signal(signal.SIGKILL)
            if op.proc.poll() is not None:
                running.remove(op)
                c.reap(op)
        if now >= next_quiet:
            for op in running:
                c.reap(op)
            running = []
            quiet_checks(c, neighbours)
            next_quiet = time.monotonic() + 15
        while len(running) < parallel:
            running.append(c.start(rng, kill_rate))
        time.sleep(0.01)
    for op in running:
        c.reap(op)
    subprocess.run(c.idkb("datasets"), env=env, capture_output=True)
    quiet_checks(c, neighbours)
    _report(c, seconds, base)
    return 1 if c.failures else 0


def _report(c: Campaign, seconds: float, base: Path) -> None:
    print(f"kill-and-race campaign: {seconds:g} s in {base}")
    for key in sorted(c.counts):
        print(f"  {key:28} {c.counts[key]:>7,}")
    started = sum(v for k, v in c.counts.items() if k.startswith("started"))
    print(f"  {'commands in all':28} {started:>7,}")
    for line in c.failures:
        print(f"FAILED: {line}")
    print("clean" if not c.failures else f"{len(c.failures)} failure(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--parallel", type=int, default=3)
    parser.add_argument("--kill-rate", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    sys.exit(run(args.seconds, args.parallel, args.kill_rate, args.seed))


if __name__ == "__main__":
    main()
