"""Terminal rendering: rich tables that print data literally and safely."""

from __future__ import annotations

from rich.console import Console

from idkb import tables
from idkb.views import Fields, Grid, clean


def render(sections: list[Fields | Grid]) -> str:
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    tables.render(sections, console)
    return console.export_text()


def test_fields_and_grids_are_drawn() -> None:
    text = render([Fields("Song Tao", [("id", "song-tao")]),
                   Grid("Events", ["date", "event"], [["Apr 2021", "A meeting"]], note="1 more")])
    assert "Song Tao" in text and "song-tao" in text
    assert "Apr 2021" in text and "A meeting" in text and "1 more" in text


def test_empty_grids_are_left_out() -> None:
    assert "Nothing" not in render([Grid("Nothing", ["a"])])


def test_rich_markup_in_data_prints_literally() -> None:
    text = render([Grid("T", ["name"], [["[bold]x[/bold] [link=http://e.vil]y[/link]"]])])
    assert "[bold]x[/bold]" in text and "[link=http://e.vil]" in text


def test_control_and_bidi_characters_are_escaped() -> None:
    assert clean("evil\x1b[31mred\u202e") == "evil\\x1b[31mred\\u202e"
    assert clean(None) == "" and clean("line\nbreak") == "line break"
