"""Every command of idkb, declared once: name, help, arguments, options, and the action that
runs it. The typer app, the fast parser and the command reference are all derived from this
table; adding a command or an option is one edit here plus its action and test."""

from __future__ import annotations

from idkb.cli.options import (
    AS_OF,
    BY,
    DB,
    ENTITY_KIND,
    EVENT_FILTERS,
    FROM,
    JSON,
    KIND,
    LIMIT,
    OUTPUT,
    RAW_CSV,
    ROLE,
    SEARCH_LIMIT,
    TO,
    TOP,
    VIA,
    name_arg,
)
from idkb.cli.spec import Arg, Command, Group, Opt, doc
from idkb.core.vocab import ENTITY_KINDS

LOOK_UP, EXPLORE, DATA, DATABASE = "Look up", "Explore", "Data", "Database"
PANELS = (LOOK_UP, EXPLORE, DATA, DATABASE)  # the order of the groups in --help


def _profile(name: str, kind: str, help: str) -> Command:
    complete = {"organisation": "org_names", "entity": "entity_names"}.get(kind, f"{kind}_names")
    return Command(name, f"lookup:{'show' if kind == 'entity' else kind}", help, LOOK_UP,
                   args=(name_arg(complete),), opts=(AS_OF, *OUTPUT))


PROFILES = (
    _profile("person", "person", doc("""
        A person's profile: names, positions with their periods, events, sources.

        Example: idkb person "Song Tao"   ·   idkb person 宋涛 --json
        """)),
    _profile("party", "party", doc("""
        A political party's profile: where it rules, its members and leaders, its contacts
        with the ID, sources.

        Example: idkb party "Communist Party USA"   ·   idkb party Baath
        """)),
    _profile("country", "country", doc("""
        A country's profile: its ruling party, ambassadors; its parties, organisations and
        people with their event counts and the statements about them; and the events it took
        part in through any of them or hosted (the events of: idkb events --with COUNTRY).

        Examples: idkb country Morocco   ·   idkb country USA --json
        """)),
    _profile("org", "organisation", doc("""
        An organisation's profile (department, ministry, think tank, newspaper, ...).

        Example: idkb org ILD --as-of 2021-06-04
        """)),
    _profile("show", "entity", doc("""
        Any entity's profile, whatever its kind.

        Example: idkb show "International Department" --as-of 2021-06-04
        """)),
)

LISTS = (
    Command("events", "lookup:events", doc("""
        Dated events in date order. Partial dates match by overlap: "Apr 2021" is in 2021.

        Filters combine (AND); --with may repeat, and NAME:ROLE asks for a role.

        Examples: idkb events --year 2021   ·   idkb events --with Morocco --json

        Examples: idkb events --with "ID:participant" --with "Communist Party USA"

        Examples: idkb events --in Syria --type sharing-session --format csv
        """), EXPLORE,
            opts=(*EVENT_FILTERS, LIMIT, *OUTPUT)),
    Command("sources", "lookup:sources", doc("""
        Every source, with how many statements and events cite it.

        Example: idkb sources --format csv
        """), LOOK_UP, opts=OUTPUT),
)

