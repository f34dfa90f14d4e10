"""The common shape of each record type, as msgspec structs: the part of the models' checks
that msgspec makes in C while it parses a JSON line or reads a dict (`idkb.load.fastcheck`).

A shape is narrower than its model, never wider: it accepts text only as the models would
keep it (no space at either end, since the models strip it; no control characters, no lone
surrogates), numbers
only as integers (a float, or an integer beyond 64 bits that another parser might read as
one, goes to the models), no identifiers. What a shape refuses is not an error: the record
goes through the models, which accept it or word the error. The rules that span fields (a
subkind only for an organisation, what a predicate needs, dates in order) and the dates
themselves are checked in Python, in fastcheck.
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct, json

from idkb.core.vocab import EntityKind

# Control characters, and lone surrogates (a JSON escape can make one; the models refuse any
# text holding one, since it is no Unicode).
_CONTROL = r"\x00-\x1f\x7f-\x9f\ud800-\udfff"
_CONTROL_IN_TEXT = r"\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"  # tabs and newlines allowed


def _trimmed(refused: str, empty: bool = False) -> str:
    r"""A pattern for text without the `refused` characters and without white space at either
    end. `\A` and `\Z`, not `^` and `$`: `$` would let a final newline through."""
    edge = rf"[^\s{refused}]"
    body = rf"{edge}(?:[^{refused}]*{edge})?"
    return rf"\A(?:{body}){'?' if empty else ''}\Z"


Slug = Annotated[str, Meta(max_length=120, pattern=r"\A[a-z0-9]+(?:[-_.][a-z0-9]+)*\Z")]
Name = Annotated[str, Meta(max_length=300, pattern=_trimmed(_CONTROL))]
Locator = Annotated[str, Meta(max_length=200, pattern=_trimmed(_CONTROL))]
Text = Annotated[str, Meta(max_length=5000, pattern=_trimmed(_CONTROL_IN_TEXT))]
Value = Annotated[str, Meta(max_length=5000, pattern=_trimmed(_CONTROL_IN_TEXT, empty=True))]
Date = Annotated[str, Meta(max_length=64, pattern=_trimmed(_CONTROL))]
Url = Annotated[str, Meta(max_length=2000, pattern=r"\Ahttps?://[^\s\ud800-\udfff]+\Z")]
Lang = Annotated[str, Meta(pattern=r"\A[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\Z")]
EventType = Annotated[str, Meta(max_length=40, pattern=r"\A[a-z]+(?:-[a-z]+)*\Z")]
Key = Annotated[str, Meta(max_length=80, pattern=_trimmed(_CONTROL))]
Attributes = Annotated[dict[Key, Value | bool | int], Meta(max_length=200)]
Certainty = Literal["confirmed", "reported"]
Role = Literal["host", "guest", "organiser", "participant", "speaker", "author", "subject",
               "counterpart"]
AliasKind = Literal["alias", "abbreviation", "native", "short", "former"]
SourceKind = Literal["news", "report", "paper", "official", "website", "other"]
OrgKind = Literal["party-organ", "party-department", "ministry", "government-office",
                  "committee", "think-tank", "research-institute", "university", "news-outlet",
                  "royal-house", "initiative", "embassy", "international-organisation",
                  "business", "other"]


class _Shape(Struct, forbid_unknown_fields=True):
    pass


class Citation(_Shape):
    source: Slug
    locator: Locator
    note: Text | None = None


class Participant(_Shape):
    entity: Slug
    role: Role = "participant"


class Alias(_Shape):
    name: Name
    lang: Lang | None = None
    kind: AliasKind = "alias"


Citations = Annotated[list[Citation], Meta(min_length=1, max_length=50)]


class _Record(_Shape, tag_field="record"):
    id: Slug


# Required fields come first in each (msgspec's rule); the order is not the records'.
class Source(_Record, tag="source"):
    title: Name
    kind: SourceKind
    publisher: Name | None = None
    author: Name | None = None
    url: Url | None = None
    published: Date | None = None


class Entity(_Record, tag="entity"):
    kind: EntityKind
    name: Name
    subkind: OrgKind | None = None
    short_name: Name | None = None
    aliases: Annotated[list[Alias], Meta(max_length=100)] = []
    summary: Text | None = None
    country: Slug | None = None
    website: Url | None = None
    attributes: Attributes = {}


class Statement(_Record, tag="statement"):
    subject: Slug
    predicate: str  # one of the vocabulary's (checked with what it needs)
    sources: Citations
    object: Slug | None = None
    value: Value | int | None = None
    title: Name | None = None
    start: Date | None = None
    end: Date | None = None
    as_of: Date | None = None
    certainty: Certainty = "confirmed"
    note: Text | None = None
    attributes: Attributes = {}


class Event(_Record, tag="event"):
    type: EventType
    title: Name
    date: Date
    sources: Citations
    summary: Text | None = None
    location: Name | None = None
    location_country: Slug | None = None
    certainty: Certainty = "confirmed"
    participants: Annotated[list[Participant], Meta(max_length=1000)] = []
    attributes: Attributes = {}


Shape = Source | Entity | Statement | Event
SHAPES: dict[str, type[Shape]] = {"source": Source, "entity": Entity, "statement": Statement,
                                  "event": Event}
# A JSON line of any of the four, told apart by its "record" field; any other record type
# (dataset, same_as, alias) is refused, and read the usual way.
LINE = json.Decoder(Shape)
