"""The mapping file of `idkb import`: which columns of a table make which parts of a record.

A mapping is TOML or JSON (the same shape), checked with pydantic like the load format: an
unknown key, an unknown kind or role, a bad source kind are errors with their path. The
columns it names are checked against the table's header before any row is read.
"""

from __future__ import annotations

import difflib
import json
import string
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from idkb.core.errors import BadInput
from idkb.core.model import DatasetInfo, Name, Role, Scheme, Slug, Source, SourceKind
from idkb.core.vocab import EntityKind


class Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cell(Spec):
    """One value of a record: a column's cell, a fixed value, or a template of columns."""

    column: str | None = None
    value: str | None = None
    template: str | None = Field(default=None, description="'{leader} meets {host}'")
    map: dict[str, str] = Field(default_factory=dict, description="Cell text -> value.")

    @model_validator(mode="after")
    def _one(self) -> Cell:
        if sum(x is not None for x in (self.column, self.value, self.template)) != 1:
            raise ValueError("give exactly one of column, value or template")
        return self

    def columns(self) -> list[str]:
        if self.column is not None:
            return [self.column]
        if self.template is not None:
            return [f for _, f, _, _ in string.Formatter().parse(self.template) if f]
        return []


Value = Annotated[Cell | str, Field(description="A fixed value, or {column|value|template}.")]


def cell(spec: Value | None) -> Cell | None:
    return Cell(value=spec) if isinstance(spec, str) else spec


class DateSpec(Spec):
    column: str
    format: str = Field(default="iso", description="iso, edtf, or a pattern like %m/%d/%y.")


class ParticipantSpec(Spec):
    column: str | None = None
    name: Name | None = Field(default=None, description="The same participant on every row.")
    kind: EntityKind
    role: Role = "participant"
    separator: str | None = Field(default=None, description="Several names in one cell.")
    map: dict[str, str] = Field(default_factory=dict, description="Spelling -> name to match.")
    country: str | None = Field(default=None, description="Column naming new entities' country.")
    identifiers: dict[Scheme, str] = Field(default_factory=dict,
                                           description="Scheme -> column of external ids.")

    @model_validator(mode="after")
    def _one(self) -> ParticipantSpec:
        if (self.column is None) == (self.name is None):
            raise ValueError("give exactly one of column or name")
        return self


class EventSpec(Spec):
    date: DateSpec
    type: Value
    title: Value
    summary: Value | None = None
    location: Value | None = None
    location_country: Value | None = Field(default=None, description="A country's name.")
    attributes: list[str] = Field(default_factory=list, description="Columns kept as they are.")
    id_prefix: Slug | None = None


class EntitySpec(Spec):
    name: Value
    kind: Value
    aliases: str | None = Field(default=None, description="Column of other names.")
    separator: str = ";"
    summary: Value | None = None
    country: Value | None = Field(default=None, description="A country's name.")
    website: Value | None = None
    identifiers: dict[Scheme, str] = Field(default_factory=dict, description="Scheme -> column.")
    attributes: list[str] = Field(default_factory=list)
    id_prefix: Slug | None = None


class SourceSpec(Spec):
    id: Slug
    title: Name
    kind: SourceKind = "other"
    publisher: Name | None = None
    author: Name | None = None
    url: str | None = None
    published: str | None = None


class TableSpec(Spec):
    format: Literal["csv", "tsv", "jsonl"] | None = None


class Mapping(Spec):
    table: TableSpec = Field(default_factory=TableSpec)
    dataset: DatasetInfo | None = None
    source: SourceSpec
    events: EventSpec | None = None
    participants: list[ParticipantSpec] = Field(default_factory=list)
    entities: EntitySpec | None = None

    @model_validator(mode="after")
    def _one(self) -> Mapping:
        if (self.events is None) == (self.entities is None):
            raise ValueError("give exactly one of [events] or [entities]")
        if self.entities is not None and self.participants:
            raise ValueError("participants belong to [events]")
        return self


def read(path: Path) -> Mapping:
    """The mapping at `path` (TOML, or JSON when it ends in .json), or BadInput listing why not."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(f"{label}: no such mapping file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{label}: cannot read the mapping ({exc})") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except ValueError as exc:
        raise BadInput(f"{label}: not valid {'JSON' if path.suffix == '.json' else 'TOML'}: "
                       f"{exc}") from None
    try:
        mapping = Mapping.model_validate(data)
        Source.model_validate(mapping.source.model_dump(exclude_none=True))
    except ValidationError as exc:
        lines = [f"{label}: {'.'.join(map(str, e['loc'])) or 'mapping'}: {e['msg']}"
                 for e in exc.errors(include_url=False)]
        raise BadInput(f"{len(lines)} problem(s) in the mapping; nothing was imported",
                       lines) from None
    return mapping


def columns_used(m: Mapping) -> list[tuple[str, str]]:
    """(where in the mapping, column) for every column the mapping reads."""
    found: list[tuple[str, str]] = []
    spec = m.events or m.entities
    assert spec is not None
    for key in ("type", "title", "summary", "location", "location_country", "name", "kind",
                "country", "website"):
        c = cell(getattr(spec, key, None))
        found += [(f"{'events' if m.events else 'entities'}.{key}", col)
                  for col in (c.columns() if c else [])]
    if m.events is not None:
        found.append(("events.date.column", m.events.date.column))
    if m.entities is not None:
        if m.entities.aliases:
            found.append(("entities.aliases", m.entities.aliases))
        found += [(f"entities.identifiers.{k}", v) for k, v in m.entities.identifiers.items()]
    found += [(f"{'events' if m.events else 'entities'}.attributes", a)
              for a in (spec.attributes)]
    for i, p in enumerate(m.participants):
        found += [(f"participants[{i}].{k}", c) for k, c in
                  (("column", p.column), ("country", p.country)) if c]
        found += [(f"participants[{i}].identifiers.{k}", c) for k, c in p.identifiers.items()]
    return found


def missing_columns(m: Mapping, header: list[str], label: str, table: str) -> list[str]:
    """A line for each column the mapping names that the table does not have."""
    lines = []
    for where, column in columns_used(m):
        if column not in header:
            close = difflib.get_close_matches(column, header, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            lines.append(f"{label}: {where}: no column {column!r} in {table} ({hint}columns: "
                         f"{', '.join(header)})")
    return lines
