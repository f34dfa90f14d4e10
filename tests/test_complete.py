"""Shell completion: values come from the database, through typer's completion protocol (the
environment variables the installed shell scripts set), and nothing ever breaks the shell."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
import typer

from idkb.cli import complete
from idkb.cli.app import build
from tests.helpers import Run, invoke


def bash(run: Run, line: str, **env: str) -> list[str]:
    words = line.split(" ")
    result = run(env={"_IDKB_COMPLETE": "complete_bash", "COMP_WORDS": line,
                      "COMP_CWORD": str(len(words) - 1), **env})
    assert result.code == 0, result.err
    assert result.err == ""
    return [line for line in result.out.splitlines() if line]


def test_person_names_complete_in_bash_escaped_for_the_shell(run: Run) -> None:
    assert bash(run, "idkb person Son") == ["Song\\ Tao"]
    # Case-insensitive; what was typed is kept as typed, and resolves all the same.
    assert bash(run, "idkb person song") == ["song\\ Tao"]
    assert bash(run, "idkb person 宋") == ["宋涛"]


def test_each_lookup_completes_only_its_kind(run: Run) -> None:
    assert "Song\\ Tao" not in bash(run, "idkb party S")
    assert "Syria" in bash(run, "idkb country S")
    assert "Syria" not in bash(run, "idkb org S")
    assert "ILD" in bash(run, "idkb org I")
    assert {"Song\\ Tao", "Syria"} <= set(bash(run, "idkb show S"))


def test_events_with_completes_any_entity(run: Run) -> None:
    assert bash(run, "idkb events --with Mor") == ["Morocco"]
    assert bash(run, "idkb events --with Son") == ["Song\\ Tao"]


def test_event_types_with_counts_in_zsh(run: Run, seed_db: Path) -> None:
    with closing(sqlite3.connect(seed_db)) as conn:
        meetings = conn.execute("SELECT count(*) FROM events WHERE type = 'meeting'").fetchone()[0]
    result = run(env={"_IDKB_COMPLETE": "complete_zsh",
                      "_TYPER_COMPLETE_ARGS": "idkb events --type me"})
    assert result.out.strip() == f"""_arguments '*: :(("meeting":"{meetings} events"))'"""


def test_names_with_help_in_fish(run: Run) -> None:
    result = run(env={"_IDKB_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
                      "_TYPER_COMPLETE_ARGS": "idkb events --with Li"})
    assert result.out.splitlines() == ["Liu Haixing\tperson", "Liu Jianchao\tperson"]


def test_aliases_say_whose_they_are(seed_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IDKB_DB", str(seed_db))
    monkeypatch.delenv("_IDKB_COMPLETE", raising=False)
    found = dict(complete.org_names(None, "IL"))  # type: ignore[arg-type]
    assert found == {"ILD": "organisation: International Department of the CPC Central Committee"}


def test_event_types_are_those_in_the_database(seed_db: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    monkeypatch.setenv("IDKB_DB", str(seed_db))
    conn = sqlite3.connect(seed_db)
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]
    conn.close()
    assert [t for t, _ in complete.event_types(None, "")] == types  # type: ignore[arg-type]


def test_the_db_option_typed_before_is_used(run: Run, tmp_path: Path) -> None:
    assert bash(run, f"idkb country --db {tmp_path / 'none.db'} S") == []


def test_no_database_means_no_completions_and_none_is_built(tmp_path: Path) -> None:
    target = tmp_path / "idkb.db"
    result = invoke(env={"IDKB_DB": str(target), "_IDKB_COMPLETE": "complete_bash",
                         "COMP_WORDS": "idkb person S", "COMP_CWORD": "2"})
    assert (result.code, result.out.strip(), result.err) == (0, "", "")
    assert not target.exists()


def test_a_damaged_database_means_no_completions(tmp_path: Path) -> None:
    target = tmp_path / "idkb.db"
    target.write_bytes(b"not a database at all" * 100)
    result = invoke(env={"IDKB_DB": str(target), "_IDKB_COMPLETE": "complete_bash",
                         "COMP_WORDS": "idkb events --type m", "COMP_CWORD": "3"})
    assert (result.code, result.out.strip(), result.err) == (0, "", "")


def test_show_completion_prints_the_shell_script() -> None:
    # Name the shell outright: otherwise typer guesses it from the parent process.
    result = invoke("--show-completion", "bash",
                    env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"})
    assert result.code == 0
    assert "_IDKB_COMPLETE=complete_bash" in result.out


def _params(command: object, path: str = "idkb") -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for param in getattr(command, "params", []):
        found.append((path, param))
    for name, sub in (getattr(command, "commands", None) or {}).items():
        found += _params(sub, f"{path} {name}")
    return found


def test_every_name_parameter_of_every_command_completes() -> None:
    """Any NAME argument or option (whoever adds the command) must offer completions."""
    command = typer.main.get_command(build())
    names = [(path, p) for path, p in _params(command)
             if getattr(p, "metavar", None) == "NAME" or getattr(p, "name", "") == "name"]
    assert names, "expected NAME parameters"
    missing = [f"{path}: {getattr(p, 'name', '')}" for path, p in names
               if getattr(p, "_custom_shell_complete", None) is None]
    assert not missing, "add autocompletion=complete.entity_names to: " + ", ".join(missing)


def test_dataset_names_complete_for_unload(tmp_path: Path) -> None:
    db_path = tmp_path / "kb.db"
    invoke("sources", "--db", str(db_path))
    result = invoke("unload", "s", env={"_IDKB_COMPLETE": "complete_bash",
                                        "COMP_WORDS": f"idkb unload --db {db_path} s",
                                        "COMP_CWORD": "4"})
    assert result.out.split() == ["seed"]
