"""The load's fast check agrees with the pydantic models on every record it accepts, and
leaves every record the models refuse to them (so error messages are always the models')."""

from __future__ import annotations

import copy
import io
import json
import random
from typing import Any

import pytest
from bench import synth
from pydantic import ValidationError

from idkb.core.model import RECORD_MODELS
from idkb.load import fastcheck
from idkb.load.checking import references
from idkb.store import records


def _synthetic() -> list[tuple[str, dict[str, Any]]]:
    out = io.StringIO()
    synth.write(out, 60, 40)
    found = []
    for line in out.getvalue().splitlines()[1:]:
        data = json.loads(line)
        found.append((data.pop("record"), data))
    return found


HAND_MADE: list[tuple[str, dict[str, Any]]] = [
    ("event", {"id": "e-a", "type": "meeting", "title": "T", "date": "2021",
               "participants": [{"entity": "a"}], "attributes": {"year": 2021, "ok": True,
                                                                 "city": "Rabat", "w": 1.5},
               "sources": [{"source": "src", "locator": "row 1"}]}),
    ("entity", {"id": "x-a", "kind": "person", "name": "P", "attributes": {"b": "x", "a": 1}}),
    ("statement", {"id": "s-a", "subject": "a", "predicate": "purpose", "value": "v",
                   "attributes": {"k": " padded "}, "sources": [{"source": "s", "locator": "1"}]}),
    ("entity", {"id": "x-b", "kind": "person", "name": "P", "attributes": {"k": [1]}}),
    ("entity", {"id": "x-c", "kind": "person", "name": "P", "identifiers": {"wikidata": "Q1"}}),
    ("entity", {"id": "x-1", "kind": "organisation", "subkind": "ministry", "name": "  Büro  ",
                "aliases": [{"name": "中联部", "lang": "zh-Hans", "kind": "abbreviation"},
                            {"name": "B"}], "summary": "Line one\n\tline two",
                "country": "china", "website": "https://example.org/a?b=c"}),
    ("entity", {"id": "x-2", "kind": "person", "subkind": "ministry", "name": "P"}),
    ("statement", {"id": "s-1", "subject": "a", "predicate": "count", "value": 12,
                   "sources": [{"source": "src", "locator": "p. 1", "note": "partly"}]}),
    ("statement", {"id": "s-2", "subject": "a", "predicate": "purpose", "value": " text ",
                   "start": "2001", "end": "2003-04", "as_of": "2002",
                   "sources": [{"source": "src", "locator": "p. 1"}]}),
    ("statement", {"id": "s-3", "subject": "a", "predicate": "member_of", "object": "b",
                   "start": "2005", "end": "2001", "sources": [{"source": "s", "locator": "1"}]}),
    ("statement", {"id": "s-6", "subject": "a", "predicate": "member_of", "object": "b",
                   "start": "2005", "as_of": "2001", "sources": [{"source": "s", "locator": "1"}]}),
    ("statement", {"id": "s-7", "subject": "a", "predicate": "member_of", "object": "b",
                   "end": "2005", "as_of": "2009", "sources": [{"source": "s", "locator": "1"}]}),
    ("statement", {"id": "s-4", "subject": "a", "predicate": "count", "value": True,
                   "sources": [{"source": "s", "locator": "1"}]}),
    ("statement", {"id": "s-5", "subject": "a", "predicate": "count", "value": 2.5,
                   "certainty": "reported", "title": "T", "note": "n",
                   "sources": [{"source": "s", "locator": "1"}]}),
    ("source", {"id": "src", "title": "T", "kind": "news", "url": "https://x.org",
                "published": "2020-01~", "author": "A", "publisher": "P"}),
    ("event", {"id": "e-1", "type": "video-conference", "title": "Talks", "date": "2021-03-04",
               "location": "Rabat", "location_country": "morocco", "certainty": "reported",
               "summary": "S", "participants": [{"entity": "a"}, {"entity": "b", "role": "host"}],
               "sources": [{"source": "s", "locator": "1", "note": None}]}),
    ("event", {"id": "e-2", "type": "meeting", "title": "T", "date": "2021-02-30",
               "sources": [{"source": "s", "locator": "1"}]}),
    ("event", {"id": "e-3", "type": "meeting", "title": "T", "date": "[..2021-02]",
               "participants": [], "sources": [{"source": "s", "locator": "1"}]}),
]

# Ways to break or bend one field: the fast check must accept exactly what the models accept.
BENDS: list[object] = [" {} ", "{}\x01", "{}\n", "", "{} x", "UPPER", None, 7, [], {}, "a" * 301,
         "https://x.org", "2021-13", "x\u0085y"]


def _bent(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    target = data
    for key in ("participants", "sources", "aliases"):
        if data.get(key) and rng.random() < 0.4:
            target = rng.choice(data[key])
            break
    key = rng.choice([*target, "extra"])
    bend = rng.choice(BENDS)
    if rng.random() < 0.1:
        target.pop(key, None)
    elif isinstance(bend, str) and "{}" in bend:
        target[key] = bend.format(target.get(key, "x"))
    else:
        target[key] = bend
    return data


def _compare(kind: str, data: dict[str, Any]) -> bool:
    """True when the fast check accepted the record (and then agreed with the models)."""
    fast = fastcheck.check(kind, data, "ds")
    try:
        record: Any = RECORD_MODELS[kind].model_validate(data)
    except ValidationError:
        assert fast is None, (kind, data)
        return False
    if fast is None:
        return False
    slow = fastcheck.from_model(kind, record, "ds", records.record_rows(record, "ds"),
                                list(references(record)))
    assert fast == slow, (kind, data)
    assert list(fast.line) == list(slow.line)  # same field order: the kept line's bytes
    return True


def test_fast_check_accepts_the_common_records_and_agrees() -> None:
    assert all(_compare(kind, data) for kind, data in _synthetic())  # every one is fast
    left = [data["id"] for kind, data in HAND_MADE if not _compare(kind, data)]
    # Invalid ones (subkind of a person, dates out of order, a bool value, 30 February) and
    # one the fast check is unsure of (a value with spaces around it) go to the models.
    # So do attributes with spaces around a text or a list value, and identifiers.
    assert left == ["s-a", "x-b", "x-c", "x-2", "s-2", "s-3", "s-6", "s-7", "s-4", "e-2"]


@pytest.mark.parametrize("seed", range(4))
def test_fast_check_leaves_what_it_is_unsure_of_to_the_models(seed: int) -> None:
    rng = random.Random(seed)
    cases = _synthetic()[:80] + HAND_MADE
    fast = 0
    for _ in range(600):
        kind, data = rng.choice(cases)
        fast += _compare(kind, _bent(rng, data))
    assert fast > 0
