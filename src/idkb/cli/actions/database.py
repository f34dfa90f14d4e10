"""Database commands: where it lives, checking it, rebuilding it, describing it to other
tools."""

from __future__ import annotations

from idkb.cli.boundary import say
from idkb.core import paths
from idkb.core.errors import DatabaseProblem
from idkb.load import database
from idkb.render import layouts
from idkb.render.emit import Text, dumps
from idkb.store import connection, ownership


def path(db_option: str | None) -> Text:
    return Text(f"{paths.db_path(db_option)}\n")


def metadata(db_option: str | None) -> Text:
    from idkb.store import metadata as meta

    return Text(dumps(meta.datasette_metadata(paths.db_path(db_option)), indent=2) + "\n")


def rebuild(no_seed: bool, db_option: str | None) -> None:
    target = paths.db_path(db_option)
    kept: list[object] = []
    connection.writing(target, "rebuild", lambda: kept.append(
        database.rebuild_with_backup(target, not no_seed, notice=say)))
    if kept[0]:
        say(f"kept the old database as {kept[0]} (the newest "
            f"{database.KEEP_BACKUPS} backups are kept there)")
    say(f"built {target}")


def check(fmt: str, as_json: bool, db_option: str | None) -> Text:
    from idkb.store import check as checker

    target = paths.db_path(db_option)
    findings = [f.as_dict() for f in checker.run(target)]
    bad = sum(f["count"] for f in findings)
    text = dumps(findings, indent=2) + "\n" if as_json or fmt == "json" else \
        layouts.check_lines(findings)
    advice = ("'idkb db rebuild' makes a fresh database from the seed and kept datasets (the "
              "old file is kept)") if ownership.kind(target) == "ours" else \
        "this is not an idkb database; choose another --db"
    failure = DatabaseProblem(f"{target}: {bad} problem(s) found; {advice}") if bad else None
    return Text(text, failure)
