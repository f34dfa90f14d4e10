"""Titles: which words open a title, which office a title names, and what it says of the holder.

"Minister of the International Department" makes its holder the department's head; "general
secretary of the X Party" the party's head; "vice-chairman" a deputy; anything else a member.
"""

from __future__ import annotations

import re

TITLE_WORDS = (
    "leader", "chairman", "chairwoman", "chairperson", "chair", "president", "vice",
    "vice-president", "vice-chairman", "vice-chairwoman", "vice-minister", "secretary",
    "secretary-general", "general", "first", "second", "deputy", "member", "head", "minister",
    "prime", "speaker", "director", "director-general", "founder", "co-founder", "executive",
    "national", "spokesperson", "spokesman", "treasurer", "mayor", "governor", "senator",
    "ambassador", "co-chairman", "co-chair", "assistant", "former", "acting", "permanent",
    "honorary", "parliamentary", "political", "international", "foreign", "chief",
    "coordinator", "commissioner", "mp", "lawmaker", "senior", "state", "presidential",
    "standing", "party", "central", "organising", "organizing", "politburo", "vice-premier",
    "premier", "lead", "education", "youth",
)
TITLE_START = re.compile(r"^(?:" + "|".join(re.escape(w) for w in TITLE_WORDS) + r")\b", re.I)

ID_NAME = "International Department of the CPC Central Committee"
_ID_RE = re.compile(r"\b(?:International (?:Liaison )?Department|IDCPC|ILD)\b")
# Other parties have international departments too: "director of the International
# Department of the Central Committee of the Workers' Party of Korea" is not the CPC's.
_OTHER_PARTY = re.compile(r"\b(?:Party|CPSU|Workers)\b")
_OWN_PARTY = re.compile(r"\b(?:CPC|Communist Party of China|Chinese Communist Party)\b")
_HEAD = re.compile(
    r"^(?:head|minister|leader|chairman|chairwoman|chairperson|chair|president|general secretary|"
    r"secretary[- ]general|secretary general|first secretary|party leader|national chairman|"
    r"national chairperson|director)$",
    re.I,
)
_DEPUTY = re.compile(r"\b(?:vice|deputy)\b|\bvice-", re.I)


# Beyond the usual words, "Organisation Secretary of the X" reads as a title by its shape.
_OFFICE_OF = re.compile(r"^[A-Z][\w-]*(?:\s+[\w-]+){0,3}\s+of\s+(?:the\s+)?[A-Z]")


def is_title(text: str) -> bool:
    text = text.strip()
    return bool(TITLE_START.match(text) or _OFFICE_OF.match(text))


def names_department(title: str) -> bool:
    """Does a title place its holder in the CPC's International Department?"""
    m = _ID_RE.search(title)
    if m is None:
        return False
    rest = title[m.end() :]
    return not (_OTHER_PARTY.search(rest) and not _OWN_PARTY.search(rest))


def office(title: str) -> str:
    """The office in a title: "Vice-minister of the X" -> "Vice-minister"."""
    head = re.split(r"\s+of\s+", title, maxsplit=1)[0]
    head = re.split(r"\s+(?:and|,)\s+", head, maxsplit=1)[0]
    return head.strip(" ,")


# A body inside a party: "Director of the International Department of the Central Committee
# of the Workers' Party of Korea" heads the department, not the party. The party's own
# central or national committee is the party's leadership, not a body inside it.
_SUB_BODY = re.compile(
    r"\b(?:Department|Commission|Office|Bureau|Secretariat|Division|Section|Wing|"
    r"(?<!Central )(?<!National )(?<!Executive )Committee)\b",
    re.I,
)
# "... of the Communist Party of Vietnam's foreign affairs commission": a body of the party.
_POSSESSIVE_BODY = re.compile(
    r"['’]s\s+(?:(?!Party\b|Central\b|National\b)[\w-]+\s+){0,4}?(?:department|commission|office|bureau|secretariat|"
    r"committee)\b", re.I)
_PARTY_NAME = re.compile(r"\b(?:Party|Workers|Komeito|Congress|Front|Movement|League|Union)\b")


def names_sub_body(title: str) -> bool:
    """Does the title's "of" clause name a body inside the party before the party itself?"""
    parts = re.split(r"\s+of\s+", title, maxsplit=1)
    if len(parts) < 2:
        return False
    if _POSSESSIVE_BODY.search(parts[1]):
        return True
    body, party = _SUB_BODY.search(parts[1]), _PARTY_NAME.search(parts[1])
    return body is not None and (party is None or body.start() < party.start())


def predicate(title: str, of_party: bool = False) -> str:
    """The statement a title supports about its holder and the body it names. With
    `of_party` (the object is the party), a title in a body inside the party makes its holder
    a member of the party, whatever the office."""
    if of_party and names_sub_body(title):
        return "member_of"
    role = office(title)
    if re.match(r"^assistant\b", role, re.I):
        return "works_for"
    if _DEPUTY.search(role):
        return "deputy_head_of"
    if _HEAD.match(role):
        return "head_of"
    return "member_of"
