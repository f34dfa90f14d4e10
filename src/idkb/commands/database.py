"""Database commands: where it lives, rebuilding it, describing it to other tools."""

from __future__ import annotations

import typer

from idkb import db, paths
from idkb.options import DbOpt

PANEL = "Database"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The database: where it is, rebuilding it, describing it to other "
                        "tools.", no_args_is_help=True)
    app.add_typer(group, name="db", rich_help_panel=PANEL)

    @group.command("path")
    def path(db_option: DbOpt = None) -> None:
        """Print where the database file is (it need not exist yet).

        Examples: idkb db path   ·   datasette "$(idkb db path)"
        """
        print(paths.db_path(db_option))

    @group.command("metadata")
    def metadata(db_option: DbOpt = None) -> None:
        """Print Datasette metadata: titles, descriptions of every table and column, licence.

        Example: idkb db metadata > metadata.json

        Then: datasette "$(idkb db path)" -m metadata.json
        """
        from idkb import metadata as meta
        from idkb.output import dumps

        print(dumps(meta.datasette_metadata(paths.db_path(db_option)), indent=2))

    @group.command("rebuild")
    def rebuild(db_option: DbOpt = None) -> None:
        """Build a fresh database from the bundled seed and every kept dataset.

        The old file, if any, is moved aside as a backup first.

        Example: idkb db rebuild
        """
        target = paths.db_path(db_option)
        backup = db.rebuild_with_backup(target)
        if backup:
            typer.echo(f"moved the old database aside to {backup}", err=True)
        typer.echo(f"built {target}", err=True)