EXPLORING = (
    Command("search", "explore:search", doc("""
        Full-text search over names, aliases, summaries, statements and events, best first.

        Anything can be typed: quotes, hyphens and operators are searched as text.

        Examples: idkb search "poverty alleviation"   ·   idkb search 宋涛 --kind person
        """), EXPLORE,
            args=(Arg("text", "TEXT", "Words or a name, in English or Chinese."),),
            opts=(KIND, SEARCH_LIMIT, *OUTPUT)),
    Command("timeline", "explore:timeline", doc("""
        Events in date order, in one table with a year column; for an entity also when its
        positions start and end (once: an appointment that day stands for it). Dates read as
        the source gives them ("Apr 2021", "1950s–1960s").

        The event filters of 'idkb events' apply (a country's timeline holds what
        'idkb events --with COUNTRY' lists).

        Examples: idkb timeline "Song Tao"   ·   idkb timeline --from 2021 --to 2021

        Examples: idkb timeline USA --type meeting --format csv
        """), EXPLORE,
            args=(Arg("name", "[NAME]",
                      "Only this entity's events and positions (default: every event).",
                      required=False, complete="entity_names"),),
            opts=(*EVENT_FILTERS, *OUTPUT)),
    Command("related", "links:related", doc("""
        Every entity linked to NAME, one row each: shared events (how many, first and last
        date) and statements (how), most shared events first. A country is linked to the
        parties, people and organisations based in it.

        Examples: idkb related "Song Tao"   ·   idkb related Morocco --kind party --limit 5
        """), EXPLORE, args=(name_arg(),),
            opts=(ENTITY_KIND, LIMIT._replace(help="At most N linked entities."), *OUTPUT)),
    Command("path", "links:path", doc("""
        The shortest chain of links from A to B, each link with its date and source.

        A path passes only through the kinds --via names (default: person, party,
        organisation: countries link nearly everything, so they are not passed through
        unless asked). With --from/--to every link lies in the period.

        "No connection" is an answer, not an error (exit 0).

        Examples: idkb path "Song Tao" "Communist Party USA"

        Examples: idkb path "Song Tao" Brunei --via person,organisation --from 2015
        """), EXPLORE,
            args=(name_arg()._replace(dest="a", metavar="A"),
                  name_arg()._replace(dest="b", metavar="B")),
            opts=(VIA, FROM, TO, *OUTPUT)),
    Command("graph", "links:graph", doc("""
        The network of entities and links, for Graphviz (dot), Mermaid or Gephi (graphml).

        With event filters, only the events they choose are drawn, with the entities
        linked through them.

        Examples: idkb graph --format mermaid   ·   idkb graph -a "Song Tao" -d 1

        Examples: idkb graph --with Morocco --format json

        Drawn with Graphviz: idkb graph | dot -Tpng -o seed-graph.png
        """), EXPLORE, output=False,
            opts=(Opt("around", ("--around", "-a"), "Only the part within --depth links of NAME.",
                      metavar="NAME", complete="entity_names"),
                  Opt("depth", ("--depth", "-d"), "Links out from --around.", default=2,
                      type="int", min=1, max=10),
                  Opt("fmt", ("--format", "-f"),
                      "dot (default), mermaid, graphml, json, jsonl, csv or table.",
                      default="dot", choices=("dot", "mermaid", "graphml", "json", "jsonl",
                                              "csv", "table")),
                  *EVENT_FILTERS, JSON, RAW_CSV, DB)),
    Command("stats", "explore:stats", doc("""
        Counts as bar charts: events by year, type, country where held, party status,
        participant or participating country; entities by kind. Two keys give a cross-table.

        The event filters of 'idkb events' choose the events counted. Breakdowns with one key
        per event add up to the total; by participant an event counts once for each entity
        (or country) taking part, so those rows need not add up.

        Examples: idkb stats --by type --format csv

        Examples: idkb stats --by participant --kind person --with ID --year 2021 --top 5

        Examples: idkb stats --by year,participant-country --from 2020 --format csv
        """), EXPLORE, opts=(BY, ENTITY_KIND, ROLE, TOP, *EVENT_FILTERS, *OUTPUT)),
)

FILES = Arg("files", "FILE...", "Files in the load format (.json, .jsonl, .csv); '-' reads stdin.",
            many=True)
DATASET = Opt("dataset", ("--name",), "Dataset name (default: the file's own, else its name).",
              metavar="DATASET")
REPLACE = Opt("replace", ("--replace",),
              "Replace a dataset of the same name, and records whose ids exist.", default=False,
              type="flag")
IN_FORMAT = Opt("fmt", ("--format", "-f"), "json, jsonl or csv (default: from the file name).",
                choices=("json", "jsonl", "csv"))

