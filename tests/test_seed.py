"""The bundled seed: valid, fully cited, and self-contained."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from idkb.core.model import KnowledgeBase

SEED = Path(__file__).resolve().parents[1] / "data" / "seed.json"
ARTICLE = "scmp-2021-06-04-international-department"
ARTICLE_PARAGRAPHS = 33


@pytest.fixture(scope="module")
def seed() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SEED.read_text(encoding="utf-8"))
    return data


def test_seed_validates(seed: dict[str, Any]) -> None:
    kb = KnowledgeBase.model_validate(seed)
    assert kb.dataset is not None and kb.dataset.name == "seed"


def test_packaged_seed_is_the_repository_seed() -> None:
    from idkb.core import paths

    assert paths.seed_bytes() == SEED.read_bytes()


def test_every_statement_and_event_cites_a_source_with_a_locator(seed: dict[str, Any]) -> None:
    sources = {s["id"] for s in seed["sources"]}
    for record in [*seed["statements"], *seed["events"]]:
        assert record["sources"], record["id"]
        for cite in record["sources"]:
            assert cite["source"] in sources, record["id"]
            assert cite["locator"].strip(), record["id"]


def test_article_locators_point_at_real_paragraphs(seed: dict[str, Any]) -> None:
    for record in [*seed["statements"], *seed["events"]]:
        for cite in record["sources"]:
            if cite["source"] == ARTICLE:
                match = re.fullmatch(r"para (\d+)", cite["locator"])
                assert match, (record["id"], cite["locator"])
                assert 1 <= int(match.group(1)) <= ARTICLE_PARAGRAPHS


def test_ids_are_unique_and_references_resolve(seed: dict[str, Any]) -> None:
    entities = {e["id"] for e in seed["entities"]}
    for table in ("sources", "entities", "statements", "events"):
        ids = [r["id"] for r in seed[table]]
        assert len(ids) == len(set(ids)), table
    for s in seed["statements"]:
        assert s["subject"] in entities and s.get("object", s["subject"]) in entities, s["id"]
    for e in seed["events"]:
        assert all(p["entity"] in entities for p in e["participants"]), e["id"]
    for e in seed["entities"]:
        assert e.get("country") is None or e["country"] in entities, e["id"]


def test_every_source_is_cited(seed: dict[str, Any]) -> None:
    cited = {c["source"] for r in [*seed["statements"], *seed["events"]] for c in r["sources"]}
    assert cited == {s["id"] for s in seed["sources"]}


def test_seed_covers_the_article(seed: dict[str, Any]) -> None:
    cited = {
        int(c["locator"].split()[1])
        for r in [*seed["statements"], *seed["events"]]
        for c in r["sources"]
        if c["source"] == ARTICLE
    }
    # Paragraphs that carry only quotes or framing may go uncited, but not many.
    assert len(cited) >= 28
    assert len(seed["entities"]) >= 40 and len(seed["events"]) >= 18
