"""Ids in batches small enough for one SQL `IN (...)` list."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from idkb.core.vocab import BATCH

T = TypeVar("T")


def batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    """`items` in slices of at most `size`, in order."""
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(chunk: Sequence[object]) -> str:
    """The `?, ?, ?` placeholders for one batch."""
    return ",".join("?" * len(chunk))
