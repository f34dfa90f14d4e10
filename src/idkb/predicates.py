"""The vocabulary of statements: what each predicate links, and how it reads both ways.

Kept apart from the pydantic models so the read path can label statements without importing
pydantic. "subject <label> object" reads on the subject's profile, "<inverse> subject" on the
object's.
"""

from __future__ import annotations

from typing import Literal

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
