"""Officials, counterparts, parties and titles as the text names them."""

from __future__ import annotations

from idkb.extract.people import find_bare_people, find_parties, find_people
from idkb.extract.titles import names_department, office, predicate

KOMEITO = (
    "Liu Jianchao, Minister of the International Department of the CPC Central Committee, "
    "met here today with a delegation of the Komeito Party of Japan led by Tetsuo Saito, "
    "Leader of the Komeito Party of Japan."
)


def test_official_and_counterpart() -> None:
    people = find_people(KOMEITO)
    assert [(p.name, p.department) for p in people] == [
        ("Liu Jianchao", True),
        ("Tetsuo Saito", False),
    ]
    assert people[1].title == "Leader of the Komeito Party of Japan"


def test_a_date_before_a_name_does_not_hide_it() -> None:
    people = find_people("In April, Guo Yezhou, vice-minister of the International Department")
    assert [p.name for p in people] == ["Guo Yezhou"]


def test_honorifics_are_dropped() -> None:
    people = find_people("met with H.E. Mr. Cleophas Malala, secretary-general of the UDA, in")
    assert [p.name for p in people] == ["Cleophas Malala"]


def test_place_and_party_are_not_people() -> None:
    assert find_people("Beijing, capital city, hosted them.") == []


def test_parties_titles_cut_off() -> None:
    names = [p.name for p in find_parties(KOMEITO, {})]
    assert set(names) == {"Komeito Party of Japan"}


def test_abbreviation_in_brackets_names_the_party_later() -> None:
    abbreviations: dict[str, str] = {}
    find_parties("a delegation of the Workers' Party of Brazil (PT) in Beijing", abbreviations)
    assert abbreviations == {"PT": "Workers' Party of Brazil"}
    later = find_parties("led by Henrique Fontana, general secretary of PT.", abbreviations)
    assert [(p.name, p.abbreviation) for p in later] == [("Workers' Party of Brazil", "PT")]


def test_bracketed_qualifier_is_part_of_the_name() -> None:
    parties = find_parties("of the Communist Party of Nepal (Unified Marxist-Leninist).", {})
    assert parties[0].name == "Communist Party of Nepal (Unified Marxist-Leninist)"


def test_organ_of_a_party_names_the_party() -> None:
    text = "head of the Commission for External Relations of the Communist Party of Vietnam "
    text += "Central Committee, on Tuesday."
    assert [p.name for p in find_parties(text, {})] == ["Communist Party of Vietnam"]


def test_own_party_is_not_a_counterpart() -> None:
    assert find_parties("the Communist Party of China (CPC) Central Committee", {}) == []


def test_a_list_of_parties() -> None:
    text = "delegates from the Nepali Congress, the Awami League of Bangladesh and the "
    text += "Sri Lanka Podujana Peramuna taking part."
    names = [p.name for p in find_parties(text, {})]
    assert names == ["Nepali Congress", "Awami League of Bangladesh", "Sri Lanka Podujana Peramuna"]


def test_two_parties_joined_by_and() -> None:
    text = "a joint delegation of the Communist Party of Brazil and the Communist Party of Chile"
    names = [p.name for p in find_parties(text + " in Beijing.", {})]
    assert names == ["Communist Party of Brazil", "Communist Party of Chile"]


def test_a_party_the_database_knows_without_a_party_word() -> None:
    text = "Dmitry Medvedev, Chairman of United Russia."
    assert find_parties(text, {}) == []
    found = find_parties(text, {}, lambda name: name == "United Russia")
    assert [p.name for p in found] == ["United Russia"]


def test_bare_name_in_a_letter() -> None:
    text = "sent a congratulatory letter today to Anura Kumara Dissanayake on his re-election"
    assert [p.name for p in find_bare_people(text, [])] == ["Anura Kumara Dissanayake"]
    assert find_bare_people("met with Communist Party of Chile in Beijing", []) == []


def test_titles() -> None:
    assert names_department("head of the International Department of the CPC Central Committee")
    assert names_department("Vice-minister of the International Liaison Department")
    assert names_department("head of the International Department of the Communist Party of "
                            "China Central Committee")
    assert not names_department("director of the International Department of the Central "
                                "Committee of the Workers' Party of Korea")
    assert not names_department("head of the International Department of the CPSU")
    assert predicate("Minister of the International Department") == "head_of"
    assert predicate("Vice-minister of the International Department") == "deputy_head_of"
    assert predicate("Assistant Minister of the International Department") == "works_for"
    assert predicate("general secretary of the South African Communist Party") == "head_of"
    assert predicate("Secretary for International Relations of the PSOE") == "member_of"
    assert office("Leader of the Komeito Party of Japan") == "Leader"