DATA_COMMANDS = (
    Command("load", "data:load", doc("""
        Add records from files, all or nothing: one invalid record and nothing is written.

        Every problem is listed with its file, line and field (exit code 2). Each file becomes
        a dataset (see: idkb datasets), also kept as a file so 'idkb db rebuild' restores it.

        Example: idkb load docs/examples/contacts.json docs/examples/meetings.csv
        """), DATA,
            args=(FILES,), opts=(DATASET, REPLACE, IN_FORMAT, DB), output=False),
    Command("validate", "data:validate", doc("""
        Run every check 'idkb load' runs, and write nothing.

        Example: idkb validate docs/examples/contacts.json docs/examples/meetings.csv
        """), DATA,
            args=(FILES,), opts=(DATASET, REPLACE, IN_FORMAT, DB), output=False),
    Command("extract", "extract:extract", doc("""
        Draft records from press items about the ID's contacts, for review, then 'idkb load'.

        Prints a source, the people, parties and countries not yet in the database, the
        positions the text gives and one event per contact, in the load format (JSON Lines;
        --format json for one document). What the rules could not fill is listed on stderr.
        Nothing is written to the database. A file may start with 'url:', 'publisher:',
        'published:' and 'title:' lines and a blank line; the options override them. Exit 1
        when an item reports no contact the rules recognise.

        Example: idkb extract docs/examples/item.txt > draft.jsonl

        Example: idkb extract docs/examples/item-xinhua.txt --format json
        """), DATA,
            args=(Arg("files", "FILE...", "Text files, one item each; '-' reads stdin.",
                      many=True),),
            opts=(Opt("url", ("--url",), "The item's address.", metavar="URL"),
                  Opt("published", ("--published",),
                      "Publication date (YYYY-MM-DD), the anchor for the text's dates.",
                      metavar="DATE"),
                  Opt("publisher", ("--publisher",), "Who published it (IDCPC, Xinhua, ...).",
                      metavar="PUBLISHER"),
                  Opt("title", ("--title",), "The item's title.", metavar="TEXT"),
                  Opt("fmt", ("--format", "-f"), "jsonl (default) or json.", default="jsonl",
                      choices=("jsonl", "json")),
                  DB), output=False),
    Command("export", "data:export", doc("""
        Write the knowledge base (or one dataset) in the load format, to standard output.

        --format csv writes tidy tables instead (entities, identifiers, statements, events,
        participants, citations, ...) with a Frictionless datapackage.json, into a new
        folder or .zip given by --output.

        Examples: idkb export > all.json   ·   idkb export --dataset seed -f jsonl > seed.jsonl

        Examples: idkb export -f csv -o kb.zip
        """), DATA,
            opts=(Opt("dataset", ("--dataset",), "Only this dataset.", metavar="DATASET",
                      complete="dataset_names"),
                  Opt("fmt", ("--format", "-f"), "json (default), jsonl or csv.",
                      default="json", choices=("json", "jsonl", "csv")),
                  Opt("output", ("--output", "-o"), "For csv: a new folder, or a .zip file.",
                      metavar="PATH"),
                  DB), output=False),
    Command("import", "importing:import_table", doc("""
        Import a table (CSV, TSV, JSON Lines) of events or entities through a mapping file.

        The mapping (TOML or JSON) says which column holds what; names are matched against
        the database and the table, unmatched ones become new entities. All or nothing, as
        one dataset with the table as its source (see docs/import.md).

        Example: idkb import docs/examples/engagements.csv --map docs/examples/engagements.toml
        """), DATA,
            args=(Arg("table", "TABLE", "The table: .csv, .tsv or .jsonl."),),
            opts=(Opt("map_file", ("--map", "-m"), "The mapping file (.toml or .json).",
                      metavar="MAP"),
                  DATASET, REPLACE,
                  Opt("dry_run", ("--dry-run",), "Report what would be imported; write nothing.",
                      default=False, type="flag"),
                  Opt("as_json", ("--json",), "Print the report as JSON, every name listed.",
                      default=False, type="flag"),
                  DB), output=False),
    Command("dupes", "importing:dupes", doc("""
        Likely duplicates: entities of one kind with similar names, sharing a country or events.

        Each pair has a score (0-100) and the same-as record that would merge it; --records
        prints those records alone, ready to check and load as a dataset.

        Example: idkb dupes --kind person --min-score 90
        """), DATA,
            opts=(Opt("kind", ("--kind", "-k"), "Only this kind of entity.",
                      choices=ENTITY_KINDS),
                  Opt("min_score", ("--min-score", "-s"), "Pairs scoring at least this.",
                      default=85.0, metavar="SCORE", type="float", min=0, max=100),
                  Opt("source", ("--source",), "The source the records cite (its id).",
                      default="SOURCE", metavar="SOURCE"),
                  Opt("records", ("--records",), "Print only the same-as records, as JSON "
                      "Lines.", default=False, type="flag"),
                  *OUTPUT)),
    Command("schema", "data:schema", doc("""
        Print the JSON Schema of the load format (generated from the models).

        Example: idkb schema > schema.json
        """), DATA, output=False),
    Command("datasets", "data:datasets", doc("""
        What was loaded: name, file, sha256, when, and how many records of each type.

        Example: idkb datasets --json
        """), DATA, opts=OUTPUT),
    Command("unload", "data:unload", doc("""
        Remove one dataset's records (and its kept file), and nothing else.

        Example: idkb unload meetings
        """), DATA,
            args=(Arg("dataset", "DATASET", "The dataset's name.", complete="dataset_names"),),
            opts=(DB,), output=False),
)

