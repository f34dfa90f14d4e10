"""The benchmark's synthetic data: the same bytes every time, and valid load-format records."""

from __future__ import annotations

import io
import json
from collections import Counter

from bench import synth
from pydantic import BaseModel

from idkb.core.model import DatasetInfo, Entity, Event, Source, Statement

MODELS: dict[str, type[BaseModel]] = {
    "dataset": DatasetInfo, "source": Source, "entity": Entity, "statement": Statement,
    "event": Event,
}


def _make(seed: int = 1) -> str:
    out = io.StringIO()
    synth.write(out, entities_n=600, events_n=300, seed=seed)
    return out.getvalue()


def test_same_arguments_same_bytes() -> None:
    assert _make() == _make()
    assert _make(seed=2) != _make()


def test_records_are_valid_and_references_resolve() -> None:
    kinds: Counter[str] = Counter()
    ids: dict[str, set[str]] = {"source": set(), "entity": set()}
    refs: list[tuple[str, str]] = []
    participants = 0
    for line in _make().splitlines():
        record = json.loads(line)
        kind = record.pop("record")
        model = MODELS[kind].model_validate(record)
        kinds[kind] += 1
        if kind in ids:
            ids[kind].add(record["id"])
        for cite in record.get("sources", []):
            refs.append(("source", cite["source"]))
        if isinstance(model, Event):
            participants += len(model.participants)
            refs += [("entity", p.entity) for p in model.participants]
        for key in ("country", "subject", "object", "location_country"):
            if record.get(key):
                refs.append(("entity", record[key]))
    assert kinds["event"] == 300 and kinds["entity"] == 600 and kinds["dataset"] == 1
    assert all(ref in ids[table] for table, ref in refs)
    assert 2.2 < participants / 300 < 2.8


def test_names_are_unique() -> None:
    names = [synth.name(i) for i in range(200_000)]
    assert len(set(names)) == len(names)
