"""Terminal rendering: rich tables that print data literally and safely, highlighted matches
and bar charts, and their piped twins."""

from __future__ import annotations

import io

from rich.console import Console

from idkb.render import emit, terminal
from idkb.render.sections import Bars, Fields, Grid, Section, clean


def render(sections: list[Section]) -> str:
    console = Console(record=True, width=100, force_terminal=True, color_system="truecolor")
    terminal.render(sections, console)
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


def _console() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, width=100, record=True)


def test_marked_cells_lose_their_asterisks_and_gain_a_style() -> None:
    text = terminal.marked("shares **poverty** **alleviation** with")
    assert text.plain == "shares poverty alleviation with"
    assert [text.plain[s.start:s.end] for s in text.spans] == ["poverty", "alleviation"]


def test_a_grid_with_a_marked_column() -> None:
    console = _console()
    terminal.render([Grid("Search", ["id", "match"], [["a", "x **y** z"]], marked=(1,))],
                  console)
    assert "x y z" in console.export_text()


def test_bars_on_a_terminal_and_piped() -> None:
    bars = Bars("Events by type", [("meeting", 4), ("paper", 1), ("none", 0)], "a note")
    console = _console()
    terminal.render([bars], console)
    drawn = console.export_text()
    assert "meeting" in drawn and "█" in drawn and "a note" in drawn
    out = io.StringIO()
    emit.write_plain([bars], out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Events by type"
    assert lines[1].endswith(" " + "#" * 40) and lines[2].endswith(" " + "#" * 10)
    assert lines[3].rstrip().endswith("0")


def test_a_long_grid_is_drawn_whole_up_to_the_cap_and_says_how_to_see_the_rest() -> None:
    rows = [[str(i), f"event {i}"] for i in range(terminal.MAX_ROWS + 30)]
    out = io.StringIO()
    console = Console(file=out, width=80, height=40, force_terminal=True, color_system=None)
    terminal.render([Grid("Events", ["n", "event"], rows)], console)
    text = out.getvalue()
    last = terminal.MAX_ROWS - 1
    assert f"event {last}\n" in text and f"event {last + 1}" not in text
    assert "30 more rows not shown" in text and "--format\njsonl" in text


def test_short_grid_is_drawn_whole() -> None:
    import io

    from rich.console import Console

    from idkb.render import terminal

    out = io.StringIO()
    console = Console(file=out, width=80, height=40, force_terminal=True, color_system=None)
    terminal.render([Grid("Events", ["n"], [[str(i)] for i in range(30)])], console)
    assert "29" in out.getvalue() and "more rows" not in out.getvalue()
