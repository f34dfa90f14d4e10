"""The options of the read commands, declared once as plain data (standard library only).

Typer builds the full command line from these declarations (see options.py), and the fast path
(fastpath.py) parses the hottest read commands with the very same declarations without
importing typer at all. A test checks that the options typer ends up with are exactly these.
"""

from __future__ import annotations

from typing import NamedTuple


class Opt(NamedTuple):
    dest: str  # the parameter's name in the command function
    flags: tuple[str, ...]
    help: str
    default: object = None
    metavar: str | None = None
    choices: tuple[str, ...] = ()  # matched without regard to case
    is_flag: bool = False
    integer: bool = False
    min: int | None = None
    max: int | None = None
    envvar: str | None = None
    complete: str | None = None  # shell completion: a function's name in idkb.complete


FORMATS = ("table", "json", "jsonl", "csv")

FORMAT = Opt("fmt", ("--format", "-f"), "table (default), json, jsonl or csv.",
             default="table", choices=FORMATS)
JSON = Opt("as_json", ("--json",), "Short for --format json.", default=False, is_flag=True)
DB = Opt("db_option", ("--db",), "Database file (default: IDKB_DB, else the user data folder).",
         metavar="PATH", envvar="IDKB_DB")
AS_OF = Opt("as_of", ("--as-of",), "Only what held on DATE (YYYY, YYYY-MM or YYYY-MM-DD).",
            metavar="DATE")

YEAR = Opt("year", ("--year", "-y"), "Events that may fall in this year.", metavar="YEAR",
           integer=True,
           min=1, max=9999)
FROM = Opt("start", ("--from",), "From this date (2021, 2021-04, ...).", metavar="DATE")
TO = Opt("end", ("--to",), "Up to this date, inclusive.", metavar="DATE")
TYPE = Opt("etype", ("--type", "-t"), "meeting, conference, founding, ...", metavar="TYPE",
           complete="event_types")
WITH = Opt("with_name", ("--with", "-w"), "Events this entity takes part in.", metavar="NAME",
           complete="entity_names")
LIMIT = Opt("limit", ("--limit", "-n"), "At most N events.", metavar="N", integer=True,
            min=0)

KIND = Opt("kind", ("--kind", "-k"), "Only this kind of record.",
           choices=("person", "party", "country", "organisation", "entity", "event",
                    "statement"))
SEARCH_LIMIT = Opt("limit", ("--limit", "-n"), "At most N results.", default=20, metavar="N",
                   integer=True, min=1)
BY = Opt("by", ("--by", "-b"), "year, type, kind, country or party-status.", default="year",
         choices=("year", "type", "kind", "country", "party-status"))

OUTPUT = (FORMAT, JSON, DB)

# Profile commands take one NAME argument; the value is the entity kind they look for.
PROFILE_KINDS: dict[str, str | None] = {
    "person": "person", "party": "party", "country": "country", "org": "organisation",
    "show": None,
}

# Every command the fast path may run, with its options in the order typer declares them.
COMMANDS: dict[str, tuple[Opt, ...]] = {
    **{name: (AS_OF, *OUTPUT) for name in PROFILE_KINDS},
    "events": (YEAR, FROM, TO, TYPE, WITH, LIMIT, *OUTPUT),
    "sources": OUTPUT,
    "search": (KIND, SEARCH_LIMIT, *OUTPUT),
    "timeline": (FROM, TO, *OUTPUT),
    "related": OUTPUT,
    "stats": (BY, *OUTPUT),
}

# The arguments a command takes: the parameter's name, and how many (at least, at most).
ARGUMENTS: dict[str, tuple[str, int, int]] = {
    **{name: ("name", 1, 1) for name in PROFILE_KINDS},
    "search": ("text", 1, 1), "timeline": ("name", 0, 1), "related": ("name", 1, 1),
}
