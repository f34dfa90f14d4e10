"""Whole items to load-format records: validity, known entities, events, statements, notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from idkb.extract import Extraction, Item, MemoryGazetteer, extract

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "data" / "seed.json").read_text())["entities"]
KNOWN = json.loads((ROOT / "tests" / "extract_corpus" / "known.json").read_text())["entities"]
GAZ = MemoryGazetteer([*SEED, *KNOWN])


def run(text: str, published: str = "2025-04-23", **kw: str) -> Extraction:
    item = Item(text=text, url="https://x.org/1", publisher="IDCPC", published=published,
                title=kw.get("title", "An item"))
    return extract(item, GAZ)


def assert_loadable(records: list[dict[str, Any]]) -> None:
    """Every record passes the load-format models and refers only to ids that exist."""
    from idkb.core.model import RECORD_MODELS

    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    known = set(ids) | set(GAZ.by_id)
    for r in records:
        RECORD_MODELS[r["record"]].model_validate({k: v for k, v in r.items() if k != "record"})
        refs = [c["source"] for c in r.get("sources", [])]
        refs += [p["entity"] for p in r.get("participants", [])]
        refs += [r[k] for k in ("country", "location_country", "subject", "object") if r.get(k)]
        assert set(refs) <= known, r


def event_people(event: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["entity"], p["role"]) for p in event["participants"]]


KOMEITO = """Beijing, April 22nd—Liu Jianchao, Minister of the International Department of the \
CPC Central Committee, met here today with a delegation of the Komeito Party of Japan led by \
Tetsuo Saito, Leader of the Komeito Party of Japan.

Liu said the two parties should deepen exchanges."""


def test_meeting_records() -> None:
    x = run(KOMEITO)
    assert_loadable(x.records)
    assert x.records[0]["record"] == "source"
    (event,) = x.events
    assert event["type"] == "meeting"
    assert event["date"] == "2025-04-22"
    assert event["location"] == "Beijing"
    assert event["location_country"] == "china"
    assert event["sources"] == [{"source": x.records[0]["id"], "locator": "para 1"}]
    assert event_people(event) == [
        ("liu-jianchao", "participant"),
        ("international-department", "participant"),
        ("komeito-party-of-japan", "counterpart"),
        ("tetsuo-saito", "counterpart"),
    ]
    assert x.notes == []


def test_known_entities_are_not_repeated_new_ones_are() -> None:
    x = run(KOMEITO)
    new = {r["id"]: r for r in x.of("entity")}
    assert set(new) == {"japan", "komeito-party-of-japan", "tetsuo-saito"}
    assert new["tetsuo-saito"]["country"] == "japan"
    assert new["komeito-party-of-japan"]["kind"] == "party"


def test_statements_dated_as_of_the_event() -> None:
    x = run(KOMEITO)
    got = {(s["subject"], s["predicate"], s["object"], s["title"], s["as_of"])
           for s in x.of("statement")}
    assert got == {
        ("liu-jianchao", "head_of", "international-department", "Minister", "2025-04-22"),
        ("tetsuo-saito", "head_of", "komeito-party-of-japan", "Leader", "2025-04-22"),
    }


def test_output_is_deterministic() -> None:
    assert run(KOMEITO).records == run(KOMEITO).records


def test_name_order_and_accents_match_the_gazetteer() -> None:
    text = ("BEIJING, July 5 (Xinhua) -- Jianchao LIU, head of the International Department of "
            "the CPC Central Committee, met with Mr. Sông Nam Kim, director of the International "
            "Department of the Central Committee of the Workers' Party of Korea, in Beijing on "
            "Friday.")
    x = run(text, "2024-07-06")
    assert_loadable(x.records)
    assert x.of("entity") == []
    (event,) = x.events
    assert event["date"] == "2024-07-05"
    roles = dict(event_people(event))
    assert roles["liu-jianchao"] == "participant"
    assert roles["kim-song-nam"] == "counterpart"
    assert roles["workers-party-of-korea"] == "counterpart"
    heads = {s["subject"]: s["object"] for s in x.of("statement")}
    assert heads == {"liu-jianchao": "international-department",
                     "kim-song-nam": "workers-party-of-korea"}


def test_separate_meetings_are_separate_events() -> None:
    text = ("BEIJING, April 18 (Xinhua) -- Liu Jianchao, head of the International Department "
            "of the CPC Central Committee, met with a delegation led by Solly Mapaila, general "
            "secretary of the South African Communist Party, in Beijing on Tuesday. Liu met "
            "separately with a group led by Weerasinghe Geeganage, general secretary of the "
            "Communist Party of Sri Lanka, on the same day.")
    x = run(text, "2023-04-19")
    assert_loadable(x.records)
    assert [e["date"] for e in x.events] == ["2023-04-18", "2023-04-18"]
    assert len({e["id"] for e in x.events}) == 2
    second = dict(event_people(x.events[1]))
    assert "communist-party-of-sri-lanka" in second
    assert "south-african-communist-party" not in second
    assert second["liu-jianchao"] == "participant"


def test_visit_is_one_event_and_its_dated_meeting_another() -> None:
    text = """Vientiane, April 15th—At the invitation of the Lao People's Revolutionary Party, \
a CPC delegation led by Sun Haiyan, Vice-minister of the International Department of the CPC \
Central Committee, visited Laos from April 12 to 14.

