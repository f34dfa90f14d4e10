"""Whatever the input, the output loads: bad headers, control characters, huge runs of names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from idkb.extract import Item, extract, parse_item
from tests.test_extract_records import GAZ, assert_loadable

BASE = ("Beijing, April 22nd—Liu Jianchao, Minister of the International Department of the CPC "
        "Central Committee, met here today with Tetsuo Saito, Leader of the Komeito Party of "
        "Japan.")


def test_bad_header_values_are_dropped_and_noted() -> None:
    item = parse_item("url: not a url\npublished: April 23, 2025\ntitle: T\n\n" + BASE)
    x = extract(item, GAZ)
    assert_loadable(x.records)
    source = x.records[0]
    assert "url" not in source and "published" not in source
    assert any("url" in n for n in x.notes)
    assert any("published" in n for n in x.notes)


def test_control_characters_do_not_reach_the_records() -> None:
    x = extract(Item(text=BASE.replace("Tetsuo", "Tet\x07suo").replace(" met", "\x00 met"),
                     published="2025-04-23", title="a\x1bb"), GAZ)
    assert_loadable(x.records)
    assert len(x.events) == 1


def test_a_very_long_capitalised_run_is_not_a_name() -> None:
    run = " ".join(["Party"] * 400)
    x = extract(Item(text=BASE.replace("Komeito Party", run), published="2025-04-23"), GAZ)
    assert_loadable(x.records)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.text(max_size=400), st.sampled_from(["", "2024-01-03", "1999-12-31", "2025-02-28"]))
def test_any_text_gives_loadable_records(noise: str, published: str) -> None:
    x = extract(Item(text=BASE + " " + noise, published=published or None), GAZ)
    assert_loadable(x.records)
    x = extract(Item(text=noise + "\n\n" + BASE, published=published or None), GAZ)
    assert_loadable(x.records)
