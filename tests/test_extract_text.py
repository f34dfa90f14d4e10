"""Splitting items: header, paragraphs, datelines, sentences."""

from __future__ import annotations

from idkb.extract.text import Dateline, paragraphs, parse_item, sentences, split_dateline


def test_header_then_text() -> None:
    item = parse_item(
        "url: https://x.org/a\npublisher: IDCPC\npublished: 2025-04-23\ntitle: A title\n\n"
        "First paragraph.\n\nSecond one.\n"
    )
    assert item.url == "https://x.org/a"
    assert item.publisher == "IDCPC"
    assert item.published == "2025-04-23"
    assert item.title == "A title"
    assert item.text == "First paragraph.\n\nSecond one."


def test_no_header_is_all_text() -> None:
    item = parse_item("Beijing, April 22nd—Someone met someone.\n")
    assert item.url is None
    assert item.text.startswith("Beijing")


def test_a_text_line_with_a_colon_is_not_a_header() -> None:
    item = parse_item("Note: this is text.\n\nMore text.")
    assert item.text.startswith("Note: this is text.")


def test_paragraphs_by_blank_lines_or_by_lines() -> None:
    assert paragraphs("a\nb\n\nc") == ["a b", "c"]
    assert paragraphs("One.\nTwo!\nThree") == ["One.", "Two!", "Three"]
    # Without blank lines, a line that ends no sentence is a hard-wrapped paragraph.
    assert paragraphs("Liu met\nSaito here.\n“Next.”\nLast") == [
        "Liu met Saito here.", "“Next.”", "Last"]


def test_idcpc_dateline() -> None:
    line, rest = split_dateline("Beijing, April 22nd—Liu Jianchao met here today.")
    assert line == Dateline("Beijing", 4, 22, None)
    assert rest == "Liu Jianchao met here today."


def test_xinhua_dateline_in_capitals() -> None:
    line, rest = split_dateline("BEIJING, Sept. 20 (Xinhua) -- Liu met X.")
    assert line == Dateline("Beijing", 9, 20, None)
    assert rest == "Liu met X."


def test_dateline_with_year_and_day_first() -> None:
    assert split_dateline("BEIJING, June 26, 2016 (Xinhua) -- x")[0] == Dateline(
        "Beijing", 6, 26, 2016
    )
    assert split_dateline("Beijing, 10 April—x")[0] == Dateline("Beijing", 4, 10, None)


def test_no_dateline() -> None:
    line, rest = split_dateline("In April, Guo Yezhou met X.")
    assert line is None
    assert rest == "In April, Guo Yezhou met X."


def test_sentences_keep_titles_and_initials() -> None:
    text = "Liu met H.E. Mr. Cleophas Malala on Oct. 31 in Beijing. They talked. Done."
    assert sentences(text) == [
        "Liu met H.E. Mr. Cleophas Malala on Oct. 31 in Beijing.",
        "They talked.",
        "Done.",
    ]
