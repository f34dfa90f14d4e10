"""Property-based fuzzing of what users type: names, search text, date options, SQL, and of
what they load: hostile files, numbers, dataset names; and of the escaping of data text.

Each property holds for any input: a normal answer or a clean error with its exit code. The
default suite tries a modest number of cases; `make fuzz` runs the "fuzz" profile, each test
for at most IDKB_FUZZ_SECONDS. Every case run is counted and the totals are printed at the end.
"""

from __future__ import annotations

import io
import json
import math
import os
import re
import sqlite3
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.cli import main
from idkb.core import dates, model
from idkb.core.errors import Ambiguous, BadInput, NotFound
from idkb.core.names import normalise
from idkb.core.unsafe_text import json_safe
from idkb.load import csv_records, kept_files, readers
from idkb.query import resolve
from idkb.render.sections import clean

CASES: Counter[str] = Counter()  # read by the summary hook in conftest
SECONDS = float(os.environ.get("IDKB_FUZZ_SECONDS", "0"))
FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"


def few(n: int) -> settings:
    """Fewer cases for the slower CLI properties in the default suite; all of them when fuzzing."""
    return settings() if FUZZING else settings(max_examples=n)


def counted(name: str) -> None:
    CASES[name] += 1


# Text as users type it, and worse: no lone surrogates here (sqlite cannot store them; the CLI
# refuses them, tested in test_hostile), but every other plane, control and format character.
any_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)
SEED_NAMES = ["Song Tao", "Liu Jianchao", "宋涛", "International Department", "Morocco",
              "Communist Party USA", "Baath", "ILD", "Xi Jinping"]


def mutated(names: list[str]) -> st.SearchStrategy[str]:
    """Real names, cut, doubled, padded or with odd characters inside."""
    return st.builds(
        lambda name, cut, extra, pos: (name[:cut] + extra + name[cut:])[: pos or None],
        st.sampled_from(names), st.integers(0, 20), any_text, st.integers(0, 40))


names = st.one_of(any_text, mutated(SEED_NAMES))
date_like = st.one_of(
    any_text,
    st.from_regex(r"\A-?\d{1,5}(-\d{1,2}(-\d{1,2})?)?[~?%]?\Z"),
    st.from_regex(r"\A(\d{4}(-\d{2}){0,2}|\.\.)?/(\d{4}(-\d{2}){0,2}|\.\.)?\Z"),
    st.from_regex(r"\A\d{2,3}[X]{1,2}[~?]?\Z"),
    st.from_regex(r"\A\[?\.\.\d{4}(-\d{2})?\]?\Z"),
)


@pytest.fixture(scope="module")
def conn(seed_db: Path) -> Iterator[sqlite3.Connection]:
    c = sqlite3.connect(f"file:{seed_db}?mode=ro", uri=True, check_same_thread=False)
    c.row_factory = sqlite3.Row
    yield c
    c.close()


KINDS = st.sampled_from([None, "person", "party", "country", "organisation"])


@given(text=names, kind=KINDS)
def test_name_lookup_finds_one_entity_or_says_why(conn: sqlite3.Connection, text: str,
                                                  kind: str | None) -> None:
    counted("name lookup")
    try:
        match = resolve.resolve(conn, text, kind)
    except (NotFound, Ambiguous, BadInput) as exc:
        assert exc.message and "\n" not in exc.message
        assert not isinstance(exc, BadInput) or not normalise(text)  # only for nothing typed
        return
    row = conn.execute("SELECT kind FROM entities WHERE id = ?", (match.id,)).fetchone()
    assert row is not None and (kind is None or row[0] == kind)


DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@given(text=date_like)
def test_date_options_give_an_ordered_span_or_a_message(text: str) -> None:
    counted("date spans")
    try:
        first, last = dates.query_span(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert DAY.match(first) and DAY.match(last) and first <= last


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run as `idkb` does (the fast path first, the full command line when it declines) and
    through the full command line alone: both must give the same answer."""
    code = main.run(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if code:
        assert err.startswith("idkb: ") and code in (1, 2)
    assert (main.run(args, fast_path=False), *capsys.readouterr()) == (code, out, err)
    return code, out, err


@few(25)
@given(start=st.one_of(st.none(), date_like), end=st.one_of(st.none(), date_like),
       as_of=date_like)
def test_cli_date_options(seed_db: Path, capsys: pytest.CaptureFixture[str],
                          start: str | None, end: str | None, as_of: str) -> None:
    counted("CLI date options")
    args = ["events", "--json", "--db", str(seed_db)]
    args += [f"--from={start}"] if start is not None else []
    args += [f"--to={end}"] if end is not None else []
    code, out, err = run_cli(args, capsys)
    if code == 0:
        try:
            found = json.loads(out)
        except ValueError:
            pytest.fail(f"not JSON for {args}: {out[:300]!r} {err!r}")
        assert isinstance(found, list)
    code, out, _ = run_cli(["show", "song-tao", f"--as-of={as_of}", "--json", "--db",
                            str(seed_db)], capsys)
    assert code in (0, 2)


@few(25)
@given(text=names, command=st.sampled_from(["show", "person", "search", "related"]))
def test_cli_names_and_search(seed_db: Path, capsys: pytest.CaptureFixture[str], text: str,
                              command: str) -> None:
    counted("CLI names and search")
    run_cli([command, "--db", str(seed_db), "--json", "--", text], capsys)


sql_words = st.sampled_from([
    "SELECT", "WITH", "PRAGMA", "INSERT", "UPDATE", "DELETE", "DROP", "ATTACH", "VACUUM",
    "CREATE", "ALTER", "BEGIN", "REPLACE", "*", "FROM", "events", "entities", "meta", "WHERE",
    "(", ")", ",", ";", "'x'", "1", "=", "query_only", "OFF", "AS", "t", "INTO", "VALUES",
    "load_extension('x')", "sqlite_master", "SET", "name",
])


@few(40)
@given(words=st.lists(sql_words, max_size=12))
def test_sql_never_writes(seed_db: Path, capsys: pytest.CaptureFixture[str],
                          words: list[str]) -> None:
    counted("SQL statements")
    before = seed_db.stat().st_mtime_ns, seed_db.stat().st_size
    code = main.run(["sql", " ".join(words), "--db", str(seed_db), "--timeout", "2"])
    err = capsys.readouterr().err
    assert code in (0, 2, 4) and "Traceback" not in err
    assert (seed_db.stat().st_mtime_ns, seed_db.stat().st_size) == before


@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=80))
def test_escaped_text_has_nothing_invisible(text: str) -> None:
    counted("escaping")
    shown = clean(text)
    assert not [c for c in shown if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert clean(shown) == shown
    assert json.loads(json_safe(json.dumps(text, ensure_ascii=False))) == text


hostile_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.floats(), st.integers(-(2**80), 2**80), any_text),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(any_text, inner, max_size=4)), max_leaves=20)


@few(60)
@given(data=st.one_of(st.binary(max_size=400),
                      hostile_json.map(lambda v: json.dumps(v).encode()),
                      st.lists(hostile_json, max_size=5).map(
                          lambda vs: "\n".join(json.dumps({"record": "event", "x": v})
                                               for v in vs).encode())))
def test_readers_answer_any_bytes_with_records_or_problems(data: bytes) -> None:
    counted("hostile load files")
    for read in (readers.read_json, readers.read_jsonl, csv_records.read_csv):
        for item in read(io.BytesIO(data)):
            assert isinstance(item, readers.Raw | readers.Problem)


@given(value=st.one_of(st.floats(), st.integers(-(2**70), 2**70)))
def test_statement_values_are_storable_or_refused(value: float) -> None:
    counted("numbers")
    try:
        s = model.Statement.model_validate({
            "id": "x", "subject": "y", "predicate": "count", "value": value,
            "sources": [{"source": "s", "locator": "p"}]})
    except ValueError:
        return
    assert isinstance(s.value, int | float) and math.isfinite(s.value)
    assert not isinstance(s.value, int) or -(2**63) <= s.value < 2**63


@given(name=st.one_of(any_text, st.from_regex(r"\A[A-Za-z0-9./\\_-]{0,130}\Z")))
def test_dataset_names_are_plain_file_names_or_refused(name: str) -> None:
    counted("dataset names")
    try:
        checked = kept_files.check_name(name)
    except BadInput:
        return
    assert "/" not in checked and "\\" not in checked and not checked.startswith(".")
    assert checked not in (".", "..") and len(checked) <= 120


@pytest.mark.skipif(not FUZZING or not SECONDS, reason="make fuzz runs the long campaign")
def test_campaign(seed_db: Path, conn: sqlite3.Connection,
                  capsys: pytest.CaptureFixture[str]) -> None:
    """Run every property again and again, each run a fresh batch of random cases, until
    IDKB_FUZZ_SECONDS have passed."""
    runs = [
        lambda: test_name_lookup_finds_one_entity_or_says_why(conn=conn),
        lambda: test_date_options_give_an_ordered_span_or_a_message(),
        lambda: test_cli_date_options(seed_db=seed_db, capsys=capsys),
        lambda: test_cli_names_and_search(seed_db=seed_db, capsys=capsys),
        lambda: test_sql_never_writes(seed_db=seed_db, capsys=capsys),
        lambda: test_escaped_text_has_nothing_invisible(),
        lambda: test_readers_answer_any_bytes_with_records_or_problems(),
        lambda: test_statement_values_are_storable_or_refused(),
        lambda: test_dataset_names_are_plain_file_names_or_refused(),
    ]
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop:
        for one in runs:
            one()  # type: ignore[no-untyped-call]
