"""Options shared by many commands, declared once (as sqlite-utils does for its output options)
so every command that takes `--format`, `--json`, `--db` or a period means the same by it."""

from __future__ import annotations

from idkb.cli.spec import Arg, Opt
from idkb.core.vocab import ENTITY_KINDS, OUTPUT_FORMATS

FORMAT = Opt("fmt", ("--format", "-f"), "table (default), json, jsonl or csv.",
             default="table", choices=OUTPUT_FORMATS)
JSON = Opt("as_json", ("--json",), "Short for --format json.", default=False, type="flag")
DB = Opt("db_option", ("--db",), "Database file (default: IDKB_DB, else the user data folder).",
         metavar="PATH", envvar="IDKB_DB")
RAW_CSV = Opt("raw_csv", ("--raw-csv",), "CSV cells as stored: no ' before a leading =, +, -, "
              "@ (added so spreadsheets do not run them as formulas).", default=False,
              type="flag")
OUTPUT = (FORMAT, JSON, RAW_CSV, DB)
# Output options the render step reads itself; actions do not take them.
RENDER_OPTIONS = ("fmt", "as_json", "raw_csv")

AS_OF = Opt("as_of", ("--as-of",),
            "Statements as of DATE (YYYY, YYYY-MM or YYYY-MM-DD): held, may hold or last "
            "reported then; those ended or not yet begun are left out.", metavar="DATE")
YEAR = Opt("year", ("--year", "-y"), "Events that may fall in this year.", metavar="YEAR",
           type="int", min=1, max=9999)
FROM = Opt("start", ("--from",), "From this date (2021, 2021-04, ...).", metavar="DATE")
TO = Opt("end", ("--to",), "Up to this date, inclusive.", metavar="DATE")
TYPE = Opt("etype", ("--type", "-t"), "meeting, conference, founding, ...", metavar="TYPE",
           complete="event_types")
WITH = Opt("with_name", ("--with", "-w"), "Events this entity takes part in.", metavar="NAME",
           complete="entity_names")
# Limits are capped so they always fit SQLite's 64-bit LIMIT (a bigger N is refused as usage).
MAX_LIMIT = 1_000_000_000
LIMIT = Opt("limit", ("--limit", "-n"), "At most N events.", metavar="N", type="int", min=0,
            max=MAX_LIMIT)

SEARCH_KINDS = (*ENTITY_KINDS, "entity", "event", "statement")
KIND = Opt("kind", ("--kind", "-k"), "Only this kind of record.", choices=SEARCH_KINDS)
SEARCH_LIMIT = Opt("limit", ("--limit", "-n"), "At most N results.", default=20, metavar="N",
                   type="int", min=1, max=MAX_LIMIT)
STATS_BY = ("year", "type", "kind", "country", "party-status")
BY = Opt("by", ("--by", "-b"), "year, type, kind, country or party-status.", default="year",
         choices=STATS_BY)


def name_arg(complete: str = "entity_names") -> Arg:
    """The NAME a profile, `related` or `path` looks up."""
    return Arg("name", "NAME", "A name, alias, Chinese name or id.", complete=complete)
