"""Score `idkb extract` against the hand-written corpus in tests/extract_corpus.

For each item the expected persons, parties and countries (sets of ids), exact event dates and
event types (multisets) and statements (sets of subject, predicate, object) are compared with
what the engine produced; precision, recall and F1 are summed over items. An output is valid
when every record passes the load-format models and every id it refers to is either emitted in
it or already known. Exit 1 if the held-back set misses a target.

    PYTHONPATH=src python scripts/extract_eval.py [--show] [--split tune|held] [--speed N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from idkb.extract import MemoryGazetteer, extract, parse_item

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "extract_corpus"
FIELDS = ("persons", "parties", "countries", "dates", "types", "statements")
TARGETS = {"persons": 0.90, "parties": 0.85, "countries": 0.95, "dates": 0.90}
# Statements are scored as "subject predicate object" triples, on the items whose expected
# file lists them (the items written before statements were scored do not).

Record = dict[str, Any]


def gazetteer() -> MemoryGazetteer:
    seed = json.loads((ROOT / "data" / "seed.json").read_text())["entities"]
    known = json.loads((CORPUS / "known.json").read_text())["entities"]
    return MemoryGazetteer([*seed, *known])


def observed(records: list[Record], gaz: MemoryGazetteer) -> dict[str, list[str]]:
    """The scored fields, read off the records as a reviewer would."""
    kinds = {r["id"]: (r["kind"], r.get("country")) for r in records if r["record"] == "entity"}
    for eid, known in gaz.by_id.items():
        kinds.setdefault(eid, (known.kind, known.country))
    out: dict[str, list[str]] = {f: [] for f in FIELDS}
    for event in (r for r in records if r["record"] == "event"):
        out["dates"].append(event["date"])
        out["types"].append(event["type"])
        if event.get("location_country"):
            out["countries"].append(event["location_country"])
        for p in event["participants"]:
            kind, country = kinds.get(p["entity"], ("", None))
            if kind == "person":
                out["persons"].append(p["entity"])
            elif kind == "party":
                out["parties"].append(p["entity"])
            elif kind == "country":
                out["countries"].append(p["entity"])
            if country and kind in ("person", "party"):
                out["countries"].append(country)
    out["statements"] = [f"{r['subject']} {r['predicate']} {r['object']}"
                         for r in records if r["record"] == "statement"]
    for f in ("persons", "parties", "countries", "statements"):
        out[f] = sorted(set(out[f]))
    return out


def valid(records: list[Record], gaz: MemoryGazetteer) -> list[str]:
    """Problems with the output as a load file (empty if it would load)."""
    from pydantic import ValidationError

    from idkb.core.model import RECORD_MODELS

    problems: list[str] = []
    ids = {r["id"] for r in records} | set(gaz.by_id)
    if len({r["id"] for r in records}) != len(records):
        problems.append("duplicate ids")
    for r in records:
        fields = {k: v for k, v in r.items() if k != "record"}
        try:
            RECORD_MODELS[r["record"]].model_validate(fields)
        except ValidationError as e:
            problems.append(f"{r['id']}: {e.errors()[0]['msg']}")
        for ref in _references(r):
            if ref not in ids:
                problems.append(f"{r['id']}: unknown id {ref}")
    return problems


def _references(r: Record) -> Iterable[str]:
    yield from (c["source"] for c in r.get("sources", []))
    yield from (p["entity"] for p in r.get("participants", []))
    for key in ("country", "location_country", "subject", "object"):
        if r.get(key):
            yield r[key]


def score(split: str, show: bool, gaz: MemoryGazetteer) -> dict[str, tuple[float, float, float]]:
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_exp: Counter[str] = Counter()
    items = sorted((CORPUS / split).glob("*.txt"))
    n_valid = 0
    for path in items:
        expected = json.loads(path.with_suffix(".expected.json").read_text())
        result = extract(parse_item(path.read_text()), gaz)
        got = observed(result.records, gaz)
        problems = valid(result.records, gaz)
        n_valid += not problems
        for f in FIELDS:
            if f not in expected:
                continue
            inter = Counter(got[f]) & Counter(expected[f])
            tp[f] += sum(inter.values())
            n_pred[f] += len(got[f])
            n_exp[f] += len(expected[f])
            if show and Counter(got[f]) != Counter(expected[f]):
                print(f"{path.name} {f}: got {got[f]} expected {expected[f]}")
        if show and problems:
            print(f"{path.name} invalid: {problems}")
    table = {}
    for f in FIELDS:
        p = tp[f] / n_pred[f] if n_pred[f] else 1.0
        r = tp[f] / n_exp[f] if n_exp[f] else 1.0
        table[f] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    share = n_valid / len(items) if items else 1.0
    table["valid"] = (share, share, share)
    return table


def speed(n: int, gaz: MemoryGazetteer) -> None:
    """Extract n items (the corpus, repeated) in one process, as one command call would."""
    import time

    texts = [p.read_text() for p in sorted(CORPUS.glob("*/*.txt"))]
    start = time.perf_counter()
    events = 0
    for i in range(n):
        events += len(extract(parse_item(texts[i % len(texts)]), gaz).events)
    took = time.perf_counter() - start
    print(f"{n} items, {events} events in {took:.2f} s ({n / took:.0f} items/s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print each mismatch")
    parser.add_argument("--split", choices=["tune", "held"], action="append")
    parser.add_argument("--speed", type=int, metavar="N", help="time N extractions and stop")
    args = parser.parse_args(argv)
    gaz = gazetteer()
    if args.speed:
        speed(args.speed, gaz)
        return 0
    failed = False
    for split in args.split or ["tune", "held"]:
        table = score(split, args.show, gaz)
        n = len(list((CORPUS / split).glob("*.txt")))
        print(f"\n{split} ({n} items)    precision  recall   F1     target")
        for f, (p, r, f1) in table.items():
            target = 1.0 if f == "valid" else TARGETS.get(f)
            mark = ""
            if split == "held" and target is not None and f1 < target:
                mark, failed = "  MISSED", True
            shown = f"{target:.2f}" if target is not None else "  -"
            print(f"  {f:<10}     {p:6.3f}   {r:6.3f}  {f1:6.3f}   {shown}{mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
