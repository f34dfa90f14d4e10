"""The kind of a contact, read from the verb that reports it.

The first contact verb of a sentence decides ("met with", "held talks", "visited", "attended
the forum"); how it was held then overrides that ("held talks via video link" is a video call).
A verb after "said" reports speech, not a contact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("meeting", "talks", "visit", "video-call", "phone-call", "forum", "letter", "other")

_VERBS: list[tuple[str, str]] = [
    ("meeting", r"\b(?:met|meets|meet with|called on|received|receives)\b"),
    ("talks", r"\b(?:held|holds|hold) (?:talks|a dialogue|consultations)\b|\btalked with\b"),
    ("phone-call", r"\b(?:had|held|holds|has) (?:a )?(?:tele)?phone (?:call|conversation)s?\b"
     r"|\bspoke (?:by|on the) (?:tele)?phone\b|\bphoned\b"),
    ("video-call", r"\b(?:had|held|holds|has) (?:a |an )?(?:video call|video conference|"
     r"online (?:meeting|talks|dialogue|exchange))\b"),
    ("letter", r"\b(?:sent|sends|wrote|writes|delivered|addressed) (?:a |an )?(?:[a-z]+ )?"
     r"(?:letter|message)\b"),
    ("visit", r"\b(?:visited|visits|paid (?:a |an )?(?:[a-z]+ ){0,2}visit|"
     r"(?:is|was|were|are) (?:on|paying) (?:a |an )?(?:[a-z]+ ){0,2}visit)\b"),
    ("forum", r"\b(?:attended|attends|addressed|addresses|hosted|hosts|co-hosted|chaired|"
     r"opened|was held|were held|is held|was convened|took place|kicked off)\b"),
]
_COMPILED = [(kind, re.compile(p)) for kind, p in _VERBS]
_VIDEO = re.compile(r"\b(?:via|by|through|over) (?:a )?video(?: link| conference)?\b|"
                    r"\bvideo (?:call|conference|link)\b|\bonline\b|\bvirtual(?:ly)?\b")
_PHONE = re.compile(r"\b(?:tele)?phone\b")
_FORUM = re.compile(r"\b(?:[Ff]orum|[Dd]ialogue|[Ss]ymposium|[Ss]eminar|[Cc]onference|[Ss]ummit|"
                    r"[Rr]ound ?table|[Ww]orkshop|[Mm]eeting of (?:political )?parties|"
                    r"[Cc]onsultation|[Ss]alon)\b")
_SPEECH = re.compile(r"\b(?:said|says|noted|stressed|expressed|hoped|added|recalled|"
                     r"pointed out|believes?|thanked|spoke highly|introduced)\b")


@dataclass(frozen=True)
class Verb:
    kind: str
    start: int
    end: int


def main_verb(sentence: str) -> Verb | None:
    """The contact the sentence reports, or None for speech and background."""
    hits = [(m.start(), m.end(), kind) for kind, rx in _COMPILED if (m := rx.search(sentence))]
    if not hits:
        return None
    start, end, kind = min(hits, key=lambda h: (h[0], -h[1]))
    speech = _SPEECH.search(sentence)
    if speech and speech.start() < start:
        return None
    if kind == "forum" and not _FORUM.search(sentence):
        kind = "other" if "addressed" not in sentence[start:end] else "forum"
    if kind in ("meeting", "talks", "other") and _VIDEO.search(sentence):
        kind = "video-call"
    elif kind in ("meeting", "talks", "other") and _PHONE.search(sentence):
        kind = "phone-call"
    return Verb(kind, start, end)
