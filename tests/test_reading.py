"""Reading at any width: piped text wrapped to the terminal, COLUMNS or 100 columns, whole words
and dates, less important columns left out first, --wide for one line a row; short names in
tables; one timeline table; related entities once; a pager on a terminal."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest

from idkb.render import fit
from tests.helpers import Run, invoke


def widest(text: str) -> int:
    return max(fit.text_width(line) for line in text.splitlines())


URL = re.compile(r"https?://\S+")


def longest_line_without_urls(text: str) -> int:
    return max(fit.text_width(URL.sub("", line).rstrip()) for line in text.splitlines())


@pytest.mark.parametrize("args", [("person", "Song Tao"), ("org", "ILD"), ("events",),
                                  ("timeline", "Song Tao"), ("related", "Song Tao"),
                                  ("sources",), ("search", "department")])
@pytest.mark.parametrize("columns", [80, 100, 120])
def test_piped_text_fits_the_width(run: Run, args: tuple[str, ...], columns: int) -> None:
    out = run(*args, env={"COLUMNS": str(columns)}).out
    # Only a URL (which is never split) may run past the edge, at the end of its line.
    assert longest_line_without_urls(out) <= columns


def test_without_a_terminal_or_columns_the_width_is_100(run: Run,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert fit.plain_width() == 100
    out = run("org", "ILD").out
    assert longest_line_without_urls(out) <= 100 < widest(run("org", "ILD", "--wide").out)


def test_wide_keeps_each_row_on_one_line(run: Run, seed_db: Path) -> None:
    out = run("person", "Song Tao", "--wide", env={"COLUMNS": "80"}).out
    described = [line for line in out.splitlines() if "described as" in line]
    assert len(described) == 1 and "nothing out of the ordinary" in described[0]
    assert widest(out) > 200


def test_words_dates_and_urls_are_never_split(run: Run) -> None:
    wide = run("person", "Song Tao", "--wide").out
    words = {w for w in wide.split() if len(w) > 3}
    narrow = run("person", "Song Tao", env={"COLUMNS": "80"}).out
    table = "\n".join(line for line in narrow.splitlines() if not line.startswith("  ("))
    assert {w for w in table.split() if len(w) > 3} <= words  # no half words appear
    for url in URL.findall(wide):
        assert url in narrow
    assert "Nov 2015 – by 2 Jun 2022" in narrow  # a period stays on one line


def test_narrow_screens_leave_out_the_least_important_columns_and_say_so(run: Run) -> None:
    narrow = run("person", "Song Tao", env={"COLUMNS": "80"}).out
    statements = narrow.split("\nEvents")[0]
    header = next(line for line in statements.splitlines() if line.strip().startswith("statement"))
    assert "status" not in header and "sources" in header
    assert "left out at this width: status" in narrow
    wide = run("person", "Song Tao", env={"COLUMNS": "200"}).out
    assert "left out" not in wide


def test_fit_gives_each_column_its_longest_word() -> None:
    columns = ["a", "b"]
    rows = [["one two three", "Poverty-alleviation session"]]
    fitted = fit.fit(columns, rows, 30)
    assert fitted.widths[1] >= len("Poverty-alleviation")
    assert fit.wrap("Poverty-alleviation session", 20) == ["Poverty-alleviation", "session"]
    assert fit.wrap("[1] whole item; [2] para 16", 16, fit.LIST_SEPARATOR) == [
        "[1] whole item;", "[2] para 16"]
    assert fit.text_width("宋涛") == 4


def test_tables_use_short_names_and_json_keeps_the_full_name(run: Run) -> None:
    table = run("person", "Song Tao", "--wide").out
    assert "heads ID (Head)" in table and "ID (participant)" in table
    data = json.loads(run("person", "Song Tao", "--json").out)
    heads = next(s for s in data["statements"] if s["id"] == "song-tao-heads-id")
    assert heads["object"]["name"] == "International Department of the CPC Central Committee"
    assert heads["object"]["short_name"] == "ID"


def test_the_timeline_is_one_table_with_no_double_rows(run: Run) -> None:
    out = run("timeline", "Song Tao", "--wide").out
    assert len(re.findall(r"\n  year +date", out)) == 1  # one header: the columns line up
    nov_2015 = [line for line in out.splitlines() if "Nov 2015" in line and "  2015" in line]
    assert len(nov_2015) == 1 and "appointment" in nov_2015[0]
    data = json.loads(run("timeline", "Song Tao", "--json").out)
    assert {i["record"] for i in data if i["date"] == "2015-11"} == {"event", "position-start"}


def test_related_names_each_entity_once(run: Run) -> None:
    out = run("related", "Song Tao", "--wide").out
    rows = [line for line in out.splitlines() if line.startswith("  ID ")]
    assert len(rows) == 1
    data = json.loads(run("related", "Song Tao", "--json").out)
    assert sum(x["id"] == "international-department" for x in data) == 1  # one row an entity


def test_a_timeline_with_no_period_does_not_speak_of_one(run: Run) -> None:
    out = run("timeline", "Brunei").out
    assert "period" not in out and "no dated events" in out
    assert "nothing in that period" in run("timeline", "Brunei", "--from", "2020").out


@pytest.mark.parametrize("value", ["195X", "195X/196X", "2021~", "June 2021"])
def test_as_of_takes_only_the_forms_its_help_names(run: Run, value: str) -> None:
    result = run("person", "Song Tao", "--as-of", value)
    assert result.code == 2 and "YYYY, YYYY-MM or YYYY-MM-DD" in result.err


def test_from_takes_an_edtf_span(run: Run) -> None:
    found = json.loads(run("events", "--from", "195X", "--to", "195X", "--json").out)
    assert "sino-soviet-split" in {e["id"] for e in found}


def _on_terminal(args: list[str], env: dict[str, str]) -> str:
    import pty
    import subprocess

    master, slave = pty.openpty()
    os.set_blocking(master, True)
    proc = subprocess.Popen([sys.executable, "-m", "idkb", *args], stdin=slave, stdout=slave,
                            stderr=slave, env={**os.environ, **env}, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    proc.wait(timeout=60)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_pager_shows_long_output_on_a_terminal(tmp_path: Path, seed_db: Path) -> None:
    """IDKB_PAGER (else PAGER) gets everything; --no-pager prints it all straight."""
    seen = tmp_path / "paged.txt"
    pager = f"cat > {seen}"
    env = {"IDKB_PAGER": pager, "IDKB_DB": str(seed_db), "LINES": "20", "COLUMNS": "80"}
    _on_terminal(["org", "ILD"], env)
    paged = seen.read_text(encoding="utf-8")
    assert "Liu Haixing" in paged and "Sources" in paged and paged.count("\n") > 40
    seen.unlink()
    direct = _on_terminal(["org", "ILD", "--no-pager"], env)
    assert not seen.exists() and "Sources" in direct
    _on_terminal(["org", "ILD"], {**env, "IDKB_PAGER": "", "PAGER": pager})
    assert not seen.exists()  # an empty IDKB_PAGER means none, whatever PAGER says


def test_piped_output_is_never_paged(seed_db: Path, tmp_path: Path) -> None:
    seen = tmp_path / "paged.txt"
    result = invoke("org", "ILD", env={"IDKB_PAGER": f"cat > {seen}", "IDKB_DB": str(seed_db)})
    assert result.code == 0 and "Sources" in result.out and not seen.exists()
