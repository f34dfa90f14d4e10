"""Options shared by many commands, declared once (as sqlite-utils does for its output options)
so every command that takes `--format`, `--json`, `--db` or a period means the same by it."""

from __future__ import annotations

from idkb.cli.spec import Arg, Opt
from idkb.core.vocab import ENTITY_KINDS, OUTPUT_FORMATS, ROLES

FORMAT = Opt("fmt", ("--format", "-f"), "table (default), json, jsonl or csv.",
             default="table", choices=OUTPUT_FORMATS)
JSON = Opt("as_json", ("--json",), "Short for --format json.", default=False, type="flag")
DB = Opt("db_option", ("--db",), "Database file (default: IDKB_DB, else the user data folder).",
         metavar="PATH", envvar="IDKB_DB")
WIDE = Opt("wide", ("--wide",), "Keep each table row on one line, however long (plain text).",
           default=False, type="flag")
NO_PAGER = Opt("no_pager", ("--no-pager",),
               "On a terminal, print everything instead of paging long output (IDKB_PAGER, "
               "else PAGER, else less).", default=False, type="flag")
RAW_CSV = Opt("raw_csv", ("--raw-csv",), "CSV cells as stored: no ' before a leading =, +, -, "
              "@ (added so spreadsheets do not run them as formulas).", default=False,
              type="flag")
OUTPUT = (FORMAT, JSON, WIDE, NO_PAGER, RAW_CSV, DB)
# What the command line itself reads from OUTPUT, not the action: how to show the result.
DISPLAY_DESTS = ("fmt", "as_json", "wide", "no_pager", "raw_csv")

AS_OF = Opt("as_of", ("--as-of",),
            "Statements as of DATE (YYYY, YYYY-MM or YYYY-MM-DD), judged over every day it "
            "covers: held (all of it), partly held, may hold or last reported; those ended or "
            "not yet begun are left out.", metavar="DATE")
YEAR = Opt("year", ("--year", "-y"), "Events that may fall in this year.", metavar="YEAR",
           type="int", min=1, max=9999)
FROM = Opt("start", ("--from",),
           "From this date: 2021, 2021-04, 2021-04-12, or an EDTF span such as 195X (from its "
           "first day).", metavar="DATE")
TO = Opt("end", ("--to",), "Up to this date, inclusive (195X: up to its last day).",
         metavar="DATE")
TYPE = Opt("etype", ("--type", "-t"), "meeting, conference, founding, ...", metavar="TYPE",
           complete="event_types")
WITH = Opt("with_names", ("--with", "-w"),
           "Events NAME takes part in; repeat for events with all of them. NAME:ROLE asks for "
           "a role (\"Xi Jinping:host\"). A country takes part through its parties, people "
           "and organisations and by hosting.", metavar="NAME[:ROLE]",
           complete="entity_names", multiple=True)
IN = Opt("place", ("--in",), "Events held in this country.", metavar="COUNTRY",
         complete="country_names")
SOURCE = Opt("source", ("--source",), "Events this source cites (a source id).",
             metavar="SOURCE")
DATASET = Opt("dataset", ("--dataset",), "Events of this dataset.", metavar="DATASET",
              complete="dataset_names")
# The event filter, declared once for every command that narrows events down; the actions
# turn it into one query through cli.actions.filtering.event_query.
EVENT_FILTERS = (YEAR, FROM, TO, TYPE, WITH, IN, SOURCE, DATASET)
# Limits are capped so they always fit SQLite's 64-bit LIMIT (a bigger N is refused as usage).
MAX_LIMIT = 1_000_000_000
LIMIT = Opt("limit", ("--limit", "-n"), "At most N events.", metavar="N", type="int", min=0,
            max=MAX_LIMIT)

SEARCH_KINDS = (*ENTITY_KINDS, "entity", "event", "statement")
KIND = Opt("kind", ("--kind", "-k"), "Only this kind of record.", choices=SEARCH_KINDS)
SEARCH_LIMIT = Opt("limit", ("--limit", "-n"), "At most N results.", default=20, metavar="N",
                   type="int", min=1, max=MAX_LIMIT)
BY = Opt("by", ("--by", "-b"),
         "year, type, kind, country (where held), party-status, participant or "
         "participant-country; two keys (year,participant-country) give a cross-table.",
         default="year", metavar="KEY[,KEY]")
ENTITY_KIND = Opt("kind", ("--kind", "-k"), "Only entities of this kind.", choices=ENTITY_KINDS)
ROLE = Opt("role", ("--role", "-r"), "Only participants in this role.", choices=ROLES)
VIA = Opt("via", ("--via",), "Kinds a path may pass through, comma-separated (default: "
          "person,party,organisation).", default="person,party,organisation",
          metavar="KIND[,KIND]")
TOP = Opt("top", ("--top",), "Only the N largest counts.", metavar="N", type="int", min=1,
          max=MAX_LIMIT)


def name_arg(complete: str = "entity_names") -> Arg:
    """The NAME a profile, `related` or `path` looks up."""
    return Arg("name", "NAME", "A name, alias, Chinese name or id.", complete=complete)
