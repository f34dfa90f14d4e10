"""idkb's vocabulary, said once: record kinds and their tables, entity kinds, output formats,
and what each statement predicate links and how it reads both ways.

Plain data with no imports, so the read path and the command line can use it without
importing pydantic. "subject <label> object" reads on the subject's profile, "<inverse>
subject" on the object's.
"""

from __future__ import annotations

from typing import Literal

# The four kinds of record in the load format, each with its table (in load order).
TABLES: dict[str, str] = {"source": "sources", "entity": "entities", "statement": "statements",
                          "event": "events"}
RECORD_KINDS = tuple(TABLES)
LISTS: dict[str, str] = {table: kind for kind, table in TABLES.items()}  # "entities" -> "entity"

ENTITY_KINDS = ("person", "party", "country", "organisation")
EntityKind = Literal["person", "party", "country", "organisation"]

# The roles a participant takes in an event (the load format's `role`).
ROLES = ("host", "guest", "organiser", "participant", "speaker", "author", "subject",
         "counterpart")

# What the read commands write: a table for people, JSON, JSON Lines and CSV for scripts.
OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")
OutputFormat = Literal["table", "json", "jsonl", "csv"]

# Ids per `IN (...)` list: well under SQLite's limit on bound parameters.
BATCH = 500

# Event types, each with what it means. Extract writes the first eight; the rest are the
# kinds of happening the seed records. A type outside this list still loads (the load format
# takes any lowercase-hyphenated word), but a new one belongs here first.
EVENT_TYPES: dict[str, str] = {
    "meeting": "people meet in person",
    "talks": "formal talks between two sides, in person",
    "visit": "a delegation's visit of one or more days to a country or body",
    "video-call": "a meeting held by video link",
    "phone-call": "a conversation by telephone",
    "forum": "a multi-party gathering: forum, dialogue, seminar, conference session",
    "letter": "a letter or message sent (congratulations, condolences)",
    "other": "a contact of another kind",
    "conference": "a conference, congress or plenum",
    "sharing-session": "a briefing where the department explains policy to foreign guests",
    "speech": "a speech or article by one person",
    "appointment": "someone named to a post",
    "taking-office": "someone starting in a post",
    "founding": "a body founded",
    "anniversary": "an anniversary marked",
    "split": "a body splitting or a relationship breaking off",
    "period": "a span of time with a name",
    "report": "a report published",
    "paper": "a research paper published",
    "investigation": "an investigation opened or concluded",
    "policy": "a policy adopted",
}

Needs = Literal["object", "value"]

PREDICATES: dict[str, tuple[Needs, str, str]] = {
    "head_of": ("object", "heads", "headed by"),
    "deputy_head_of": ("object", "deputy head of", "deputy head"),
    "ambassador_to": ("object", "ambassador to", "ambassador here"),
    "disciplinary_chief_of": ("object", "disciplinary chief of", "disciplinary chief"),
    "member_of": ("object", "member of", "member"),
    "affiliated_with": ("object", "affiliated with", "affiliate"),
    "works_for": ("object", "works for", "staff"),
    "rules": ("object", "rules", "ruled by"),
    "opposition_in": ("object", "in opposition in", "opposition party"),
    "part_of": ("object", "part of", "includes"),
    "led_by": ("object", "under the leadership of", "leads"),
    "advises": ("object", "advises", "advised by"),
    "counterpart_of": ("object", "counterpart of", "counterpart"),
    "relations_with": ("object", "maintains relations with", "has relations with"),
    "differs_from": ("object", "differs from", "differs from"),
    "cooperates_with": ("object", "works alongside", "works alongside"),
    "founded_in": ("value", "founded", ""),
    "purpose": ("value", "purpose", ""),
    "function": ("value", "function", ""),
    "count": ("value", "count", ""),
    "description": ("value", "described as", ""),
}

# Profiles list statements in this order: positions first, then structure, then descriptions.
PREDICATE_ORDER = {name: i for i, name in enumerate(PREDICATES)}

# A statement's status on a day or over a period, as the sources allow (idkb.query.status says
# how each is judged; partly-held only over a period): in JSON and CSV these words, in tables
# the same words with spaces.
STATUSES = ("held", "partly-held", "may-hold", "last-reported", "past", "not-yet")

# Predicates that state a moment ("founded in 1951"), not a state that could end.
TIMELESS_PREDICATES = frozenset({"founded_in"})

# Events whose possible period is longer than this many days are indexed apart (the schema's
# partial index events_long), so a query for a period reads a narrow range of the other index.
LONG_DAYS = 400
