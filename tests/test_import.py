"""`idkb import`: a synthetic 5,000-row engagement table comes in with a mapping and no code,
its counts match the table, its duplicates are found and merged, and unloading restores the
database exactly."""

from __future__ import annotations

import csv
import json
import random
import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest
from bench.reconcile import MAPPING

from tests.helpers import Run, checksums

# Spellings as a public engagement table has them -> the person they denote. Spellings that
# fold to one name ("Putin, Vladimir") are matched on import; the others are duplicates
# that `idkb dupes` must find.
LEADERS = {
    "Vladimir Putin": "putin", "Putin, Vladimir": "putin", "Vladmir Putin": "putin",
    "Sergey Lavrov": "lavrov", "Sergei Lavrov": "lavrov",
    "Lee Myung-bak": "lee", "Myung-bak Lee": "lee",
    "Rishi Sunak": "sunak", "Keir Starmer": "starmer",
    "Emmanuel Macron": "macron",
}
COUNTRY = {"putin": "Russia", "lavrov": "Russia", "lee": "South Korea",
           "sunak": "England", "starmer": "England", "macron": "France"}
FOLDED_TOGETHER = {"Putin, Vladimir": "Vladimir Putin"}  # one entity on import already



def engagement_table(path: Path, rows: int = 5000) -> list[dict[str, str]]:
    rng = random.Random(13)
    spellings = sorted(LEADERS)
    out = []
    for _ in range(rows):
        day = date(2013, 1, 1) + timedelta(days=rng.randrange(3650))
        leader = rng.choice(spellings)
        out.append({"date": day.strftime("%m/%d/%y"), "year": str(day.year),
                    "country": COUNTRY[LEADERS[leader]], "leader": leader,
                    "text": f"Talks on trade and culture, entry {rng.randrange(10**6)}"})
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["date", "year", "country", "leader", "text"])
        writer.writeheader()
        writer.writerows(out)
    return out


