from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.core import dates


@pytest.mark.parametrize(
    ("notation", "earliest", "latest", "precision"),
    [
        ("2021", "2021-01-01", "2021-12-31", "year"),
        ("2021-04", "2021-04-01", "2021-04-30", "month"),
        ("2020-02", "2020-02-01", "2020-02-29", "month"),
        ("2021-03-10", "2021-03-10", "2021-03-10", "day"),
        ("195X/196X", "1950-01-01", "1969-12-31", "decade"),
        ("2002/2017", "2002-01-01", "2017-12-31", "year"),
        ("2015-11/2022-06-02", "2015-11-01", "2022-06-02", "month"),
        ("19XX", "1900-01-01", "1999-12-31", "century"),
        ("[2025-07,2025-08]", "2025-07-01", "2025-08-31", "month"),
        ("[2025-07-30,2025-08]", "2025-07-30", "2025-08-31", "month"),
    ],
)
def test_parse_keeps_the_span_the_notation_allows(
    notation: str, earliest: str, latest: str, precision: str
) -> None:
    span = dates.parse(notation)
    assert (span.earliest, span.latest, span.precision) == (earliest, latest, precision)
    assert span.notation == notation


def test_qualifiers_are_kept() -> None:
    assert dates.parse("2021~").qualifier == "approximate"
    assert dates.parse("2021?").qualifier == "uncertain"
    assert dates.parse("2021%").qualifier == "approximate and uncertain"
    assert dates.parse("2021").qualifier is None


def test_open_end_has_no_earliest() -> None:
    span = dates.parse("[..2025-09-30]")
    assert span.earliest is None
    assert span.latest == "2025-09-30"


@pytest.mark.parametrize("bad", ["2021-13-45", "2021-02-30", "2021-13", "21", "soon", "2022/2021"])
def test_invalid_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        dates.parse(bad)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        dates.check_order("2022-06", "2021")
    dates.check_order("2021", "2021-06")  # overlapping periods are fine


@pytest.mark.parametrize(
    ("notation", "shown"),
    [
        ("2021", "2021"),
        ("2021-04", "Apr 2021"),
        ("2021-03-10", "10 Mar 2021"),
        ("195X/196X", "1950s–1960s"),
        ("2002/2017", "2002–2017"),
        ("2021~", "c. 2021"),
        ("2021?", "2021?"),
        ("[..2021-06-04]", "by 4 Jun 2021"),
        ("[2021-06-05..2022-06-02]", "between 5 Jun 2021 and 2 Jun 2022"),
        ("19XX", "20th century"),
        ("20XX", "21st century"),
        ("21XX", "22nd century"),
        ("2021-21", "spring 2021"),
        ("[2025-07,2025-08]", "Jul or Aug 2025"),  # one of the set, not a two-month span
        ("[2024-12,2025-01]", "Dec 2024 or Jan 2025"),
        ("[2025-07-30,2025-07-31]", "30 or 31 Jul 2025"),
        ("[2019,2020,2021]", "2019, 2020 or 2021"),
        (None, ""),
    ],
)
def test_display_reads_as_the_source_gives_it(notation: str | None, shown: str) -> None:
    assert dates.display(notation) == shown


def test_query_span_accepts_partial_dates() -> None:
    assert dates.query_span("2021-04") == ("2021-04-01", "2021-04-30")
    assert dates.query_span(" 2021 ") == ("2021-01-01", "2021-12-31")
    with pytest.raises(ValueError):
        dates.query_span("April")


def test_bad_notations_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    for text in ("..//", "/..x", "2021/../.."):
        with pytest.raises(ValueError):
            dates.query_span(text)
    assert capsys.readouterr().out == ""


def test_spans_never_reach_before_year_0() -> None:
    assert dates.query_span("/0000")[0] == "0000-01-01"
    with pytest.raises(ValueError, match="0000 to 9999"):  # outside the supported years
        dates.query_span("-0005")


# The fast path must agree with the edtf library on every notation it handles.
_years = st.integers(min_value=1000, max_value=2999)
_units = st.one_of(
    _years.map(str),
    st.tuples(_years, st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
    st.tuples(_years, st.integers(1, 12), st.integers(1, 28)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"),
    st.integers(100, 299).map(lambda d: f"{d}X"),
    st.integers(10, 29).map(lambda c: f"{c}XX"),
)
_qualified = st.tuples(_units, st.sampled_from(["", "~", "?", "%"])).map(
    lambda t: t[0] + (t[1] if "X" not in t[0] else ""))
_notations = st.one_of(
    _qualified,
    st.tuples(_qualified, _qualified).map(lambda t: f"{t[0]}/{t[1]}"),
    _units.filter(lambda u: "X" not in u).map(lambda u: f"[..{u}]"),
    # "some day of this range", in order or not, of one precision or two
    st.tuples(_units, _units).filter(lambda t: "X" not in t[0] + t[1]).map(
        lambda t: f"[{t[0]}..{t[1]}]"),
    # sets, "one of these": in order or not, with invalid months now and then
    st.lists(_units.filter(lambda u: "X" not in u), min_size=2, max_size=4).map(
        lambda us: "[" + ",".join(us) + "]"),
    st.tuples(_years, st.integers(1, 13), st.integers(1, 13)).map(
        lambda t: f"[{t[0]}-{t[1]:02d},{t[0]}-{t[2]:02d}]"),
)


@settings(max_examples=300)
@given(_notations)
def test_fast_path_agrees_with_the_edtf_library(notation: str) -> None:
    try:
        fast = dates._fast_span(notation)
    except ValueError:
        fast = None
        with pytest.raises(ValueError):
            dates._edtf_span(notation)
    if fast is not None:  # None: left to the library, which is then the only judge
        assert fast == dates._edtf_span(notation)


def test_fast_path_leaves_the_rest_to_the_library() -> None:
    assert dates._fast_span("2021-21") is None  # a season
    assert dates._fast_span("1000~/100X") is None  # mixed forms
    assert dates._fast_span("2025-09-30/..") is None
    assert dates._fast_span("[2025-08,2025-07]") is None  # a set out of order
    assert dates._fast_span("{2025-07,2025-08}") is None  # "all of these"
    assert dates._fast_span("[2025-07..2025-09-30]") is None  # a range of two precisions


def test_the_fast_path_takes_every_date_of_the_seed() -> None:
    """The first-run build parses the seed's dates without the slow library."""
    seed = json.loads((Path(__file__).resolve().parents[1] / "data" / "seed.json").read_text())
    notations = {r[f] for r in [*seed["statements"], *seed["events"]]
                 for f in ("start", "end", "as_of", "date") if r.get(f)}
    assert "[2025-07,2025-08]" in notations
    assert [n for n in notations if dates._fast_span(n) is None] == []
    assert dates.parse("2025-09-30/..").latest is None
