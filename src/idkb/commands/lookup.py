"""Look-up commands: profiles of people, parties, countries and organisations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from idkb import complete
from idkb.handlers import show_profile
from idkb.options import AsOfOpt, DbOpt, FormatOpt, JsonOpt, OutFormat, pick_format

PANEL = "Look up"

__all__ = ["register", "show_profile"]


def _name_arg(completer: Callable[[typer.Context, str], list[complete.Completion]]) -> Any:
    return typer.Argument(help="A name, alias, Chinese name or id.", metavar="NAME",
                          autocompletion=completer)


NameArg = Annotated[str, _name_arg(complete.entity_names)]
PersonArg = Annotated[str, _name_arg(complete.person_names)]
PartyArg = Annotated[str, _name_arg(complete.party_names)]
CountryArg = Annotated[str, _name_arg(complete.country_names)]
OrgArg = Annotated[str, _name_arg(complete.org_names)]


def register(app: typer.Typer) -> None:
    @app.command(rich_help_panel=PANEL)
    def person(name: PersonArg, as_of: AsOfOpt = None, fmt: FormatOpt = OutFormat.table,
               as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """A person's profile: names, positions with their periods, events, sources.

        Example: idkb person "Song Tao"   ·   idkb person 宋涛 --json
        """
        show_profile(name, "person", as_of, pick_format(fmt, as_json), db_option)

    @app.command(rich_help_panel=PANEL)
    def party(name: PartyArg, as_of: AsOfOpt = None, fmt: FormatOpt = OutFormat.table,
              as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """A political party's profile: where it rules, its contacts with the ID, sources.

        Example: idkb party "Communist Party USA"   ·   idkb party Baath
        """
        show_profile(name, "party", as_of, pick_format(fmt, as_json), db_option)

    @app.command(rich_help_panel=PANEL)
    def country(name: CountryArg, as_of: AsOfOpt = None, fmt: FormatOpt = OutFormat.table,
                as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """A country's profile: its ruling party, ambassadors, events held there.

        Example: idkb country Morocco
        """
        show_profile(name, "country", as_of, pick_format(fmt, as_json), db_option)

    @app.command(rich_help_panel=PANEL)
    def org(name: OrgArg, as_of: AsOfOpt = None, fmt: FormatOpt = OutFormat.table,
            as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """An organisation's profile (department, ministry, think tank, newspaper, ...).

        Example: idkb org ILD --as-of 2021-06-04
        """
        show_profile(name, "organisation", as_of, pick_format(fmt, as_json), db_option)

    @app.command(rich_help_panel=PANEL)
    def show(name: NameArg, as_of: AsOfOpt = None, fmt: FormatOpt = OutFormat.table,
             as_json: JsonOpt = False, db_option: DbOpt = None) -> None:
        """Any entity's profile, whatever its kind.

        Example: idkb show "International Department" --as-of 2021-06-04
        """
        show_profile(name, None, as_of, pick_format(fmt, as_json), db_option)