def _alias_dataset(tmp_path: Path) -> Path:
    path = tmp_path / "names.jsonl"
    lines = [{"record": "dataset", "name": "names"},
             {"record": "source", "id": "names-notes", "title": "Naming notes", "kind": "other"},
             {"record": "alias", "entity": "united-kingdom", "name": "England",
              "sources": [{"source": "names-notes", "locator": "note 1"}]}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def _count(cli: Run, db: str, *args: str) -> int:
    result = cli("events", *args, "--json", "--db", db)
    assert result.code == 0, result.err
    return len(json.loads(result.out))


def test_an_import_checked_in_a_second_process_writes_the_same(tmp_path: Path,
                                                                cli: Run) -> None:
    table = tmp_path / "engagements.csv"
    engagement_table(table, rows=400)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    found = []
    for apart in ("0", "1"):
        db = tmp_path / f"kb-{apart}.db"
        done = cli("import", str(table), "--map", str(tmp_path / "map.toml"), "--db", str(db),
                   env={"IDKB_LOAD_APART": apart})
        assert done.code == 0, done.err
        kept = (tmp_path / f"kb-{apart}.db.datasets" / "engagements.jsonl").read_text("utf-8")
        with closing(sqlite3.connect(db)) as conn:  # all but the time of loading
            listed = conn.execute("SELECT name, title, file, sha256, sources, entities, "
                                  "statements, events FROM datasets ORDER BY name").fetchall()
        content = {t: s for t, s in _content(db).items() if t != "datasets"}
        found.append((done.out, content, listed, kept.splitlines()[1:]))
    assert found[0] == found[1]


def test_engagements_import_dedupe_and_unload(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "engagements.csv"
    rows = engagement_table(table)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    assert cli("datasets", "--db", db).code == 0
    before = checksums(Path(db))
    meta_before = _meta(Path(db))
    uk_before = _count(cli, db, "--with", "united-kingdom")
    known_countries = set(_seed_country_names(cli, db))

    assert cli("load", str(_alias_dataset(tmp_path)), "--db", db).code == 0
    result = cli("import", str(table), "--map", str(tmp_path / "map.toml"), "--db", db)
    assert result.code == 0, result.err

    # Counts match the table: one event per row, one entity per spelling that does not fold
    # into another, and the table's "England" is the seed's United Kingdom.
    info = {d["name"]: d for d in json.loads(cli("datasets", "--json", "--db", db).out)}
    spellings = set(LEADERS) - set(FOLDED_TOGETHER)
    assert info["engagements"]["events"] == len(rows)
    assert info["engagements"]["sources"] == 1
    by_leader = Counter(r["leader"] for r in rows)
    putin_rows = by_leader["Vladimir Putin"] + by_leader["Putin, Vladimir"]
    assert _count(cli, db, "--with", "Vladimir Putin") == putin_rows
    assert _count(cli, db, "--with", "united-kingdom") == uk_before + sum(
        1 for r in rows if r["country"] == "England")
    assert _count(cli, db, "--where", "year=2015") == sum(1 for r in rows if r["year"] == "2015")
    new = info["engagements"]["entities"]
    expected_new = len(spellings) + len(set(COUNTRY.values()) - known_countries - {"England"})
    assert new == expected_new

    # The duplicates are found, and a same-as dataset merges them.
    found = json.loads(cli("dupes", "--kind", "person", "--json", "--db", db).out)
    pairs = {frozenset((p["a"]["name"], p["b"]["name"])) for p in found}
    assert frozenset(("Vladimir Putin", "Vladmir Putin")) in pairs
    assert frozenset(("Sergey Lavrov", "Sergei Lavrov")) in pairs
    assert frozenset(("Lee Myung-bak", "Myung-bak Lee")) in pairs
    merge = tmp_path / "merge.jsonl"
    records = cli("dupes", "--kind", "person", "--records", "--source", "merge-notes",
                  "--db", db).out
    merge.write_text(json.dumps({"record": "source", "id": "merge-notes",
                                 "title": "Reconciliation notes", "kind": "other"}) + "\n"
                     + records, encoding="utf-8")
    result = cli("load", str(merge), "--db", db)
    assert result.code == 0, result.err
    all_putin = putin_rows + by_leader["Vladmir Putin"]
    assert _count(cli, db, "--with", "Vladmir Putin") == all_putin
    assert _count(cli, db, "--with", "Vladimir Putin") == all_putin
    profile = json.loads(cli("person", "Sergei Lavrov", "--json", "--db", db).out)
    assert profile["event_count"] == by_leader["Sergey Lavrov"] + by_leader["Sergei Lavrov"]
    assert {a["name"] for a in profile["aliases"]} >= {"Sergey Lavrov"} - {profile["name"]}
    assert json.loads(cli("dupes", "--kind", "person", "--json", "--db", db).out) == [
        p for p in found if frozenset((p["a"]["name"], p["b"]["name"])) not in pairs]

    for name in ("merge", "engagements", "names"):
        assert cli("unload", name, "--db", db).code == 0
    assert _content(Path(db)) == _content_of(before)
    assert _meta(Path(db)) == meta_before


def _content_of(sums: dict[str, str]) -> dict[str, str]:
    # The stamp of the last change (meta.kept_txn) and the full-text indexes' internal
    # segments (their layout follows the order of writes) may differ; every row of data may
    # not, and the indexed rows themselves are compared as `search_index`, `entities` and
    # `events`.
    return {t: s for t, s in sums.items() if t != "meta" and not t.startswith("search_index_fts")
            and not t.endswith(("_fts_data", "_fts_idx"))}


def _content(path: Path) -> dict[str, str]:
    return _content_of(checksums(path))


def _meta(path: Path) -> dict[str, str]:
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT key, value FROM meta WHERE key != 'kept_txn'"))


def _seed_country_names(cli: Run, db: str) -> list[str]:
    out = cli("sql", "SELECT name FROM entities WHERE kind = 'country'", "--json", "--db", db)
    return [r["name"] for r in json.loads(out.out)]


def test_dry_run_reports_and_writes_nothing(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.csv"
    engagement_table(table, rows=20)
    with table.open("a", encoding="utf-8") as f:
        f.write("13/45/19,2019,Russia,Vladimir Putin,bad date\n\n")
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    cli("datasets", "--db", db)
    before = checksums(Path(db))
    result = cli("import", str(table), "--map", str(tmp_path / "map.toml"), "--dry-run",
                 "--db", db)
    assert result.code == 2
    assert checksums(Path(db)) == before
    assert f"{table}: 22 rows; would import 20 records" in result.out
    assert "1 empty rows, skipped: 22" in result.out
    assert f"{table} row 21, column 'date': '13/45/19' does not match the format %m/%d/%y" \
        in result.out
    assert "Vladimir Putin (person, new id vladimir-putin" in result.out
    real = cli("import", str(table), "--map", str(tmp_path / "map.toml"), "--db", db)
    assert real.code == 2 and "row 21, column 'date'" in real.err
    assert checksums(Path(db)) == before


def test_bad_mappings_are_listed_with_where(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.csv"
    engagement_table(table, rows=3)
    bad = MAPPING.replace('column = "date"', 'column = "day"').replace(
        'kind = "country"', 'kind = "nation"').replace('role = "guest"', 'role = "visitor"')
    (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
    result = cli("import", str(table), "--map", str(tmp_path / "bad.toml"), "--db", db)
    assert result.code == 2
    assert "participants.0.role" in result.err and "participants.1.kind" in result.err
    fixed = bad.replace('"nation"', '"country"').replace('"visitor"', '"guest"')
    (tmp_path / "bad.toml").write_text(fixed, encoding="utf-8")
    result = cli("import", str(table), "--map", str(tmp_path / "bad.toml"), "--db", db)
    assert result.code == 2
    assert "events.date.column: no column 'day' in" in result.err
    assert "columns: date, year, country, leader, text" in result.err
    assert cli("datasets", "--json", "--db", db).out.count('"name"') == 1  # the seed only


def test_entity_table_in_tsv_with_a_json_mapping(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "people.tsv"
    table.write_text("name\tqid\tcountry\tkind\n"
                     "Ada Example\tQ42\tEngland\tperson\n"
                     "Bo Example\tX9\tMorocco\tperson\n"
                     "Cy Example\t\tMorocco\tpersonne\n", encoding="utf-8")
    mapping = {"source": {"id": "people-list", "title": "A list of people"},
               "entities": {"name": {"column": "name"}, "kind": {"column": "kind"},
                            "country": {"column": "country",
                                        "map": {"England": "United Kingdom"}},
                            "identifiers": {"wikidata": "qid"}, "id_prefix": "pl"}}
    (tmp_path / "map.json").write_text(json.dumps(mapping), encoding="utf-8")
    result = cli("import", str(table), "--map", str(tmp_path / "map.json"), "--db", db)
    assert result.code == 2
    assert f"{table} row 2, column 'qid': " in result.err and "X9" in result.err
    assert f"{table} row 3, column 'kind': unknown kind 'personne'" in result.err
    table.write_text("name\tqid\tcountry\tkind\nAda Example\tQ42\tEngland\tperson\n"
                     "Song Tao\t\tChina\tperson\n", encoding="utf-8")
    result = cli("import", str(table), "--map", str(tmp_path / "map.json"), "--db", db)
    assert result.code == 0, result.err
    assert "'Song Tao' is 'Song Tao' (song-tao) from the database; no new record" in result.err
    ada = json.loads(cli("show", "Q42", "--json", "--db", db).out)
    assert (ada["id"], ada["country"]["id"]) == ("pl-ada-example", "united-kingdom")


def _meetings_mapping(attributes: str) -> str:
    """A mapping for a JSON Lines table of meetings: `when`, `who` (names split at ";") and
    the attribute columns named."""
    return f"""
[source]
id = "t-src"
title = "A table"
[events]
date = {{ column = "when", format = "iso" }}
type = "meeting"
title = "Meeting"
attributes = [{attributes}]
[[participants]]
column = "who"
kind = "person"
separator = ";"
"""


def test_jsonl_table_keeps_typed_attributes(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.jsonl"
    table.write_text(json.dumps({"when": "2021-04", "who": "Song Tao; Xi Jinping",
                                 "n": 3, "ok": True}) + "\n", encoding="utf-8")
    (tmp_path / "m.toml").write_text(_meetings_mapping('"n", "ok"'), encoding="utf-8")
    assert cli("import", str(table), "--map", str(tmp_path / "m.toml"), "--db", db).code == 0
    event = json.loads(cli("events", "--where", "ok=true", "--json", "--db", db).out)[0]
    assert event["attributes"] == {"n": 3, "ok": True} and event["date"] == "2021-04"
    assert [p["id"] for p in event["participants"]] == ["song-tao", "xi-jinping"]
    assert event["sources"] == [{"source": "t-src", "locator": "row 1", "note": None}]


def test_the_same_import_twice_changes_nothing_and_replace_updates(tmp_path: Path,
                                                                    cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.csv"
    engagement_table(table, rows=10)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    args = ("import", str(table), "--map", str(tmp_path / "map.toml"), "--db", db)
    assert cli(*args).code == 0
    again = cli(*args)
    assert again.code == 0 and "already loaded as dataset 'engagements'; nothing changed" \
        in again.err and "imported" not in again.err
    engagement_table(table, rows=12)
    refused = cli(*args)
    assert refused.code == 2 and "--replace" in refused.err
    assert cli(*args, "--replace").code == 0
    info = {d["name"]: d for d in json.loads(cli("datasets", "--json", "--db", db).out)}
    assert info["engagements"]["events"] == 12


def test_participants_matched_by_external_ids(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.csv"
    table.write_text("date,who,qid\n2021-04-01,Xi,Q15031\n2021-05-01,Ada Example,Q42\n"
                     "2021-06-01,A. Example,Q42\n2021-07-01,Bo,Q0x\n", encoding="utf-8")
    (tmp_path / "ids.jsonl").write_text(
        json.dumps({"record": "entity", "id": "xi-jinping", "kind": "person",
                    "name": "Xi Jinping", "identifiers": {"wikidata": "Q15031"}}) + "\n",
        encoding="utf-8")
    assert cli("load", str(tmp_path / "ids.jsonl"), "--replace", "--db", db).code == 0
    (tmp_path / "m.toml").write_text("""
[source]
id = "t-src"
title = "A table"
[events]
date = { column = "date", format = "iso" }
type = "meeting"
title = { template = "Meeting with {who}" }
[[participants]]
column = "who"
kind = "person"
identifiers = { wikidata = "qid" }
""", encoding="utf-8")
    bad = cli("import", str(table), "--map", str(tmp_path / "m.toml"), "--db", db)
    assert bad.code == 2 and "row 4, column 'qid': identifiers.wikidata 'Q0x'" in bad.err
    table.write_text(table.read_text(encoding="utf-8").replace(",Bo,Q0x", ",Bo,"),
                     encoding="utf-8")
    ok = cli("import", str(table), "--map", str(tmp_path / "m.toml"), "--db", db)
    assert ok.code == 0, ok.err
    events = json.loads(cli("events", "--json", "--db", db, "--from", "2021-04",
                            "--to", "2021-07").out)
    who = [[p["id"] for p in e["participants"]] for e in events if e["id"].startswith("t-")]
    assert who == [["xi-jinping"], ["ada-example"], ["ada-example"], ["bo"]]
    assert json.loads(cli("show", "wikidata:Q42", "--json", "--db", db).out)["id"] == \
        "ada-example"


@pytest.mark.parametrize("apart", ["0", "1"])
def test_problems_the_load_finds_name_the_table_row(tmp_path: Path, cli: Run,
                                                    apart: str) -> None:
    """The records go to the load without a file between, checked here or (many of them) in
    a second process: what the load finds wrong with one (an id another dataset holds) still
    names its row, and nothing is written."""
    env = {"IDKB_LOAD_APART": apart}
    db = tmp_path / "kb.db"
    table = tmp_path / "engagements.csv"
    engagement_table(table, rows=30)
    (tmp_path / "map.toml").write_text(MAPPING, encoding="utf-8")
    clash = tmp_path / "clash.jsonl"
    clash.write_text("".join(json.dumps(x) + "\n" for x in [
        {"record": "source", "id": "elsewhere", "title": "Elsewhere", "kind": "other"},
        {"record": "event", "id": "engagements-25", "type": "meeting", "title": "Taken",
         "date": "2001", "sources": [{"source": "elsewhere", "locator": "1"}]}]),
        encoding="utf-8")
    assert cli("load", str(clash), "--db", str(db)).code == 0
    before = _content(db)
    args = ("import", str(table), "--map", str(tmp_path / "map.toml"), "--db", str(db))
    refused = cli(*args, env=env)
    assert refused.code == 2
    assert f"{table} row 25: id: event id 'engagements-25' already exists in dataset " \
        "'clash'" in refused.err
    assert _content(db) == before
    assert cli(*args, "--replace", env=env).code == 0
    assert _count(cli, str(db), "--where", f"year={engagement_table(table, 30)[24]['year']}") \
        >= 1


def test_numbers_json_cannot_carry_are_row_problems(tmp_path: Path, cli: Run) -> None:
    db = str(tmp_path / "kb.db")
    table = tmp_path / "t.jsonl"
    table.write_text("".join(json.dumps(x) + "\n" for x in [
        {"when": "2021-04", "who": "Song Tao", "n": 1},
        {"when": "2021-05", "who": "Song Tao", "n": 2}]).replace('"n": 2', '"n": 1e999')
        + '{"when": "2021-06", "who": "Song Tao", "n": NaN}\n', encoding="utf-8")
    (tmp_path / "m.toml").write_text(_meetings_mapping('"n"'), encoding="utf-8")
    cli("datasets", "--db", db)
    before = checksums(Path(db))
    result = cli("import", str(table), "--map", str(tmp_path / "m.toml"), "--db", db)
    assert result.code == 2
    assert f"{table} row 2: malformed JSON: 1e999 is too large a number" in result.err
    assert f"{table} row 3: malformed JSON: NaN is not valid JSON" in result.err
    assert "row 1" not in result.err
    assert checksums(Path(db)) == before
