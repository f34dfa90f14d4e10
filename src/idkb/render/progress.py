"""A progress meter for long loads: records per second, drawn by rich on a terminal."""

from __future__ import annotations

import sys
import time
from typing import Any


class Meter:
    """Records per second: a rich progress bar on a terminal once a load takes a moment."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.start = time.monotonic()
        self.records = 0
        self.bar: Any = None
        self.task: Any = None
        self.tty = sys.stderr.isatty()

    def __call__(self, n: int) -> None:
        self.records += n
        if not self.tty:
            return
        if self.bar is None and time.monotonic() - self.start > 1:
            from rich.progress import (
                BarColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(TextColumn(self.verb), BarColumn(),
                                TextColumn("{task.completed:,} records"),
                                TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                transient=True)
            self.bar.start()
            self.task = self.bar.add_task(self.verb, total=None, rate="")
        if self.bar is not None:
            self.bar.update(self.task, completed=self.records, rate=self.rate())

    def rate(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        return f"{self.records / elapsed:,.0f} records/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()

    def summary(self) -> str:
        return f"{self.records:,} records in {time.monotonic() - self.start:.1f} s ({self.rate()})"
