"""The load format: what a source, entity, statement and event look like, and their checks.

`data/seed.json` and every user file are validated against these models before anything is
written. Unknown fields are errors (typos are caught), strings are bounded and free of control
characters, and dates must be valid EDTF with an end that does not come before its start.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from idkb.core import dates
from idkb.core.vocab import PREDICATES, EntityKind

FORMAT_VERSION = 1

# Control characters (other than tab and newline in long text) are refused: they would reach
# the terminal raw or hide text. NUL is always refused.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_SHORT = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _no_control(value: str) -> str:
    if _CONTROL_SHORT.search(value):
        raise ValueError("must not contain control characters")
    return value


def _no_control_text(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


# SQLite stores integers in 64 bits; a float that is not finite cannot be written back as JSON.
INT_RANGE = (-(2**63), 2**63 - 1)


def _check_number(value: object) -> None:
    """A number the store and idkb's own JSON can hold exactly, or ValueError."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"value {value!r} is not a finite number (a number that large or "
                         "NaN cannot be stored or exported)")
    if isinstance(value, int) and not INT_RANGE[0] <= value <= INT_RANGE[1]:
        raise ValueError(f"value {value} is outside the integers idkb can store "
                         f"({INT_RANGE[0]} to {INT_RANGE[1]})")


def _known_predicate(value: str) -> str:
    if value not in PREDICATES:
        raise ValueError(f"unknown predicate; expected one of: {', '.join(PREDICATES)}")
    return value


def _edtf(value: str) -> str:
    dates.parse(value)  # raises ValueError with a readable message
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$", min_length=1, max_length=120),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_no_control),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=5000),
    AfterValidator(_no_control_text),
]
Locator = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_no_control),
]
EdtfDate = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=64), AfterValidator(_edtf)
]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=2000)]

OrgKind = Literal[
    "party-organ",
    "party-department",
    "ministry",
    "government-office",
    "committee",
    "think-tank",
    "research-institute",
    "university",
    "news-outlet",
    "royal-house",
    "initiative",
    "embassy",
    "international-organisation",
    "business",
    "other",
]
SourceKind = Literal["news", "report", "paper", "official", "website", "other"]
Certainty = Literal["confirmed", "reported"]
Role = Literal[
    "host", "guest", "organiser", "participant", "speaker", "author", "subject", "counterpart"
]

def _identifiers(value: dict[str, str]) -> dict[str, str]:
    """Known schemes are checked: a Wikidata id is Q and digits, an ISO 3166 code exists."""
    bad = []
    for scheme, code in value.items():
        if scheme == "wikidata" and not re.fullmatch(r"Q[1-9][0-9]*", code):
            bad.append(f"identifiers.wikidata {code!r}: expected Q and digits (Q42)")
        if scheme == "iso3166" and not _iso3166(code):
            bad.append(f"identifiers.iso3166 {code!r}: not an ISO 3166 alpha-2 or alpha-3 "
                       "country code")
    if bad:
        raise ValueError("; ".join(bad))
    return value


def _iso3166(code: str) -> bool:
    import pycountry  # only when an ISO code is checked: its tables take a while to read

    if not re.fullmatch(r"[A-Z]{2,3}", code):
        return False
    found = (pycountry.countries.get(alpha_2=code) if len(code) == 2
             else pycountry.countries.get(alpha_3=code))
    return found is not None


Scheme = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
IdValue = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                    AfterValidator(_no_control)]
Identifiers = Annotated[dict[Scheme, IdValue], Field(max_length=50),
                        AfterValidator(_identifiers)]
AttrKey = Annotated[str, StringConstraints(min_length=1, max_length=80),
                    AfterValidator(_no_control)]
AttrValue = Annotated[str, StringConstraints(max_length=5000), AfterValidator(_no_control_text)] \
    | bool | int | float


def _finite(value: dict[str, Any]) -> dict[str, Any]:
    """JSON has no infinity or NaN: the kept copy and the export could not write one back."""
    for key, item in value.items():
        if isinstance(item, float) and not math.isfinite(item):
            raise ValueError(f"attribute {key!r} is {item!r}, not a finite number")
    return value


