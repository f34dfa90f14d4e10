"""Several items as one load file: new entities are introduced once, repeats are merged, ids
the database holds are renamed with every reference."""

from __future__ import annotations

from collections.abc import Iterable

from idkb.extract import MemoryGazetteer, extract, parse_item
from idkb.extract.batch import Batch

ITEM = """publisher: IDCPC
published: 2025-04-23
title: Komeito visit

Beijing, April 22nd—Liu Jianchao, Minister of the International Department of the CPC
Central Committee, met here today with Tetsuo Saito, Leader of the Komeito Party of Japan.
"""
KNOWN = MemoryGazetteer([{"id": "liu-jianchao", "kind": "person", "name": "Liu Jianchao",
                          "country": "china"}])


def nothing_taken(ids: Iterable[str]) -> set[str]:
    return set()


def test_a_taken_id_is_renamed_with_every_reference() -> None:
    batch = Batch(KNOWN, lambda ids: {"japan"} & set(ids))
    result = batch.add(extract(parse_item(ITEM), batch))
    by_id = {r["id"]: r for r in result.records}
    assert "japan" not in by_id and by_id["japan-2"]["name"] == "Japan"
    assert by_id["komeito-party-of-japan"]["country"] == "japan-2"
    assert by_id["tetsuo-saito"]["country"] == "japan-2"
    assert any("'japan' is already taken" in n and "'japan-2'" in n for n in result.notes)


def test_later_items_refer_to_entities_earlier_ones_introduced() -> None:
    batch = Batch(KNOWN, nothing_taken)
    first = batch.add(extract(parse_item(ITEM), batch))
    later = ITEM.replace("April 22nd", "May 6th").replace("2025-04-23", "2025-05-07")
    second = batch.add(extract(parse_item(later), batch))
    assert {r["record"] for r in second.records} == {"source", "statement", "event"}
    event = second.of("event")[0]
    assert {p["entity"] for p in event["participants"]} >= {"tetsuo-saito",
                                                            "komeito-party-of-japan"}
    assert "tetsuo-saito" in {r["id"] for r in first.of("entity")}


def test_a_repeated_event_cites_both_items() -> None:
    batch = Batch(KNOWN, nothing_taken)
    first = batch.add(extract(parse_item(ITEM), batch))
    second = batch.add(extract(parse_item(ITEM.replace("IDCPC", "Xinhua")), batch))
    assert second.of("event") == [] and second.of("statement") == []
    sources = [c["source"] for c in first.of("event")[0]["sources"]]
    assert sources == [first.of("source")[0]["id"], second.of("source")[0]["id"]]
    assert sum("reported earlier" in n for n in second.notes) == 3
