"""Property-based tests: random valid knowledge bases survive export and reload unchanged, and
random corruptions of valid files never change the database."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from idkb.cli import main as entry
from idkb.core.model import KnowledgeBase
from idkb.core.vocab import PREDICATES
from idkb.load import database
from tests.helpers import checksum

SEED_ENTITIES = ["international-department", "cpc", "guyana", "song-tao"]
SEED_SOURCES = ["idcpc-website", "scmp-2021-06-04-international-department"]

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
                min_size=1, max_size=30).map(str.strip).filter(bool)
days = st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat())
edtf = st.one_of(days, days.map(lambda d: d[:7]), days.map(lambda d: d[:4]),
                 st.sampled_from(["195X", "2021~", "2019?", "2020/2021", "2021-04/.."]))


@st.composite
def knowledge_bases(draw: st.DrawFn) -> dict[str, Any]:
    prefix = "u" + draw(st.from_regex(r"[a-z0-9]{3}", fullmatch=True))
    source_ids = sorted({f"{prefix}-{s}" for s in draw(st.lists(slugs, min_size=1,
                                                                   max_size=3))})
    entity_ids = sorted({f"{prefix}-{s}" for s in draw(st.lists(slugs, max_size=4))})
    entity_refs = st.sampled_from(entity_ids + SEED_ENTITIES)
    cites = st.lists(st.fixed_dictionaries(
        {"source": st.sampled_from(source_ids + SEED_SOURCES), "locator": words},
        optional={"note": words}), min_size=1, max_size=2)
    sources = [draw(st.fixed_dictionaries(
        {"id": st.just(i), "title": words,
         "kind": st.sampled_from(["news", "report", "paper", "official", "website", "other"])},
        optional={"publisher": words, "author": words, "published": edtf,
                  "url": slugs.map(lambda s: f"https://example.org/{s}")})) for i in source_ids]
    entities = [draw(st.fixed_dictionaries(
        {"id": st.just(i), "kind": st.sampled_from(["person", "party", "country"]),
         "name": words},
        optional={"summary": words, "country": st.sampled_from(SEED_ENTITIES[2:3]),
                  "aliases": st.lists(st.fixed_dictionaries(
                      {"name": words}, optional={"lang": st.sampled_from(["en", "zh"]),
                                                 "kind": st.sampled_from(["alias", "short"])}),
                      max_size=2)})) for i in entity_ids]
    statements = []
    for n in range(draw(st.integers(0, 3))):
        predicate = draw(st.sampled_from(sorted(PREDICATES)))
        record: dict[str, Any] = {"id": f"{prefix}-s{n}", "subject": draw(entity_refs),
                                  "predicate": predicate, "sources": draw(cites)}
        if PREDICATES[predicate][0] == "object":
            record["object"] = draw(entity_refs)
        else:
            record["value"] = draw(st.one_of(words, st.integers(-10**6, 10**6)))
        if draw(st.booleans()):
            record["start"] = draw(days)
        statements.append(record)
    events = [{
        "id": f"{prefix}-e{n}", "type": draw(st.sampled_from(["meeting", "visit", "talks"])),
        "title": draw(words), "date": draw(edtf),
        "certainty": draw(st.sampled_from(["confirmed", "reported"])),
        "participants": draw(st.lists(st.fixed_dictionaries(
            {"entity": entity_refs, "role": st.sampled_from(["host", "guest", "participant"])}),
            max_size=3)),
        "sources": draw(cites)} for n in range(draw(st.integers(0, 4)))]
    return {"idkb": 1, "dataset": {"name": prefix, "title": draw(words)}, "sources": sources,
            "entities": entities, "statements": statements, "events": events}


_TEMPLATE: Path | None = None


def fresh_db(folder: Path) -> Path:
    """A new database built from the seed (copied from one built once, for speed)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = Path(tempfile.mkdtemp()) / "template.db"
        database.rebuild(_TEMPLATE)
    target = folder / "kb.db"
    shutil.copy(_TEMPLATE, target)
    return target


def idkb(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = entry.run(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _normalised(data: dict[str, Any]) -> dict[str, Any]:
    kb = KnowledgeBase.model_validate(data).model_dump(exclude_none=True)
    return {k: sorted(v, key=lambda r: r["id"]) for k, v in kb.items()
            if isinstance(v, list)}


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kb=knowledge_bases(), fmt=st.sampled_from(["json", "jsonl"]))
def test_round_trip(capsys: pytest.CaptureFixture[str], kb: dict[str, Any], fmt: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "in.json").write_text(json.dumps(kb), encoding="utf-8")
        first = fresh_db(folder)
        code, _, err = idkb(capsys, "load", str(folder / "in.json"), "--db", str(first))
        assert code == 0, err
        _, exported, _ = idkb(capsys, "export", "--dataset", kb["dataset"]["name"], "-f", fmt,
                              "--db", str(first))
        (folder / f"out.{fmt}").write_text(exported, encoding="utf-8")
        (folder / "two").mkdir()
        second = fresh_db(folder / "two")
        code, _, err = idkb(capsys, "load", str(folder / f"out.{fmt}"), "--db", str(second))
        assert code == 0, err
        _, again, _ = idkb(capsys, "export", "--dataset", kb["dataset"]["name"], "-f", fmt,
                           "--db", str(second))
        assert again == exported
        _, as_json, _ = idkb(capsys, "export", "--dataset", kb["dataset"]["name"], "--db",
                             str(second))
        assert _normalised(json.loads(as_json)) == _normalised(kb)


corruptions = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 0.99)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.sampled_from(
        ["\x00", "{", "]", ",", '"', "\\", "\xff", "\u202e", "\x07"])),
    st.tuples(st.just("delete"), st.floats(0, 0.99)),
    st.tuples(st.just("field"), st.sampled_from([
        ("date", "2021-13-45"), ("id", "Not A Slug"), ("title", ""), ("title", 5),
        ("participants", [{"entity": "nobody-at-all"}]), ("sources", []),
        ("colour", "red"), ("date", "2021/2019"), ("title", "x" * 400)])),
)


def _corrupt(kb: dict[str, Any], how: tuple[Any, ...]) -> bytes:
    text = json.dumps(kb, indent=1)
    if how[0] == "field":
        field, value = how[1]
        target = kb["events"][0] if kb["events"] else None
        if target is None:
            return text[: len(text) // 2].encode()
        target[field] = value
        return json.dumps(kb, indent=1).encode()
    at = int(how[1] * len(text))
    if how[0] == "truncate":
        return text[:at].encode()
    if how[0] == "insert":
        char: str = how[2]
        raw = text[:at].encode() + char.encode("latin-1" if char == "\xff" else "utf-8")
        return raw + text[at:].encode()
    return (text[:at] + text[at + 1 :]).encode()


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kb=knowledge_bases(), how=corruptions)
def test_corruption_never_changes_the_database(capsys: pytest.CaptureFixture[str],
                                               kb: dict[str, Any],
                                               how: tuple[Any, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        target = fresh_db(folder)
        before = checksum(target)
        (folder / "bad.json").write_bytes(_corrupt(kb, how))
        code, _, err = idkb(capsys, "load", str(folder / "bad.json"), "--db", str(target))
        assert code in (0, 2), err
        assert "Traceback" not in err
        if code == 2:
            assert checksum(target) == before
            assert err.splitlines()[0].endswith("nothing was loaded")
        else:  # the change happened to leave a valid file (a character of a title, say)
            assert checksum(target) != before