GROUPS = (Group("db", "The database: where it is, checking it, rebuilding it, describing it to "
                "other tools.", DATABASE),)

DATABASE_COMMANDS = (
    Command("db path", "database:path", doc("""
        Print where the database file is (it need not exist yet).

        Examples: idkb db path   ·   datasette "$(idkb db path)"
        """), DATABASE, opts=(DB,),
            output=False),
    Command("db metadata", "database:metadata", doc("""
        Print Datasette metadata: titles, descriptions of every table and column, licence.

        Example: idkb db metadata > metadata.json

        Then: datasette "$(idkb db path)" -m metadata.json
        """), DATABASE, opts=(DB,), output=False),
    Command("db rebuild", "database:rebuild", doc("""
        Build a fresh database from the bundled seed and every kept dataset.

        The old file, if any, is moved aside as a backup first (NAME.bak-DATE beside it;
        the newest 3 are kept, older backups removed).

        Examples: idkb db rebuild   ·   idkb db rebuild --no-seed --db empty.db
        """), DATABASE,
            opts=(Opt("no_seed", ("--no-seed",),
                      "Leave the bundled seed out: an empty knowledge base, e.g. to load an "
                      "export into. A later plain rebuild brings the seed back.",
                      default=False, type="flag"), DB), output=False),
    Command("db check", "database:check", doc("""
        Check the database: SQLite's integrity check, references, citations, date order.

        Reads the file as it is (read-only; nothing is built or changed). Exit 0 when all is
        well, 3 when a problem is found.

        Examples: idkb db check   ·   idkb db check --format json
        """), DATABASE,
            opts=(Opt("fmt", ("--format", "-f"), "text (default) or json.", default="text",
                      choices=("text", "json")), JSON, DB), output=False),
    Command("sql", "sql:sql", doc("""
        Run a read-only SQL query against the knowledge base.

        Writes, ATTACH, DETACH and writing PRAGMAs are refused (exit 2) and change nothing;
        a query running past --timeout is stopped (exit 4; rows already written stay, each
        a whole line). Tables: idkb sql "SELECT name FROM sqlite_schema WHERE type =
        'table'". QUERY '-' reads the query from standard input; -p NAME VALUE gives :NAME
        its value (as text), as sqlite-utils query does.

        Examples: idkb sql "SELECT type, count(*) AS n FROM events GROUP BY type" --format csv
        ·   idkb sql "SELECT title FROM events WHERE type = :t" -p t meeting
        """),
            DATABASE, args=(Arg("query", "QUERY", "One SELECT, WITH or PRAGMA; '-' reads stdin."),),
            opts=(Opt("params", ("--param", "-p"), "A named parameter: -p NAME VALUE (repeatable).",
                      metavar="NAME VALUE", type="pairs"),
                  Opt("timeout", ("--timeout",), "Stop the query after this long (exit 4).",
                      default=10.0, metavar="SECONDS", type="float", min=0.001, max=86400),
                  *OUTPUT)),
)

COMMANDS: tuple[Command, ...] = (*PROFILES, *LISTS, *EXPLORING, *DATA_COMMANDS,
                                 *DATABASE_COMMANDS)
BY_NAME: dict[str, Command] = {c.name: c for c in COMMANDS}