Attributes = Annotated[dict[AttrKey, AttrValue], Field(max_length=200), AfterValidator(_finite)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    source: Slug
    locator: Locator = Field(description="Where in the source: 'para 16', 'table 2', 'headline'.")
    note: Text | None = Field(default=None, description="What this source supports, if partial.")


class Alias(Strict):
    name: Name
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = (
        None
    )
    kind: Literal["alias", "abbreviation", "native", "short", "former"] = "alias"


class Source(Strict):
    id: Slug
    title: Name
    publisher: Name | None = None
    author: Name | None = None
    url: Url | None = None
    published: EdtfDate | None = None
    kind: SourceKind


class Entity(Strict):
    id: Slug
    kind: EntityKind
    subkind: OrgKind | None = None
    name: Name
    short_name: Name | None = Field(
        default=None, description="A short display name for tables (ID, CPC); JSON keeps name.")
    aliases: list[Alias] = Field(default_factory=list, max_length=100)
    summary: Text | None = None
    country: Slug | None = Field(default=None, description="Id of a country entity.")
    website: Url | None = None
    identifiers: Identifiers = Field(
        default_factory=dict, description="Scheme to id elsewhere: wikidata, iso3166, ...")
    attributes: Attributes = Field(
        default_factory=dict, description="The dataset's own fields: strings, numbers, booleans.")

    @model_validator(mode="after")
    def _subkind_only_for_organisations(self) -> Entity:
        if self.subkind is not None and self.kind != "organisation":
            raise ValueError("subkind is only for organisations")
        return self


class Statement(Strict):
    id: Slug
    subject: Slug
    predicate: Annotated[str, AfterValidator(_known_predicate)] = Field(
        json_schema_extra={"enum": list(PREDICATES)}
    )
    object: Slug | None = None
    value: Annotated[str, StringConstraints(max_length=5000)] | int | float | None = None
    title: Name | None = Field(default=None, description="Title held: 'Director', 'Ambassador'.")
    start: EdtfDate | None = None
    end: EdtfDate | None = None
    as_of: EdtfDate | None = Field(
        default=None,
        description="Last reported holding on this date (the source's date): known to hold from "
                    "start, if given, to here; nothing is claimed for later days.",
    )
    certainty: Certainty = "confirmed"
    note: Text | None = None
    attributes: Attributes = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _check_shape(self) -> Statement:
        needs = PREDICATES[self.predicate][0]
        if needs == "object" and self.object is None:
            raise ValueError(f"predicate {self.predicate!r} needs an 'object' entity id")
        if needs == "value" and self.value is None:
            raise ValueError(f"predicate {self.predicate!r} needs a 'value'")
        if isinstance(self.value, str) and _CONTROL.search(self.value):
            raise ValueError("value must not contain control characters")
        _check_number(self.value)
        dates.check_order(self.start, self.end)
        # as_of is a day it was reported holding: within its period, or the status is nonsense
        dates.check_order(self.start, self.as_of, ("start", "as_of"))
        dates.check_order(self.as_of, self.end, ("as_of", "end"))
        return self


class Participant(Strict):
    entity: Slug
    role: Role = "participant"


class Event(Strict):
    id: Slug
    type: Annotated[str, StringConstraints(pattern=r"^[a-z]+(?:-[a-z]+)*$", max_length=40)]
    title: Name
    summary: Text | None = None
    date: EdtfDate
    location: Name | None = None
    location_country: Slug | None = None
    certainty: Certainty = "confirmed"
    participants: list[Participant] = Field(default_factory=list, max_length=1000)
    attributes: Attributes = Field(default_factory=dict)
    sources: list[Citation] = Field(min_length=1, max_length=50)


class SameAs(Strict):
    """Entity ids, from any datasets, that denote one entity (queries treat them as one)."""

    ids: list[Slug] = Field(min_length=2, max_length=50)
    sources: list[Citation] = Field(min_length=1, max_length=50)

    @model_validator(mode="after")
    def _distinct(self) -> SameAs:
        if len(set(self.ids)) != len(self.ids):
            raise ValueError("ids must be distinct")
        return self


class AliasOf(Strict):
    """Another name for an entity of any dataset, added without replacing it."""

    entity: Slug
    name: Name
    lang: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = (
        None
    )
    kind: Literal["alias", "abbreviation", "native", "short", "former"] = "alias"
    sources: list[Citation] = Field(min_length=1, max_length=50)


class DatasetInfo(Strict):
    name: Slug
    title: Name | None = None
    description: Text | None = None
    version: Annotated[str, StringConstraints(max_length=40)] | None = None
    license: Name | None = None


class KnowledgeBase(Strict):
    """A whole file in the load format (`data/seed.json` is one)."""

    idkb: Literal[1] = Field(description="Format version.")
    dataset: DatasetInfo | None = None
    sources: list[Source] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    same_as: list[SameAs] = Field(default_factory=list)
    aliases: list[AliasOf] = Field(default_factory=list)


# Records that link entities of any datasets; they have no id of their own.
LINK_MODELS: dict[str, type[Strict]] = {"same_as": SameAs, "alias": AliasOf}

RECORD_MODELS: dict[str, type[Strict]] = {
    "source": Source,
    "entity": Entity,
    "statement": Statement,
    "event": Event,
}


def json_schema() -> dict[str, Any]:
    return KnowledgeBase.model_json_schema()
