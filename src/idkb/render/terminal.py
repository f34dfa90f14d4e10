"""Drawing sections with rich on a terminal (imported only when stdout is a terminal).

Tables are fitted to the terminal's width by idkb.render.fit, as piped text is: whole words,
the least important columns left out first on a narrow screen, and a URL shown as a short
link text (the terminal makes it clickable). Output taller than the screen goes through a
pager (idkb.render.pager) instead of being cut.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rich import box
from rich.console import Console
from rich.style import Style
from rich.table import Table
from rich.text import Text

from idkb.render import pager
from idkb.render.fit import Rules, fit, separator, wrap
from idkb.render.sections import Bars, Fields, Grid, Section

MARK = "**"
MAX_ROWS = 2000  # rows drawn per table at most; rich takes seconds for many thousands
GAP = 3  # rich's column divider plus a space of padding on each side
# Only a plain web address becomes a link (the rest of the cell is data, shown as text).
_LINKABLE = re.compile(r"https?://[!#-~]+")


def marked(cell: str) -> Text:
    """A cell whose **matches** are shown highlighted instead of between asterisks."""
    text = Text()
    for i, part in enumerate(cell.split(MARK)):
        text.append(part, style="bold yellow" if i % 2 else "")
    return text


def link_text(url: str) -> str:
    """What a URL cell shows: its host, and "/…" when there is more (the link has it all)."""
    if not url:
        return ""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.") or url
    return host + ("/…" if parts.path.strip("/") or parts.query else "")


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


def _cell(section: Grid, j: int, cell: str) -> Text:
    if j in section.marked:
        return marked(cell)
    if j in section.links and _LINKABLE.fullmatch(cell):
        return Text(link_text(cell), style=Style(link=cell, underline=True))
    return Text(cell)  # Text(), not markup: "[bold]" in the data prints as it is


def _broken(text: Text, width: int, sep: str) -> Text:
    """A cell broken into lines between its list items or phrases, not inside one."""
    return Text("\n".join(wrap(text.plain, width, sep)), style=text.style)


def _grid(section: Grid, console: Console, wide: bool) -> None:
    rows = section.rows[:MAX_ROWS]
    shown = [[_cell(section, j, c) for j, c in enumerate(row)] for row in rows]
    rules = Rules(section.drop, section.whole, section.lists)
    fitted = fit(section.columns, [[t.plain for t in row] for row in shown],
                 None if wide else console.width, rules, gap=GAP, indent=0)
    table = Table(title=Text(section.title, style="bold"), title_justify="left",
                  box=box.SIMPLE_HEAD, header_style="bold", expand=False, show_edge=False,
                  pad_edge=False)
    for j, width in zip(fitted.keep, fitted.widths, strict=True):
        table.add_column(section.columns[j], width=width, overflow="fold",
                         no_wrap=wide)
    for row in shown:
        table.add_row(*(_broken(row[j], w, sep) if (sep := separator(j, rules)) else row[j]
                        for j, w in zip(fitted.keep, fitted.widths, strict=True)))
    console.print(table, crop=not wide, soft_wrap=wide)
    if section.note:
        console.print(Text(section.note, style="dim"))
    if fitted.left_out:
        names = ", ".join(section.columns[j] for j in fitted.left_out)
        console.print(Text(f"left out at this width: {names}; --wide or --format csv shows "
                           "every column", style="dim"))
    if len(rows) < len(section.rows):
        console.print(Text(f"{len(section.rows) - len(rows):,} more rows not shown on the "
                           "terminal; pipe the output (| less) or use --format jsonl or csv "
                           "for all of them", style="yellow"))


def render(sections: list[Section], console: Console | None = None, wide: bool = False) -> None:
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
            _grid(section, console, wide)


def show(sections: list[Section], wide: bool = False, page: bool = True,
         console: Console | None = None) -> None:
    """Draw on the terminal; through the pager when it is taller than the screen."""
    console = console or Console()
    line = pager.command() if page else None
    if line is None:
        render(sections, console, wide)
        return
    with console.capture() as captured:
        render(sections, console, wide)
    text = captured.get()
    if text.count("\n") < console.height or not pager.page(text, line):
        console.file.write(text)
        console.file.flush()
