"""Records made in memory (an imported table's) checked into the steps of a load.

A load file goes through `checking.Checker`, which reads it. The records an import makes are
held in memory as JSON lines (table_plan): writing them to a file only for the load to read
them back cost about as much as making them. Here they are checked line by line as a JSON
Lines file's lines are, by the same checks (the fast check parses and checks each line in one
pass), into the same steps, worded as for a file holding them one to a line (`LABEL:LINE: `),
so the import can still name the table row behind each message. Many of them (as many bytes as a big
file) are checked in a second process, as a big file is read (`pipeline`): on an idle two-core
machine 100,000 rows imported in 6.4 s instead of 7.6 s. (On a machine whose cores are both
busy the second process gains nothing; it was measured slower there.)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Generator
from pathlib import Path

from idkb.load import pipeline
from idkb.load.checking import Checker, End, Input, Op, Start

Items = list[bytes]  # each record a JSON line with its "record" field (table_plan)


def made_input(label: str, items: Items) -> Input:
    """The records as one input of a load: named by `label`, the file they were made from,
    with a checksum of the records themselves (importing the same records again is seen as
    a load of the same file) and their size (which decides a big load)."""
    digest = hashlib.sha256()
    for item in items:
        digest.update(item)
    path = Path(label)
    return Input(label, str(path.resolve()), path, digest.hexdigest(), "jsonl",
                 sum(map(len, items)))


class RecordChecker(Checker):
    """`Checker` over records in memory: one input, its records taken from `items`."""

    def __init__(self, inp: Input, name: str | None, items: Items) -> None:
        super().__init__([inp], name)
        self.items = items

    def ops(self) -> Generator[Op, None, None]:
        inp = self.inputs[0]
        yield Start(0)
        for number, item in enumerate(self.items, start=1):
            yield from self._item(0, inp, self._line(inp, number, item))
        yield End(0)


def steps(made: Input, name: str | None, items: Items, pack: bool = False
          ) -> Generator[Op, None, None]:
    """The checked steps of the records, in a second process when they are many (as a big
    file is read: `pipeline.apart`), valid records packed into Rows when `pack`; close the
    iterator when done with it early."""
    return pipeline.checked(functools.partial(RecordChecker, made, name, items),
                            pipeline.apart([made]), pack)