During the visit, the delegation met with Thongsavanh Phomvihane, head of the External Relations \
Commission of the Lao People's Revolutionary Party Central Committee.

On April 13, Sun met with Sonexay Siphandone, Prime Minister of Laos, in Vientiane."""
    x = run(text, "2024-04-16")
    assert_loadable(x.records)
    visit, meeting = x.events
    assert (visit["type"], visit["date"]) == ("visit", "2024-04-12/2024-04-14")
    assert visit["location_country"] == "laos"
    assert "thongsavanh-phomvihane" in dict(event_people(visit))
    assert (meeting["type"], meeting["date"]) == ("meeting", "2024-04-13")
    assert meeting["sources"][0]["locator"] == "para 3"


def test_video_phone_and_letter_have_no_place() -> None:
    shapes = {
        "held talks via video link with": "video-call",
        "had a phone call with": "phone-call",
        "sent a congratulatory letter to": "letter",
    }
    for verb, kind in shapes.items():
        text = (f"BEIJING, Sept. 20 (Xinhua) -- Liu Jianchao, head of the International "
                f"Department of the CPC Central Committee, {verb} Fikile Mbalula, "
                f"secretary-general of the African National Congress, on Friday.")
        (event,) = run(text, "2024-09-21").events
        assert event["type"] == kind
        assert event["date"] == "2024-09-20"
        assert "location" not in event
        assert ("anc", "counterpart") in event_people(event)


def test_undated_contact_is_marked_not_guessed() -> None:
    text = ("Liu Jianchao, head of the International Department of the CPC Central Committee, "
            "met with Solly Mapaila, general secretary of the South African Communist Party.")
    x = run(text, "2023-04-19")
    assert_loadable(x.records)
    (event,) = x.events
    assert event["date"] == "[..2023-04-19]"
    assert "location" not in event
    assert any("date not stated" in n for n in x.notes)
    assert any("place not stated" in n for n in x.notes)


def test_unknown_country_of_a_party_is_left_out_and_noted() -> None:
    text = ("Beijing, June 2nd—Liu Jianchao, Minister of the International Department of the "
            "CPC Central Committee, met here today with Katerina Konecna, chairwoman of the "
            "Communist Party of Bohemia and Moravia.")
    x = run(text, "2023-06-03")
    assert_loadable(x.records)
    party = next(r for r in x.of("entity") if r["kind"] == "party")
    assert "country" not in party
    assert f"party 'Communist Party of Bohemia and Moravia' ({party['id']}): country not stated" \
        in x.notes


def test_no_contact() -> None:
    text = ("Beijing, January 31st—The International Department of the CPC Central Committee "
            "issued its annual review. Liu said the year had been busy.")
    x = run(text, "2024-02-01")
    assert x.events == []
    assert "no contact found" in x.notes
    assert_loadable(x.records)


def test_speech_is_not_a_contact() -> None:
    text = KOMEITO + "\n\nLiu said he met Saito's predecessor in Tokyo last year."
    assert len(run(text).events) == 1


def test_empty_item() -> None:
    x = extract(Item(text=""), GAZ)
    assert x.events == []
    assert_loadable(x.records)


def test_meeting_the_visiting_delegation_names_it() -> None:
    text = """BEIJING, June 13 (Xinhua) -- A delegation of the African National Congress (ANC) \
led by Nomvula Mokonyane, first deputy secretary-general of the ANC, visited China from \
Wednesday to Friday.

Liu Haixing, head of the International Department of the CPC Central Committee, met with the \
delegation in Beijing on Thursday."""
    x = run(text, "2025-06-14")
    assert_loadable(x.records)
    visit, meeting = x.events
    assert visit["date"] == "2025-06-11/2025-06-13"
    assert meeting["date"] == "2025-06-12"
    assert {"anc", "nomvula-mokonyane", "liu-haixing"} <= set(dict(event_people(meeting)))
    person = next(r for r in x.of("entity") if r["id"] == "nomvula-mokonyane")
    assert person["country"] == "south-africa"  # the known party's country
    (deputy,) = [s for s in x.of("statement") if s["subject"] == "nomvula-mokonyane"]
    assert (deputy["predicate"], deputy["as_of"]) == ("deputy_head_of", "2025-06-11/2025-06-13")
    assert deputy["sources"][0]["locator"] == "para 1"
