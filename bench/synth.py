"""Synthetic knowledge bases in the load format (JSON Lines), for benchmarks.

Deterministic: the same arguments always give the same bytes. Every record is written as soon
as it is made, so memory stays small whatever the size. Ids start with "syn-" and synthetic
events fall in 1950-2019, so the seed's own answers (Song Tao, the events of 2021) stay the
same at every size and show whether queries stay indexed as the database grows.

    python -m bench.synth --events 1000000 --entities 100000 > big.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from typing import Any, TextIO

SYLLABLES = ("an", "bel", "cor", "da", "el", "fen", "gar", "hol", "is", "jun", "ka", "lin",
             "mor", "nad", "or", "pel", "qua", "ros", "sal", "tor", "ul", "ven", "wes", "xan",
             "yor", "zel", "bri", "cha", "dre", "fli", "gro", "har", "ith", "kel", "lom",
             "mai", "nor", "pra", "ser", "tam")
WORDS = len(SYLLABLES) ** 2  # 1,600 two-syllable words
EVENT_TYPES = ("meeting", "conference", "video-conference", "sharing-session", "visit",
               "delegation", "seminar", "forum", "speech", "report")
ROLES = ("host", "guest", "participant", "speaker", "counterpart")
ORG_KINDS = ("ministry", "think-tank", "research-institute", "university", "news-outlet",
             "committee", "party-organ", "other")
SOURCE_KINDS = ("news", "report", "paper", "official", "website")
FIRST_YEAR, LAST_YEAR = 1950, 2019


def word(n: int) -> str:
    n %= WORDS
    return (SYLLABLES[n // len(SYLLABLES)] + SYLLABLES[n % len(SYLLABLES)]).capitalize()


def name(i: int) -> str:
    """A unique two-word name for entity number i (unique for i < 2,560,000)."""
    return f"{word(i * 37)} {word(i // WORDS * 13 + 7)}"


class Plan:
    """How many of each kind, and which ids they get."""

    def __init__(self, entities: int, events: int, seed: int) -> None:
        self.entities = max(entities, 10)
        self.events = events
        self.seed = seed
        self.countries = max(self.entities // 500, 2)
        self.parties = max(self.entities // 50, 2)
        self.orgs = max(self.entities // 10, 2)
        self.sources = max(min(self.entities // 100, 1000), 2)

    def entity_id(self, i: int) -> str:
        return f"syn-e{i}"

    def kind(self, i: int) -> str:
        if i < self.countries:
            return "country"
        if i < self.countries + self.parties:
            return "party"
        if i < self.countries + self.parties + self.orgs:
            return "organisation"
        return "person"


def _date(rng: random.Random) -> str:
    year = rng.randint(FIRST_YEAR, LAST_YEAR)
    roll = rng.random()
    if roll < 0.1:
        return str(year)
    month = rng.randint(1, 12)
    if roll < 0.3:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _cite(rng: random.Random, plan: Plan) -> list[dict[str, str]]:
    return [{"source": f"syn-s{rng.randrange(plan.sources)}",
             "locator": f"para {rng.randint(1, 40)}"}]


def sources(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    for i in range(plan.sources):
        yield {"record": "source", "id": f"syn-s{i}", "title": f"Report {i} on {word(i)} ties",
               "publisher": f"{word(i * 3)} Press", "published": _date(rng),
               "kind": SOURCE_KINDS[i % len(SOURCE_KINDS)]}


def entities(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    for i in range(plan.entities):
        kind = plan.kind(i)
        record: dict[str, Any] = {"record": "entity", "id": plan.entity_id(i), "kind": kind,
                                  "name": name(i)}
        if kind == "organisation":
            record["subkind"] = ORG_KINDS[i % len(ORG_KINDS)]
        if kind != "country":
            record["country"] = plan.entity_id(rng.randrange(plan.countries))
        if rng.random() < 0.1:
            record["aliases"] = [{"name": f"{word(i)} {i}", "kind": "alias"}]
        if rng.random() < 0.2:
            record["summary"] = f"Synthetic {kind} number {i}, made for benchmarks."
        yield record


def statements(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    """One membership per person (a party or an organisation), from a year."""
    first_org = plan.countries
    for i in range(plan.countries + plan.parties + plan.orgs, plan.entities, 2):
        target = rng.randrange(first_org, plan.countries + plan.parties + plan.orgs)
        predicate = "member_of" if plan.kind(target) == "party" else "works_for"
        start = rng.randint(FIRST_YEAR, LAST_YEAR)
        record: dict[str, Any] = {"record": "statement", "id": f"syn-st{i}",
                                  "subject": plan.entity_id(i), "predicate": predicate,
                                  "object": plan.entity_id(target), "start": str(start),
                                  "sources": _cite(rng, plan)}
        if rng.random() < 0.5:
            record["end"] = str(min(start + rng.randint(1, 20), LAST_YEAR + 5))
        yield record


def events(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Events with 1-4 participants (2.5 on average); a few entities take part often."""
    for i in range(plan.events):
        count = rng.randint(1, 4)
        chosen: list[int] = []
        while len(chosen) < count:
            # Half the picks favour low numbers (countries, parties): some busy entities.
            pick = int(plan.entities * rng.random() ** 3) if rng.random() < 0.5 \
                else rng.randrange(plan.entities)
            if pick not in chosen:
                chosen.append(pick)
        etype = EVENT_TYPES[rng.randrange(len(EVENT_TYPES))]
        record: dict[str, Any] = {
            "record": "event", "id": f"syn-ev{i}", "type": etype,
            "title": f"{etype.replace('-', ' ').capitalize()} of {name(chosen[0])}",
            "date": _date(rng),
            "participants": [{"entity": plan.entity_id(p), "role": ROLES[rng.randrange(5)]}
                             for p in chosen],
            "sources": _cite(rng, plan),
        }
        if rng.random() < 0.3:
            record["location_country"] = plan.entity_id(rng.randrange(plan.countries))
        yield record


def write(out: TextIO, entities_n: int, events_n: int, seed: int = 1) -> int:
    """Write a whole dataset; returns the number of records."""
    plan = Plan(entities_n, events_n, seed)
    rng = random.Random(seed)
    head = {"record": "dataset", "name": f"synthetic-{events_n}",
            "title": f"Synthetic data: {events_n:,} events over {plan.entities:,} entities",
            "version": str(seed)}
    out.write(json.dumps(head, ensure_ascii=False) + "\n")
    count = 1
    for part in (sources, entities, statements, events):
        for record in part(plan, rng):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="file to write (default: standard output)")
    args = parser.parse_args(argv)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            write(out, args.entities, args.events, args.seed)
    else:
        write(sys.stdout, args.entities, args.events, args.seed)


if __name__ == "__main__":
    main()
