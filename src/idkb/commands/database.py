"""Database commands: where it lives, checking it, rebuilding it, describing it to other
tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from idkb import db, output, paths, views
from idkb.errors import DatabaseProblem
from idkb.options import DbOpt, JsonOpt

PANEL = "Database"


def path(db_option: DbOpt = None) -> None:
    """Print where the database file is (it need not exist yet).

    Examples: idkb db path   ·   datasette "$(idkb db path)"
    """
    print(paths.db_path(db_option))


def metadata(db_option: DbOpt = None) -> None:
    """Print Datasette metadata: titles, descriptions of every table and column, licence.

    Example: idkb db metadata > metadata.json

    Then: datasette "$(idkb db path)" -m metadata.json
    """
    from idkb import metadata as meta
    from idkb.output import dumps

    print(dumps(meta.datasette_metadata(paths.db_path(db_option)), indent=2))


def rebuild(
    no_seed: Annotated[bool, typer.Option(
        "--no-seed", help="Leave the bundled seed out: an empty knowledge base, e.g. to "
        "load an export into. A later plain rebuild brings the seed back.")] = False,
    db_option: DbOpt = None,
) -> None:
    """Build a fresh database from the bundled seed and every kept dataset.

    The old file, if any, is moved aside as a backup first.

    Examples: idkb db rebuild   ·   idkb db rebuild --no-seed --db empty.db
    """
    target = paths.db_path(db_option)
    kept: list[Path | None] = []
    db.writing(target, "rebuild",
               lambda: kept.append(db.rebuild_with_backup(target, not no_seed)))
    backup = kept[0]
    if backup:
        typer.echo(f"moved the old database aside to {backup}", err=True)
    typer.echo(f"built {target}", err=True)


def check(as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
    """Check the database: SQLite's integrity check, references, citations, date order.

    Reads the file as it is (read-only; nothing is built or changed). Exit 0 when all is
    well, 3 when a problem is found.

    Example: idkb db check --json
    """
    from idkb import check as checker

    target = paths.db_path(db_option)
    findings = checker.run(target)
    if as_json:
        print(output.dumps([f.as_dict() for f in findings], indent=2))
    else:
        for f in findings:
            print(f"{'ok' if not f.count else 'FAILED':6}  {f.check}"
                  + (f" ({f.count} problem(s))" if f.count else ""))
            for line in f.problems:
                print(f"          {views.clean(line)}")
            if f.count > len(f.problems):
                print(f"          ... and {f.count - len(f.problems)} more")
    bad = sum(f.count for f in findings)
    if bad:
        raise DatabaseProblem(f"{target}: {bad} problem(s) found; 'idkb db rebuild' makes a "
                              "fresh database from the seed and kept datasets (the old file "
                              "is kept)")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The database: where it is, checking it, rebuilding it, "
                        "describing it to other tools.", no_args_is_help=True)
    app.add_typer(group, name="db", rich_help_panel=PANEL)

    group.command("path")(path)
    group.command("metadata")(metadata)
    group.command("rebuild")(rebuild)
    group.command("check")(check)
