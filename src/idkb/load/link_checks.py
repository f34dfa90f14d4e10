"""Checks on same-as records that need the whole load: every group joins entities of one kind."""

from __future__ import annotations

from collections.abc import Iterator


def mixed_kinds(same_as: list[tuple[list[str], str]],
                kinds: dict[str, str]) -> Iterator[tuple[str, str]]:
    """(where, message) for each same-as joining entities of different kinds."""
    for ids, where in same_as:
        if len({kinds[i] for i in ids if i in kinds}) > 1:
            shown = ", ".join(f"{i} ({kinds[i]})" for i in ids if i in kinds)
            yield where, f"a same-as joins entities of one kind; found {shown}"
