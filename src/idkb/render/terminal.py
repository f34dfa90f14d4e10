"""Drawing sections with rich on a terminal (imported only when stdout is a terminal)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from idkb.render.sections import Bars, Fields, Grid, Section

MARK = "**"


def marked(cell: str) -> Text:
    """A cell whose **matches** are shown highlighted instead of between asterisks."""
    text = Text()
    for i, part in enumerate(cell.split(MARK)):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def _bars(section: Bars, console: Console) -> None:
    console.print(Text(section.title, style="bold"))
    top = max((n for _, n in section.rows), default=0)
    label_width = max((len(k) for k, _ in section.rows), default=0)
    width = max(10, min(50, console.width - label_width - 12))
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    table.add_column()
    for key, n in section.rows:
        cells = max(1, round(n * width / top)) if n else 0
        table.add_row(Text(key), Text(str(n)), Text("█" * cells, style="cyan"))
    console.print(table)
    if section.note:
        console.print(Text(section.note, style="dim"))


def shown_rows(section: Grid, height: int) -> int:
    """How many rows of a grid to draw on a terminal of `height` lines.

    Drawing a table of thousands of rows takes rich seconds and scrolls what matters away, so
    a terminal gets a screenful; piped or redirected output (plain text) is always complete.
    """
    return len(section.rows) if len(section.rows) <= max(height - 6, 20) else max(height - 8,
                                                                                  15)


def _grid(section: Grid, console: Console) -> None:
    shown = shown_rows(section, console.height)
    table = Table(title=Text(section.title, style="bold"), title_justify="left",
                  box=box.SIMPLE_HEAD, header_style="bold", expand=False)
    for column in section.columns:
        table.add_column(column, overflow="fold")
    for row in section.rows[:shown]:
        # Text(), not markup: "[bold]" in the data prints as it is.
        table.add_row(*(marked(cell) if j in section.marked else Text(cell)
                        for j, cell in enumerate(row)))
    console.print(table)
    if section.note:
        console.print(Text(section.note, style="dim"))
    if shown < len(section.rows):
        console.print(Text(f"{len(section.rows) - shown:,} more rows not shown on the terminal; "
                           "pipe the output (| less) or use --format jsonl or csv for all of "
                           "them", style="yellow"))


def render(sections: list[Section], console: Console | None = None) -> None:
    console = console or Console()
    for section in sections:
        if isinstance(section, Bars):
            _bars(section, console)
        elif isinstance(section, Fields):
            console.print(Text(section.title, style="bold cyan"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
            for key, value in section.items:
                grid.add_row(Text(key), Text(value))
            console.print(grid)
        elif section.rows:
            _grid(section, console)
