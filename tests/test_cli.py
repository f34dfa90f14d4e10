"""The command line as a user meets it: formats, exit codes, messages, odd input."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.helpers import Run, invoke

ANSI = re.compile(r"\x1b\[")
READ_COMMANDS = [
    ("person", "Song Tao"),
    ("party", "Communist Party USA"),
    ("country", "Morocco"),
    ("org", "International Department"),
    ("show", "Xi Jinping"),
    ("events", "--year", "2021"),
    ("events", "--with", "Morocco"),
    ("sources",),
]


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_json_is_one_valid_utf8_document(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data
    assert "\\u" not in result.out  # Chinese and dashes are written as characters


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_json_flag_is_short_for_format_json(run: Run, args: tuple[str, ...]) -> None:
    assert run(*args, "--json").out == run(*args, "--format", "json").out


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_jsonl_has_one_object_per_line(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "jsonl")
    lines = result.out.splitlines()
    assert result.code == 0 and lines
    assert all(isinstance(json.loads(line), dict) for line in lines)


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_csv_has_a_header_and_rows(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.out)))
    assert result.code == 0 and rows
    assert "id" in rows[0]


@pytest.mark.parametrize("args", READ_COMMANDS)
def test_piped_table_has_no_ansi_codes_or_box_art(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 0 and result.out.strip()
    assert not ANSI.search(result.out)
    assert not set("│─┃━┏┓") & set(result.out)


def test_profile_json_keys(run: Run) -> None:
    p = json.loads(run("person", "Song Tao", "--json").out)
    assert {"id", "kind", "name", "aliases", "summary", "statements", "events", "sources"} <= set(p)
    assert {"name": "宋涛", "lang": "zh", "kind": "native"} in p["aliases"]


def test_event_json_keys(run: Run) -> None:
    e = json.loads(run("events", "--year", "2021", "--json").out)[0]
    assert {"id", "type", "title", "summary", "date", "start", "end", "precision", "location",
            "participants", "sources"} <= set(e)


def test_events_are_in_date_order(run: Run) -> None:
    starts = [e["start"] for e in json.loads(run("events", "--json").out)]
    assert starts == sorted(starts) and len(starts) >= 18


def test_events_from_to_overlap(run: Run) -> None:
    found = json.loads(run("events", "--from", "2021-04", "--to", "2021-04", "--json").out)
    assert {e["id"] for e in found} == {"baath-sharing-session-2021",
                                         "morocco-parties-meeting-2021"}


def test_events_limit(run: Run) -> None:
    assert len(json.loads(run("events", "--limit", "3", "--json").out)) == 3


def test_events_with_a_country_includes_its_parties(run: Run) -> None:
    ids = {e["id"] for e in json.loads(run("events", "--with", "usa", "--json").out)}
    assert "cpusa-meeting-2021" in ids


def test_empty_result_is_success(run: Run) -> None:
    result = run("events", "--year", "1800", "--json")
    assert (result.code, json.loads(result.out)) == (0, [])


def test_sources_count_citations(run: Run) -> None:
    sources = {s["id"]: s for s in json.loads(run("sources", "--json").out)}
    article = sources["scmp-2021-06-04-international-department"]
    assert article["facts"] == article["statements"] + article["events"] > 50


def test_unknown_name_suggests_and_exits_1(run: Run) -> None:
    result = run("person", "Song Toa")
    assert result.code == 1
    assert result.out == ""
    assert "no person matches 'Song Toa'" in result.err
    assert "did you mean: Song Tao" in result.err


def test_ambiguous_name_lists_candidates_and_exits_1(run: Run) -> None:
    result = run("person", "Liu")
    assert result.code == 1
    assert "Liu Jianchao" in result.err and "Liu Haixing" in result.err


def test_wrong_kind_points_to_the_right_command(run: Run) -> None:
    result = run("party", "Song Tao")
    assert result.code == 1 and "idkb person song-tao" in result.err
    result = run("person", "ILD")
    assert result.code == 1 and "'ILD' is an organisation, not a person" in result.err


def test_an_empty_name_is_bad_input(run: Run) -> None:
    result = run("person", "")
    assert result.code == 2 and result.err.startswith("idkb: ") and "empty" in result.err


def test_version_as_a_command_points_to_the_flag(run: Run) -> None:
    result = run("version")
    assert result.code == 2 and "idkb --version" in result.err and "person" not in result.err


@pytest.mark.parametrize("args", [(), ("db",)])
def test_bare_command_groups_print_their_help(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 0 and result.err == ""
    assert result.out.startswith(f"Usage: idkb {' '.join((*args, ''))}".replace("  ", " "))
    assert ("Look up" if not args else "  check  ") in result.out


@pytest.mark.parametrize(("command", "usage"), [
    ("person", "Usage: idkb person [OPTIONS] NAME"), ("path", "Usage: idkb path [OPTIONS] A B"),
    ("timeline", "Usage: idkb timeline [OPTIONS] [NAME]"),
    ("load", "Usage: idkb load [OPTIONS] FILE..."), ("sql", "Usage: idkb sql [OPTIONS] QUERY")])
def test_usage_lines_name_the_arguments_as_the_help_does(run: Run, command: str,
                                                         usage: str) -> None:
    out = run(*command.split(), "--help").out
    assert out.splitlines()[0] == usage
    assert "{" not in out.splitlines()[0] and "<int range>" not in out


def test_number_options_say_integer(run: Run) -> None:
    assert "--depth INTEGER" in run("graph", "--help").out


@pytest.mark.parametrize(
    ("name", "code"),
    [("Robert'); DROP TABLE entities;--", 1), ('"quoted" name', 1), ("100%_like", 1),
     ("\\", 2), ("   ", 2), ("", 2), ("a" * 5000, 1)],
)
def test_hostile_names_get_a_clean_answer(run: Run, name: str, code: int) -> None:
    """Nothing to look up (empty once spaces and punctuation go) is bad input, exit 2."""
    result = run("show", name)
    assert result.code == code
    assert "Traceback" not in result.err and result.err.startswith("idkb: ")
    assert run("person", "Song Tao", "--json").code == 0  # and nothing was harmed


@pytest.mark.parametrize(
    "args",
    [("events", "--year", "x"), ("events", "--from", "2021-13-45"), ("events", "--bogus"),
     ("person",), ("nonsense",), ("person", "Song Tao", "--format", "xml"),
     ("show", "ID", "--as-of", "yesterday"), ("events", "--from", "2022", "--to", "2021"),
     ("timeline", "--from", "2021", "--to", "2020")],
)
def test_bad_usage_exits_2_with_one_message(run: Run, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.code == 2
    assert result.err.startswith("idkb: ") and "Traceback" not in result.err


def test_help_lists_exit_codes() -> None:
    result = invoke("--help")
    assert result.code == 0
    assert "Exit codes" in result.out


def test_version() -> None:
    result = invoke("--version")
    assert result.code == 0 and result.out.startswith("idkb ")


def test_db_path_follows_the_environment(tmp_path: object) -> None:
    assert invoke("db", "path", env={"IDKB_DB": "/x/y.db"}).out.strip() == "/x/y.db"
    assert invoke("db", "path", "--db", "/a/b.db").out.strip() == "/a/b.db"


def test_first_run_builds_the_database_in_the_data_folder(idkb_home: object) -> None:
    from pathlib import Path

    home = Path(str(idkb_home))
    assert not (home / "idkb.db").exists()
    assert invoke("person", "Song Tao").code == 0
    assert (home / "idkb.db").exists()
    assert invoke("db", "path").out.strip() == str(home / "idkb.db")


def test_empty_csv_still_has_its_header(run: Run) -> None:
    result = run("events", "--year", "1800", "--format", "csv")
    assert result.code == 0
    assert result.out.splitlines() == [
        "id,type,date,start,end,precision,qualifier,title,summary,location,location_country,"
        "certainty,participants,sources"]
    full = run("events", "--year", "2021", "--format", "csv").out.splitlines()
    assert full[0] == result.out.splitlines()[0]
