"""No data text reaches a terminal or plain text raw: every command, with a dataset whose every
field holds invisible and direction-changing characters. CSV defuses spreadsheet formulas."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from idkb.cli.declarations import COMMANDS
from idkb.render.sections import clean
from tests.helpers import Run

# One of each kind the old escaping missed, and the ones it caught.
HOSTILE = ("\u202e", "\u200b", "\u200d", "\u200e", "\u200f", "\u061c", "\u2028", "\u2029",
           "\U000e0041", "\ufeff", "\u2066", "\x1b")
MARK = "".join(HOSTILE[:-1])  # \x1b is refused by the load format already


def _unicode_unsafe(c: str) -> bool:
    return unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c not in "\t\n"


def test_the_unsafe_class_is_every_control_format_and_separator_character() -> None:
    from idkb.core.unsafe_text import UNSAFE

    chars = (chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i <= 0xDFFF)
    expected = {c for c in chars if _unicode_unsafe(c)}
    # Every unsafe character of this Python's Unicode database is listed; the list may name
    # format characters of a newer Unicode, which are unassigned here.
    listed = {chr(i) for i in range(sys.maxunicode + 1) if UNSAFE.fullmatch(chr(i))}
    assert expected - listed == set()
    extra = {c for c in listed if not _unicode_unsafe(c)}
    assert {unicodedata.category(c) for c in extra} <= {"Cn"}


def test_json_safe_escapes_exactly_the_unsafe_characters() -> None:
    """Its shortcut for ASCII text must agree with the whole class, character by character,
    alone and inside longer ASCII and non-ASCII text."""
    from idkb.core import unsafe_text

    for code in [*range(0x300), 0x2028, 0x202E, 0xFEFF, 0xE0001]:
        char = chr(code)
        for text in (char, f"plain {char} text", f"中文 {char}"):
            whole = unsafe_text.UNSAFE.sub(unsafe_text._json_escape, text)
            assert unsafe_text.json_safe(text) == whole
            assert (whole != text) == bool(unsafe_text.UNSAFE.search(text))


def test_clean_escapes_each_visibly_and_is_idempotent() -> None:
    for c in HOSTILE:
        shown = clean(f"a{c}b")
        assert c not in shown and shown.startswith("a\\") and shown.endswith("b")
        assert clean(shown) == shown


def _dataset() -> dict[str, Any]:
    m = MARK
    return {
        "idkb": 1,
        "dataset": {"name": "marks", "title": f"Marks{m}", "description": f"d{m}"},
        "sources": [{"id": "mark-src", "title": f"=HYPERLINK(evil){m}", "kind": "other",
                     "publisher": f"Pub{m}"}],
        "entities": [
            {"id": "mark-party", "kind": "party", "name": f"Mark{m} Party", "country": "guyana",
             "summary": f"s{m}", "aliases": [{"name": f"MP{m}", "kind": "abbreviation"}]},
            {"id": "mark-party-two", "kind": "party", "name": f"Mark{m} Party Two",
             "country": "guyana"},
            {"id": "mark-person", "kind": "person", "name": f"Markus{m} Person",
             "summary": f"p{m}"}],
        "statements": [{"id": "mark-head", "subject": "mark-person", "predicate": "head_of",
                        "object": "mark-party", "start": "2019", "title": f"Chair{m}",
                        "note": f"n{m}",
                        "sources": [{"source": "mark-src", "locator": f"p. 1{m}"}]}],
        "events": [{"id": "mark-meeting", "type": "meeting", "title": f"+Meeting{m}",
                    "summary": f"@sum{m}", "date": "2019-05", "location": f"Here{m}",
                    "participants": [{"entity": "international-department", "role": "host"},
                                     {"entity": "mark-party", "role": "guest"},
                                     {"entity": "mark-person", "role": "guest"}],
                    "sources": [{"source": "mark-src", "locator": f"para 2{m}"}]}],
    }


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from idkb.load import database, datasets

    folder = tmp_path_factory.mktemp("marks")
    db = folder / "kb.db"
    database.rebuild(db)
    source = folder / "marks.json"
    source.write_text(json.dumps(_dataset(), ensure_ascii=False), encoding="utf-8")
    datasets.load(db, [str(source)])
    return db


NAME = f"Mark{MARK} Party"
ARGS: dict[str, list[list[str]]] = {
    "person": [[f"Markus{MARK} Person"], ["Marku"]],
    "party": [[NAME], ["Mark"], [f"Mrk{MARK}"]],  # a profile, an ambiguity, "did you mean"
    "country": [["Guyana"]],
    "org": [["international-department"]],
    "show": [["mark-meeting"], [NAME]],
    "sources": [[]],
    "events": [["--with", NAME], []],
    "search": [["Mark"], [f"Mark{MARK}"]],
    "timeline": [[NAME], [f"Markus{MARK} Person"]],
    "related": [[NAME]],
    "path": [[NAME, "international-department"]],
    "graph": [["--around", NAME], ["--around", NAME, "--format", "mermaid"],
              ["--around", NAME, "--format", "graphml"], ["--around", NAME, "-f", "table"]],
    "stats": [["--by", "country"], ["--by", "type"]],
    "datasets": [[]],
    "export": [["--dataset", "marks"]],
    "schema": [[]],
    "validate": [["{file}"]],
    "db path": [[]],
    "db metadata": [[]],
    "db check": [[]],
    "sql": [["SELECT name, title FROM entities, sources WHERE entities.dataset = 'marks'"]],
    "load": [["{file}"]],
    "unload": [[f"no{MARK}"]],
    "db rebuild": [[]],
    "extract": [["{item}"], ["{item}", "--format", "json"]],
    # The table names a new person and an existing party; the dry run shows both.
    "import": [["{table}", "--map", "{map}", "--dry-run"], ["{table}", "--map", "{map}"]],
    "dupes": [[], ["--kind", "party"], ["--records"]],
}


def _arguments(command: str, args: list[str], file: Path) -> list[str]:
    item = file.with_name("item.txt")
    item.write_text(f"publisher: Desk{MARK}\npublished: 2024-06-13\ntitle: Talks{MARK}\n\n"
                    "Beijing, June 12th—Liu Jianchao, Minister of the International Department "
                    "of the CPC Central Committee, met here today with a delegation of the "
                    f"People's Pro{MARK}gress Party of Zambia led by Mary Ban{MARK}da, "
                    "Secretary-General of the party.\n", encoding="utf-8")
    table, mapping = file.with_name("table.csv"), file.with_name("map.toml")
    table.write_text(f"date,leader,party\n2019-05-02,Newman{MARK} Person,Mark{MARK} Party\n"
                     f"2019-05-03,Newman{MARK} Person,\n", encoding="utf-8")
    mapping.write_text('[dataset]\nname = "marked-table"\n[source]\nid = "marked-table"\n'
                       f'title = "Table{MARK}"\nkind = "other"\n[events]\n'
                       'date = { column = "date" }\ntype = "meeting"\n'
                       'title = { template = "Talks with {leader}" }\n'
                       '[[participants]]\ncolumn = "leader"\nkind = "person"\nrole = "guest"\n'
                       '[[participants]]\ncolumn = "party"\nkind = "party"\nrole = "host"\n',
                       encoding="utf-8")
    return [a.replace("{file}", str(file)).replace("{item}", str(item))
            .replace("{table}", str(table)).replace("{map}", str(mapping)) for a in args]


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_no_command_lets_data_text_through_raw(command: str, marked: Path, cli: Run,
                                               tmp_path: Path) -> None:
    assert command in ARGS, f"add {command!r} to ARGS: every command is checked"
    db = tmp_path / "kb.db"
    db.write_bytes(marked.read_bytes())
    (tmp_path / "kb.db.datasets").mkdir()
    kept = marked.parent / "kb.db.datasets"
    for f in kept.iterdir():
        (tmp_path / "kb.db.datasets" / f.name).write_bytes(f.read_bytes())
    other = tmp_path / "other.json"
    data = _dataset()
    data["dataset"]["name"] = "other"
    for kind in ("sources", "entities", "statements", "events"):
        for record in data[kind]:
            record["id"] = "o-" + record["id"]
    data["entities"][0]["country"] = "guyana"
    text = json.dumps(data, ensure_ascii=False).replace('"mark-', '"o-mark-')
    other.write_text(text, encoding="utf-8")
    codes: list[int] = []
    declared = next(c for c in COMMANDS if c.name == command)
    where = ["--db", str(db)] if any(o.dest == "db_option" for o in declared.opts) else []
    for args in ARGS[command]:
        result = cli(*command.split(), *_arguments(command, args, other), *where)
        both = result.out + result.err
        codes.append(result.code)
        raw = sorted({f"U+{ord(c):04X}" for c in both if _unicode_unsafe(c)})
        assert raw == [], (command, args, raw, both[:2000])
        assert "Traceback" not in both
    assert 0 in codes or command == "unload", codes  # the command really showed the data


def test_json_output_keeps_the_data_exact(marked: Path, cli: Run) -> None:
    result = cli("person", f"Markus{MARK} Person", "--json", "--db", str(marked))
    assert result.code == 0 and not any(_unicode_unsafe(c) for c in result.out)
    assert json.loads(result.out)["name"] == f"Markus{MARK} Person"


def test_csv_defuses_formulas_unless_told_not_to(marked: Path, cli: Run) -> None:
    result = cli("events", "--with", NAME, "--format", "csv", "--db", str(marked))
    cells = next(row for row in result.out.split("\n") if "mark-meeting" in row)
    assert ",'+Meeting" in cells and ",'@sum" in cells
    raw = cli("events", "--with", NAME, "--format", "csv", "--raw-csv", "--db", str(marked))
    assert ",+Meeting" in raw.out and ",@sum" in raw.out
    sources = cli("sources", "--format", "csv", "--db", str(marked)).out
    assert re.search(r",'=HYPERLINK\(evil\)", sources)
    numbers = cli("sql", "SELECT -1 AS n, '-1' AS t", "--format", "csv", "--db", str(marked))
    assert numbers.out.split("\n") == ["n,t", "-1,'-1", ""]
