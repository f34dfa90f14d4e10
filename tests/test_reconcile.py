"""External identifiers, attributes, same-as and added aliases: loaded, shown, exported, kept
through a rebuild, refused when malformed; load errors that lead with what matters."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import pycountry

from tests.helpers import Run


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


SOURCE = {"record": "source", "id": "notes", "title": "Research notes", "kind": "other"}
CITE = [{"source": "notes", "locator": "p. 2"}]


def _people(tmp_path: Path) -> Path:
    return _jsonl(tmp_path / "people.jsonl", [
        {"record": "dataset", "name": "people"}, SOURCE,
        {"record": "entity", "id": "v-putin", "kind": "person", "name": "Vladimir Putin",
         "identifiers": {"wikidata": "Q7747", "chinavitae": "putin-v"},
         "attributes": {"page": "leaders/putin", "rank": 1, "head": True}},
        {"record": "entity", "id": "vladmir-putin", "kind": "person", "name": "Vladmir Putin"},
        {"record": "statement", "id": "s1", "subject": "v-putin", "predicate": "description",
         "value": "A head of state", "attributes": {"coded_by": "A. B."}, "sources": CITE},
        {"record": "event", "id": "m1", "type": "meeting", "title": "Talks", "date": "2023-03",
         "participants": [{"entity": "v-putin"}, {"entity": "xi-jinping"}],
         "attributes": {"city": "Moscow", "day": 21}, "sources": CITE},
        {"record": "event", "id": "m2", "type": "meeting", "title": "Call", "date": "2023-05",
         "participants": [{"entity": "vladmir-putin"}, {"entity": "v-putin"}],
         "attributes": {"city": "Beijing"}, "sources": CITE},
    ])


def test_identifiers_resolve_and_show(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    assert cli("load", str(_people(tmp_path)), "--db", db).code == 0
    for typed in ("Q7747", "wikidata:Q7747", "chinavitae:putin-v"):
        shown = json.loads(cli("show", typed, "--json", "--db", db).out)
        assert shown["id"] == "v-putin"
        assert shown["identifiers"] == {"chinavitae": "putin-v", "wikidata": "Q7747"}
        assert shown["attributes"] == {"head": True, "page": "leaders/putin", "rank": 1}
        assert shown["statements"][0]["attributes"] == {"coded_by": "A. B."}
    table = cli("show", "v-putin", "--db", db).out
    assert "chinavitae:putin-v, wikidata:Q7747" in table and "leaders/putin" in table
    uk = pycountry.countries.get(name="United Kingdom")
    assert uk is not None
    for typed in (uk.alpha_2, f"iso3166:{uk.alpha_2}"):
        assert json.loads(cli("country", typed, "--json", "--db", db).out)["id"] == \
            "united-kingdom"
    assert cli("show", "wikidata:Q1", "--db", db).code == 1


def test_attributes_where_and_exports(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    assert cli("load", str(_people(tmp_path)), "--db", db).code == 0
    found = json.loads(cli("events", "--where", "city=Moscow", "--json", "--db", db).out)
    assert [e["id"] for e in found] == ["m1"] and found[0]["attributes"]["day"] == 21
    assert [e["id"] for e in json.loads(
        cli("events", "--where", "day=21", "--json", "--db", db).out)] == ["m1"]
    assert cli("events", "--where", "nonsense", "--db", db).code == 2
    # Repeated, every pair holds; the other commands of the event filter take it too.
    assert json.loads(cli("events", "--where", "city=Moscow", "--where", "day=22", "--json",
                          "--db", db).out) == []
    assert [i["id"] for i in json.loads(
        cli("timeline", "--where", "city=Moscow", "--json", "--db", db).out)] == ["m1"]
    exported = cli("export", "--dataset", "people", "-f", "jsonl", "--db", db).out
    assert '"identifiers":{"chinavitae":"putin-v","wikidata":"Q7747"}' in exported
    assert '"attributes":{"city":"Moscow","day":21}' in exported
    out = tmp_path / "tables.zip"
    assert cli("export", "-f", "csv", "-o", str(out), "--db", db).code == 0
    with zipfile.ZipFile(out) as zf:
        package = json.loads(zf.read("datapackage.json"))
        ids = list(csv.DictReader(zf.read("identifiers.csv").decode().splitlines()))
        for resource in package["resources"]:
            header = zf.read(resource["path"]).decode().splitlines()[0].split(",")
            assert header == [f["name"] for f in resource["schema"]["fields"]]
    assert {"entity_id": "v-putin", "scheme": "wikidata", "value": "Q7747"} in ids
    assert {r["name"] for r in package["resources"]} >= {
        "entities", "identifiers", "statements", "events", "participants", "citations"}
    assert cli("export", "-f", "csv", "-o", str(out), "--db", db).code == 2  # never replaced
    graphml = cli("graph", "-f", "graphml", "--db", db).out
    assert '<data key="id_wikidata">Q7747</data>' in graphml
    assert '<data key="start">2023-03-01</data><data key="end">2023-03-31</data>' in graphml


def test_same_as_and_alias_merge_then_unload(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    assert cli("load", str(_people(tmp_path)), "--db", db).code == 0
    merge = _jsonl(tmp_path / "merge.jsonl", [
        {"record": "dataset", "name": "merge"}, {**SOURCE, "id": "merge-notes"},
        {"record": "same_as", "ids": ["v-putin", "vladmir-putin"],
         "sources": [{"source": "merge-notes", "locator": "1"}]},
        {"record": "alias", "entity": "united-kingdom", "name": "Blighty",
         "sources": [{"source": "merge-notes", "locator": "2"}]}])
    assert cli("load", str(merge), "--db", db).code == 0
    profile = json.loads(cli("show", "Vladmir Putin", "--json", "--db", db).out)
    assert [e["id"] for e in profile["events"]] == ["m1", "m2"]  # m2 once, not twice
    related = json.loads(cli("related", "vladmir-putin", "--json", "--db", db).out)
    assert {r["id"] for r in related} == {"xi-jinping"}  # not its own other id
    net = json.loads(cli("graph", "-f", "json", "--db", db).out)
    drawn = {n["id"] for n in net["nodes"]}
    assert "v-putin" in drawn and "vladmir-putin" not in drawn  # one node, the smallest id
    assert not [e for e in net["edges"] if e["source"] == e["target"]]
    path = json.loads(cli("path", "vladmir-putin", "xi-jinping", "--json", "--db", db).out)
    assert path["length"] == 1 and path["hops"][0]["id"] == "m1"
    timeline = json.loads(cli("timeline", "vladmir-putin", "--json", "--db", db).out)
    assert [i["id"] for i in timeline] == ["m1", "m2"]
    assert [e["id"] for e in json.loads(
        cli("events", "--with", "vladmir-putin", "--json", "--db", db).out)] == ["m1", "m2"]
    assert [e["id"] for e in json.loads(cli("events", "--with", "vladmir-putin", "--with",
                                            "xi-jinping", "--json", "--db", db).out)] == ["m1"]
    assert {a["name"] for a in profile["aliases"]} == {"Vladimir Putin"} - {profile["name"]} \
        | ({"Vladmir Putin"} - {profile["name"]})
    assert json.loads(cli("show", "Blighty", "--json", "--db", db).out)["id"] == "united-kingdom"
    found = json.loads(cli("search", "Blighty", "--json", "--db", db).out)
    assert [r["id"] for r in found] == ["united-kingdom"]
    # Kept through a rebuild, exactly.
    kept = cli("export", "--dataset", "merge", "-f", "jsonl", "--db", db).out
    assert cli("db", "rebuild", "--db", db).code == 0
    assert cli("export", "--dataset", "merge", "-f", "jsonl", "--db", db).out == kept
    assert cli("unload", "merge", "--db", db).code == 0
    assert len(json.loads(cli("show", "v-putin", "--json", "--db", db).out)["events"]) == 2
    assert cli("show", "Blighty", "--db", db).code == 1
    assert json.loads(cli("search", "Blighty", "--json", "--db", db).out) == []


def test_bad_links_and_identifiers_are_listed(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    bad = _jsonl(tmp_path / "bad.jsonl", [
        SOURCE,
        {"record": "entity", "id": "x", "kind": "person", "name": "X",
         "identifiers": {"wikidata": "42", "iso3166": "ZZ"}},
        {"record": "same_as", "ids": ["xi-jinping", "china"], "sources": CITE},
        {"record": "alias", "entity": "nobody", "name": "N", "sources": CITE},
        {"record": "entity", "id": "y", "kind": "person", "name": "Y",
         "identifiers": {"Bad": "1"}},
        {"record": "same_as", "ids": ["xi-jinping", "song-tao"],
         "sources": [{"source": "unheard-of", "locator": "p. 1"}]},
        {"record": "alias", "entity": "china", "name": "Cathay",
         "sources": [{"source": "notes", "locator": "p. 3"}, {"source": "gone", "locator": "2"}]},
    ])
    result = cli("load", str(bad), "--db", db)
    assert result.code == 2
    for expected in (f"{bad}:2: identifiers: identifiers.wikidata '42': expected Q and digits",
                     "identifiers.iso3166 'ZZ': not an ISO 3166", f"{bad}:5: identifiers.Bad",
                     f"{bad}:3: ids: a same-as joins entities of one kind; found xi-jinping "
                     "(person), china (country)",
                     f"{bad}:4: entity: no entity with id 'nobody'",
                     # a link cites sources that must exist, like any other record
                     f"{bad}:6: sources[0].source: no source with id 'unheard-of'",
                     f"{bad}:7: sources[1].source: no source with id 'gone'"):
        assert expected in result.err, result.err


def test_invalid_records_come_before_a_summary_of_conflicts(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    records: list[dict[str, Any]] = [SOURCE]
    records += [{"record": "entity", "id": f"p{i}", "kind": "person", "name": f"P {i}"}
                for i in range(1500)]
    assert cli("load", str(_jsonl(tmp_path / "a.jsonl", records)), "--db", db).code == 0
    records += [{"record": "entity", "id": f"bad{i}", "kind": "persn", "name": "B"}
                for i in range(1200)]
    records.append({"record": "event", "id": "e", "type": "meeting", "title": "T",
                    "date": "2021", "sources": [{"source": "gone", "locator": "1"}]})
    result = cli("load", str(_jsonl(tmp_path / "b.jsonl", records)), "--name", "b",
                 "--db", db)
    assert result.code == 2
    lines = result.err.splitlines()
    assert "kind" in lines[1]  # an invalid record first
    assert any("no source with id 'gone'" in line for line in lines)  # not hidden by the cap
    assert lines[-1].strip().startswith("1,501 ids already exist in the database (first: "
                                        "source 'notes', entity 'p0'")
    assert "--replace" in lines[-1] and "--name" in lines[-1]


def test_a_source_cited_by_a_link_cannot_be_unloaded_from_under_it(tmp_path: Path,
                                                                    cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    notes = _jsonl(tmp_path / "notes.jsonl", [{"record": "dataset", "name": "notes"},
                                              {**SOURCE, "id": "shared-notes"}])
    links = _jsonl(tmp_path / "links.jsonl", [
        {"record": "dataset", "name": "links"},
        {"record": "same_as", "ids": ["xi-jinping", "song-tao"],
         "sources": [{"source": "shared-notes", "locator": "p. 1"}]},
        {"record": "alias", "entity": "china", "name": "Cathay",
         "sources": [{"source": "shared-notes", "locator": "p. 2"}]}])
    assert cli("load", str(notes), "--db", db).code == 0
    assert cli("load", str(links), "--db", db).code == 0
    before = cli("export", "-f", "jsonl", "--db", db).out
    refused = cli("unload", "notes", "--db", db)
    assert refused.code == 2, refused.err
    assert "a same-as record of dataset 'links' cites source 'shared-notes'" in refused.err
    assert "the alias 'Cathay' of dataset 'links' cites source 'shared-notes'" in refused.err
    assert cli("export", "-f", "jsonl", "--db", db).out == before  # nothing was changed
    assert cli("unload", "links", "--db", db).code == 0
    assert cli("unload", "notes", "--db", db).code == 0


def test_a_country_holds_what_is_based_in_any_of_its_ids(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    party = {"record": "entity", "kind": "party"}
    meeting = {"record": "event", "type": "meeting", "title": "Talks", "sources": CITE}
    data = _jsonl(tmp_path / "ruritania.jsonl", [
        {"record": "dataset", "name": "ruritania"}, SOURCE,
        {"record": "entity", "id": "ruritania", "kind": "country", "name": "Ruritania"},
        {"record": "entity", "id": "ruritania-2", "kind": "country", "name": "Rurytania"},
        {**party, "id": "green", "name": "Green League", "country": "ruritania-2"},
        {**party, "id": "blue", "name": "Blue Party", "country": "ruritania"},
        {**party, "id": "blue-2", "name": "Blue Party of Ruritania", "country": "ruritania"},
        {"record": "entity", "id": "kay", "kind": "person", "name": "Kay Rudolf"},
        {"record": "statement", "id": "kay-heads", "subject": "kay", "predicate": "head_of",
         "object": "blue-2", "start": "2019", "sources": CITE},
        {**meeting, "id": "t1", "date": "2021-03", "participants": [
            {"entity": "blue"}, {"entity": "blue-2"}, {"entity": "international-department"}]},
        {**meeting, "id": "t2", "date": "2021-05", "participants": [
            {"entity": "blue-2"}, {"entity": "green"}]},
        {"record": "same_as", "ids": ["ruritania", "ruritania-2"], "sources": CITE},
        {"record": "same_as", "ids": ["blue", "blue-2"], "sources": CITE},
    ])
    assert cli("load", str(data), "--db", db).code == 0
    based = json.loads(cli("country", "Ruritania", "--json", "--db", db).out)["based"]
    assert [(p["name"], p["events"]) for p in based["party"]] == [("Blue Party", 2),
                                                                   ("Green League", 1)]
    people = json.loads(cli("party", "Blue Party", "--json", "--db", db).out)["people"]
    assert [p["id"] for p in people] == ["kay"]  # heads the other id of the same party

