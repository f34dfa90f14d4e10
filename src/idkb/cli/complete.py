"""Shell completion values read from the database: entity names, and event types for --type.

The shell runs these on every Tab press, so they must be quick and quiet: the database is opened
read-only with the standard library, never built or refreshed, and any problem at all (no
database yet, a damaged or foreign file) gives no completions instead of an error.

Attach them with typer's `autocompletion=`, e.g.
`typer.Argument(autocompletion=complete.entity_names)` for any NAME that `resolve` accepts.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing

import typer

from idkb.core import paths

Completion = tuple[str, str]  # (value, help shown beside it in zsh and fish)
LIMIT = 60
_BASH_SPECIAL = re.compile(r"[^\w\-.,/:@+=%^]")


def _connect(ctx: typer.Context | None) -> sqlite3.Connection | None:
    option = ctx.params.get("db_option") if ctx is not None else None
    path = paths.db_path(option if isinstance(option, str) else None)
    if not path.is_file():
        return None
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0.5)


def _like(incomplete: str) -> str:
    escaped = incomplete.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _as_typed(name: str, incomplete: str) -> str:
    r"""The name with the typed prefix kept as typed ("song" + "g Tao"), since typer offers only
    values that start with exactly what was typed, while names match case-insensitively.
    Unescaped: typer compares it with the word as the shell means it ("Liu " for `Liu\ `);
    bash's replies are escaped after that comparison (`bash_reply`)."""
    return incomplete + name[len(incomplete):]


def bash_reply(value: str) -> str:
    """A completion as bash inserts it, as it is: spaces, quotes and the like escaped with a
    backslash, as a user would type them (Chinese characters need nothing)."""
    return _BASH_SPECIAL.sub(r"\\\g<0>", value)


def _names(ctx: typer.Context | None, incomplete: str, kind: str | None) -> list[Completion]:
    sql = (
        "SELECT n.name, n.kind, e.name, e.kind FROM entity_names n "
        "JOIN entities e ON e.id = n.entity_id WHERE n.name LIKE ? ESCAPE '\\'"
        + (" AND e.kind = ?" if kind else "")
        + " ORDER BY n.kind != 'name', n.name LIMIT ?"
    )
    args: tuple[object, ...] = (_like(incomplete), kind, LIMIT) if kind else \
        (_like(incomplete), LIMIT)
    try:
        conn = _connect(ctx)
        if conn is None:
            return []
        with closing(conn):
            rows = conn.execute(sql, args).fetchall()
    except (sqlite3.Error, OSError, ValueError):
        return []
    found: dict[str, str] = {}
    for name, name_kind, main, entity_kind in rows:
        value = _as_typed(name, incomplete)
        found.setdefault(value, entity_kind if name_kind == "name" else f"{entity_kind}: {main}")
    return list(found.items())


def entity_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """Names and aliases of every entity starting with what was typed."""
    return _names(ctx, incomplete, None)


def person_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    return _names(ctx, incomplete, "person")


def party_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    return _names(ctx, incomplete, "party")


def country_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    return _names(ctx, incomplete, "country")


def org_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    return _names(ctx, incomplete, "organisation")


def _rows(ctx: typer.Context, sql: str, incomplete: str) -> list[tuple[str, int]]:
    """Rows of `sql` (one LIKE parameter) from the database, or none if it cannot be read."""
    try:
        conn = _connect(ctx)
        if conn is None:
            return []
        with closing(conn):
            return [(r[0], r[1]) for r in conn.execute(sql, (_like(incomplete),))]
    except (sqlite3.Error, OSError, ValueError):
        return []


def event_types(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """The event types the database holds, with how many events each has."""
    rows = _rows(ctx, "SELECT type, count(*) FROM events WHERE type LIKE ? ESCAPE '\\' "
                      "GROUP BY type ORDER BY type", incomplete)
    return [(_as_typed(t, incomplete), f"{n} event{'s' * (n != 1)}") for t, n in rows]


def dataset_names(ctx: typer.Context, incomplete: str) -> list[Completion]:
    """The loaded datasets, with how many events each holds."""
    rows = _rows(ctx, "SELECT name, events FROM datasets WHERE name LIKE ? ESCAPE '\\' "
                      "ORDER BY name", incomplete)
    return [(name, f"{n or 0} events") for name, n in rows]
