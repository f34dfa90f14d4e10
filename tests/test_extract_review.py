"""Cases a review of `idkb extract` found wrong, each written as the behaviour it should have."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from idkb.core import vocab
from idkb.extract import Extraction, Item, MemoryGazetteer, extract
from idkb.extract import gazetteer as extract_gazetteer
from idkb.extract.kinds import KINDS
from idkb.extract.titles import predicate
from idkb.query import gazetteer as query_gazetteer
from tests.test_extract_corpus import scorer

ROOT = Path(__file__).resolve().parent.parent
SEED = json.loads((ROOT / "data" / "seed.json").read_text())
KNOWN = json.loads((ROOT / "tests" / "extract_corpus" / "known.json").read_text())["entities"]
GAZ = MemoryGazetteer([*SEED["entities"], *KNOWN])
LIU = "Liu Haixing, head of the International Department of the CPC Central Committee,"


def run(text: str, published: str, title: str | None = "An item") -> Extraction:
    item = Item(text=text, url="https://x.org/1", publisher="IDCPC", published=published,
                title=title)
    return extract(item, GAZ)


def triples(x: Extraction) -> set[tuple[str, str, str]]:
    return {(s["subject"], s["predicate"], s["object"]) for s in x.of("statement")}


def parts(event: dict[str, Any]) -> set[str]:
    return {p["entity"] for p in event["participants"]}


# 1. A department, commission or committee of a party is not the party.

@pytest.mark.parametrize(("title", "expected"), [
    ("Director of the International Department of the Central Committee of the Workers' "
     "Party of Korea", "member_of"),
    ("Head of the Commission for External Relations of the Communist Party of Vietnam",
     "member_of"),
    ("Chairman of the Communist Party of Vietnam's foreign affairs commission", "member_of"),
    ("General Secretary of the Lao People's Revolutionary Party Central Committee", "head_of"),
    ("Chairman of the Central Committee of the Socialist Party of Serbia", "head_of"),
    ("Vice President of the Socialist Party of Serbia", "deputy_head_of"),
])
def test_a_title_in_a_body_of_the_party_is_membership(title: str, expected: str) -> None:
    assert predicate(title, of_party=True) == expected


def test_a_director_of_a_partys_department_does_not_head_the_party() -> None:
    x = run(f"Beijing, June 2nd—{LIU} met here today with Pak Chol Jin, Director of the "
            "Organisation Department of the Central Committee of the Workers' Party of Korea.",
            "2026-06-03")
    assert ("pak-chol-jin", "member_of", "workers-party-of-korea") in triples(x)
    assert not any(p == "head_of" and s == "pak-chol-jin" for s, p, _ in triples(x))


# 2. Xinhua's bare weekday: "met here Thursday".

def test_a_bare_weekday_dates_the_meeting() -> None:
    x = run(f"BEIJING, May 8 (Xinhua) -- {LIU} met here Thursday with Ana Duarte, leader of "
            "the Broad Front of Uruguay.", "2026-05-09")
    (event,) = x.events
    assert event["date"] == "2026-05-07"  # 8 May 2026 is a Friday
    assert not any("dateline's day used" in n for n in x.notes)


# 3. "met separately with A, of P1, and B, of P2": each with their own party.

def test_separate_meetings_keep_their_own_parties() -> None:
    x = run(f"Beijing, May 8th—{LIU} met separately with Rosa Vidal, President of the "
            "Socialist Party of Chile, and Tomas Rivas, Secretary General of the Communist "
            "Party of Chile, here today.\n\nSong Tao also met with the delegation on the same "
            "day.", "2026-05-09")
    first, second = x.events
    assert {"socialist-party-of-chile", "rosa-vidal"} <= parts(first)
    assert "communist-party-of-chile" not in parts(first)
    assert {"communist-party-of-chile", "tomas-rivas"} <= parts(second)
    assert "socialist-party-of-chile" not in parts(second)
    assert second["title"].endswith("Communist Party of Chile")
    assert any(n.startswith("para 2:") and "left out" in n for n in x.notes)


# 4. A sentence about another time keeps its own date.

def test_a_past_year_is_the_year_and_not_the_dateline() -> None:
    x = run(f"Beijing, March 9th—{LIU} met here today with Kenji Mori, Leader of the Komeito "
            "Party of Japan.\n\nIn 2025, Liu had visited Japan.", "2026-03-10")
    assert [e["date"] for e in x.events] == ["2026-03-09", "2025"]


def test_a_past_perfect_contact_without_a_date_is_not_given_the_datelines_day() -> None:
    x = run(f"Beijing, March 9th—{LIU} met here today with Kenji Mori, Leader of the Komeito "
            "Party of Japan.\n\nLiu had earlier visited Japan.", "2026-03-10")
    assert "2026-03-09" not in [e["date"] for e in x.events[1:]]


# 8. Courtesy titles, a sentence's full stop, a possessive.

def test_names_lose_courtesy_titles_full_stops_and_possessives() -> None:
    x = run(f"Beijing, June 2nd—{LIU} met here today with H.E. Mr. Tao Song and with "
            "Rosa Vidal, President of the Socialist Party of Chile.\n\nOn June 1, Liu met "
            "with Kenji Mori.\n\nOn May 30, Liu had a phone call with Tran Van Long, Chairman "
            "of the Communist Party of Vietnam's foreign affairs commission.", "2026-06-03")
    ids = {r["id"] for r in x.of("entity")}
    assert "mr" not in ids and "song-tao" in parts(x.events[0])
    assert {r["name"] for r in x.of("entity")} >= {"Kenji Mori"}
    assert "communist-party-of-vietnam" in parts(x.events[2])
    assert "communist-party-of-vietnams" not in ids


# 9. A title given during a visit of several days is as precise as the visit.

def test_a_statement_during_a_visit_keeps_the_visits_interval() -> None:
    x = run("Vientiane, April 14th—A CPC delegation led by Liu Haixing, head of the "
            "International Department of the CPC Central Committee, visited Laos from April 11 "
            "to 14. During the visit, Liu met with Somphone Keo, General Secretary of the Lao "
            "People's Revolutionary Party.", "2026-04-15")
    as_of = {s["subject"]: s["as_of"] for s in x.of("statement")}
    assert as_of == {"liu-haixing": "2026-04-11/2026-04-14",
                     "somphone-keo": "2026-04-11/2026-04-14"}


# 10. A known party written "X (COUNTRY)" in the database.

@pytest.mark.parametrize("party", ["Republican Party of Chile", "Republican Party"])
def test_a_known_party_is_found_by_its_country(party: str) -> None:
    x = run(f"Beijing, March 4th—{LIU} met here today with a delegation of the {party} led by "
            f"Ruth Hurtado, General Secretary of the {party}.", "2026-03-05")
    assert not any(r["kind"] == "party" for r in x.of("entity"))
    assert {"republican-party-chile", "ruth-hurtado"} <= parts(x.events[0])
    assert ("ruth-hurtado", "head_of", "republican-party-chile") in triples(x)


# 12. One vocabulary of event types.

def test_event_types_are_said_once() -> None:
    assert set(KINDS) <= set(vocab.EVENT_TYPES)
    assert {e["type"] for e in SEED["events"]} <= set(vocab.EVENT_TYPES)
    assert "video-conference" not in vocab.EVENT_TYPES


# 13. Places and people the text gives.

def test_a_visit_takes_the_datelines_city_in_the_visited_country() -> None:
    x = run("Hanoi, January 2nd—A CPC delegation led by Liu Haixing, head of the "
            "International Department of the CPC Central Committee, visited Vietnam from "
            "December 30 to January 2 at the invitation of the Communist Party of Vietnam.",
            "2026-01-03")
    (visit,) = x.events
    assert (visit["location"], visit["location_country"]) == ("Hanoi", "vietnam")
    assert not any("place not stated" in n for n in x.notes)


def test_a_leader_named_after_its_title_is_a_counterpart() -> None:
    x = run(f"BEIJING, Dec. 31 (Xinhua) -- {LIU} met here Wednesday with a delegation of the "
            "Labour Party of Ireland led by its general secretary Niamh Byrne.", "2026-01-02")
    assert "niamh-byrne" in parts(x.events[0])
    assert ("niamh-byrne", "head_of", "labour-party-of-ireland") in triples(x)


def test_an_item_without_a_title_is_titled_by_its_first_contact() -> None:
    x = run(f"Beijing, Dec. 31—{LIU} met here today with Niamh Byrne, General Secretary of "
            "the Labour Party of Ireland.", "2026-01-02", title=None)
    (source,) = x.of("source")
    assert source["title"] == x.events[0]["title"] == "Liu Haixing meets Labour Party of Ireland"
    assert any("no title given" in n for n in x.notes)


# 14. The scorer scores statements.

def test_the_scorer_scores_statements_and_the_corpus_has_the_new_shapes() -> None:
    module = scorer()
    x = run(f"Beijing, June 2nd—{LIU} met here today with Niamh Byrne, General Secretary of "
            "the Labour Party of Ireland.", "2026-06-03")
    got = module.observed(x.records, GAZ)["statements"]
    assert "niamh-byrne head_of labour-party-of-ireland" in got
    held = [json.loads(p.read_text()) for p in (ROOT / "tests" / "extract_corpus" / "held")
            .glob("*.expected.json")]
    assert any("member_of" in s for e in held for s in e.get("statements", []))


# 16. extract imports nothing else of idkb, and the import linter says so.

def test_an_import_contract_keeps_extract_apart() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    forbidden = [c for c in contracts if c["type"] == "forbidden"
                 and c["source_modules"] == ["idkb.extract"]]
    assert forbidden and set(forbidden[0]["forbidden_modules"]) == {
        "idkb.core", "idkb.store", "idkb.load", "idkb.query", "idkb.render", "idkb.cli"}


# 17. The engine's and the database's name comparisons agree.

TRICKY = ["Lao People’s Revolutionary Party", "Workers' Party of Korea", "H.E. Mr. Kim Song-Nam",
          "Sóng  TAO", "Comrade Thongloun Sisoulith", "Partido dos Trabalhadores (PT)",
          "ZANU-PF", "His Excellency Dr. Ana_Duarte", "Dr.Who", "Mme Élise d'Arc", "刘海星",
          "Prof. Madam Hon. Jane O'Neill-Smith"]


@pytest.mark.parametrize("name", TRICKY)
def test_the_two_name_foldings_agree(name: str) -> None:
    assert extract_gazetteer.name_key(name) == query_gazetteer.fold(name)


@pytest.mark.parametrize("name", TRICKY)
def test_the_two_courtesy_rules_agree(name: str) -> None:
    assert extract_gazetteer.HONORIFICS.sub("", name) == query_gazetteer._COURTESY.sub("", name)


# 24. Titles use the database's spelling.

def test_event_titles_use_the_known_name() -> None:
    x = run("Beijing, June 2nd—Haixing Liu, head of the International Department of the CPC "
            "Central Committee, met here today with Niamh Byrne, General Secretary of the "
            "Labour Party of Ireland.", "2026-06-03")
    assert x.events[0]["title"].startswith("Liu Haixing meets")


# 19. No dead code in the engine: every function and method it defines is used in idkb.

def test_every_function_of_the_engine_is_used() -> None:
    import ast

    src = ROOT / "src" / "idkb"
    texts = {p: p.read_text() for p in src.rglob("*.py")}
    unused = []
    for path in (src / "extract").glob("*.py"):
        for node in ast.walk(ast.parse(texts[path])):
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("__"):
                continue
            uses = sum(text.count(node.name) for text in texts.values())
            if uses < 2:  # its own definition only
                unused.append(f"{path.name}:{node.name}")
    assert unused == []


# 17 (end). The command writes its JSON document in the vocabulary's order of record kinds.

def test_the_command_takes_record_kinds_from_the_vocabulary() -> None:
    from idkb.cli.actions import extract as action

    assert not hasattr(action, "_LISTS")
