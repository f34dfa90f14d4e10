"""The date of a contact from the dateline and the words of the text."""

from __future__ import annotations

from datetime import date

import pytest

from idkb.extract.dates import anchor, resolve, slug
from idkb.extract.text import Dateline

TUESDAY = date(2023, 4, 18)


def test_anchor_takes_the_year_from_publication() -> None:
    assert anchor(Dateline("Beijing", 4, 22, None), date(2025, 4, 23)) == date(2025, 4, 22)


def test_anchor_across_a_new_year() -> None:
    assert anchor(Dateline("Beijing", 12, 30, None), date(2024, 1, 3)) == date(2023, 12, 30)


def test_anchor_prefers_the_datelines_own_year() -> None:
    assert anchor(Dateline("Beijing", 6, 26, 2016), date(2020, 1, 1)) == date(2016, 6, 26)


def test_anchor_without_dateline_is_publication() -> None:
    assert anchor(None, date(2021, 5, 4)) == date(2021, 5, 4)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Liu met here today with X.", "2023-04-18"),
        ("Liu met yesterday with X.", "2023-04-17"),
        ("Liu met X in Beijing on Tuesday.", "2023-04-18"),
        ("Liu met X in Beijing on Monday.", "2023-04-17"),
        ("Liu met X on Wednesday.", "2023-04-12"),
        ("Liu met X on April 13.", "2023-04-13"),
        ("Liu met X on 9 April.", "2023-04-09"),
        ("X visited China from Monday to Tuesday.", "2023-04-17/2023-04-18"),
        ("X visited Laos from April 12 to 14.", "2023-04-12/2023-04-14"),
        ("X visited China from March 27 to April 2.", "2023-03-27/2023-04-02"),
        ("X visited China April 10-14.", "2023-04-10/2023-04-14"),
        ("In March, Guo met X.", "2023-03"),
        ("In December 2021, Guo met X.", "2021-12"),
        ("Earlier this month, Sun met X.", "2023-04"),
        ("Last month, Sun met X.", "2023-03"),
    ],
)
def test_resolve(sentence: str, expected: str) -> None:
    assert resolve(sentence, TUESDAY, None) == expected


def test_a_month_later_than_the_anchor_is_last_year() -> None:
    assert resolve("In November, Guo met X.", date(2024, 1, 5), None) == "2023-11"


def test_a_december_day_in_a_january_item_is_last_year() -> None:
    assert resolve("They met on December 30.", date(2024, 1, 3), None) == "2023-12-30"


def test_a_range_over_the_new_year() -> None:
    got = resolve("X visited from December 30 to January 2.", date(2024, 1, 3), None)
    assert got == "2023-12-30/2024-01-02"


def test_same_day_takes_the_previous_contacts_date() -> None:
    assert resolve("Liu met Y on the same day.", TUESDAY, "2023-04-17") == "2023-04-17"


def test_no_date_words() -> None:
    assert resolve("Liu met Y.", TUESDAY, None) is None


def test_without_anchor_only_full_dates() -> None:
    assert resolve("Liu met Y on Monday.", None, None) is None
    assert resolve("Liu met Y on May 4, 2021.", None, None) == "2021-05-04"


def test_date_slug_fits_an_id() -> None:
    assert slug("2021-04-12/2021-04-14") == "2021-04-12-to-2021-04-14"
    assert slug("[..2021-04-22]") == "by-2021-04-22"
