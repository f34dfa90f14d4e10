"""Drawing sections with rich on a terminal (imported only when stdout is a terminal)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from idkb.views import Fields, Section


def render(sections: list[Section], console: Console | None = None) -> None:
    console = console or Console()
    for section in sections:
        if isinstance(section, Fields):
            console.print(Text(section.title, style="bold cyan"))
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column()
            for key, value in section.items:
                # Text(), not markup: "[bold]" in the data prints as it is.
                grid.add_row(Text(key), Text(value))
            console.print(grid)
            continue
        if not section.rows:
            continue
        table = Table(title=Text(section.title, style="bold"), title_justify="left",
                      box=box.SIMPLE_HEAD, header_style="bold", expand=False)
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
        if section.note:
            console.print(Text(section.note, style="dim"))
