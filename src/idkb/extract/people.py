"""Officials, counterparts and parties as the text names them.

A person is a run of capitalised words followed by a comma and a title ("Tetsuo Saito,
Leader of the Komeito Party of Japan"). A party is a capitalised phrase that contains a party
word ("Party", "Front", "Congress", ...); an abbreviation in brackets after it ("(PT)") lets
later sentences name it short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from idkb.extract.gazetteer import strip_honorifics
from idkb.extract.titles import is_title, names_department

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_CAP = rf"[{_UP}][\w'’.-]*"
_PARTICLE = r"(?:de|da|dos|das|do|del|della|van|von|der|den|bin|binti|al|el|la|le|du|di|ben)"
_HONOR = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Madam|Comrade|Hon|H\.\s?E)\.?\s+)*"
PERSON = re.compile(
    rf"{_HONOR}(?P<name>{_CAP}(?:\s+(?:{_PARTICLE}\s+)*{_CAP}){{1,4}}),\s+(?P<title>[^,;]+?)"
    r"(?=,|;|\.\s|\.$|$|\s+(?:in|on|at|via|who|and\s+(?:his|her|their|the\s+delegation)|"
    r"respectively|during|through|by|when)\b)"
)
_PARTY_WORD = re.compile(
    r"\b(?:Party|Parti|Partido|Komeito|Congress|Front|Movement|League|Alliance|Rally|Union|"
    r"Kuomintang|SWAPO|Frelimo|FRELIMO|ZANU-PF|MPLA|Fatah|Sandinista|Chama Cha Mapinduzi)\b"
)
_NOT_PARTY = re.compile(
    r"^(?:CPC\b|Communist Party of China|Chinese Communist Party|European Union|African Union|"
    r"Soviet Union|National People's Congress|Inter-Parliamentary Union)|People's Congress|"
    r"Central Committee$|Party Central Committee$|Party School"
)
_RUN = re.compile(
    rf"(?:{_CAP}|(?<=\s)(?:of|the|and|for|de|del|la|du|des|y|e)(?=\s))"
    rf"(?:\s+(?:{_CAP}|of|the|and|for|de|del|la|du|des|y|e)(?=\s|$|[,.;()]))*"
)
_ABBR = re.compile(r"^\s*\((?P<abbr>[A-Z][A-Za-z0-9-]{1,12})\)")
# "Communist Party of Nepal (Unified Marxist-Leninist)": the brackets are part of the name.
_QUALIFIER = re.compile(r"^\s*\((?P<q>[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+)\)")
_ORGAN = re.compile(r"\s+(?:Central Committee|National Committee|Political Bureau|Politburo)$")
_EDGE = {"of", "the", "and", "for", "de", "del", "la", "du", "des", "y", "e", "The"}
_NOT_NAME = re.compile(
    r"\b(?:Party|Department|Committee|Ministry|Office|Council|Forum|Union|Front|Congress|"
    r"Delegation|Government|China|Beijing|The|President|Minister|Chairman)\b"
)


@dataclass
class PersonMention:
    name: str
    title: str
    start: int
    department: bool = False  # the title places them in the International Department
    para: int = 0  # the paragraph that gives the title, for citing it


@dataclass
class PartyMention:
    name: str
    start: int
    abbreviation: str | None = None
    aliases: list[str] = field(default_factory=list)


def find_people(text: str) -> list[PersonMention]:
    """People with a title; a rejected match ("In April, Guo Yezhou, ...") is retried from
    its next word, so a date or place before a name does not hide it."""
    out: list[PersonMention] = []
    pos = 0
    while m := PERSON.search(text, pos):
        name = clean_name(m["name"])
        title = m["title"].strip()
        if _NOT_NAME.search(name) or not is_title(title):
            space = text.find(" ", m.start("name"))
            pos = space + 1 if space != -1 else len(text)
            continue
        out.append(PersonMention(name, title, m.start("name"), names_department(title)))
        pos = m.end()
    return out


# Words of a bare name carry no full stop: "H.E. Mr." are courtesy titles, and the stop after
# the last word ends the sentence.
_WORD = rf"[{_UP}][\w'’-]*"
_BARE = re.compile(
    rf"\b(?:with|to)\s+{_HONOR}(?P<name>{_WORD}(?:\s+{_WORD}){{1,3}})"
    r"(?=\s+(?:on|in|at|and)\b|[.;,]|$)"
)
_COURTESY_WORD = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Madam|Madame|Sir|Comrade|Hon|H|E)$")


def clean_name(name: str) -> str:
    """A name without courtesy titles, its closing full stop or a possessive "'s"."""
    name = strip_honorifics(name)
    name = re.sub(r"(?<=\w\w)\.$", "", name)
    return re.sub(r"['’]s$", "", name)


def find_bare_people(text: str, exclude: list[str]) -> list[PersonMention]:
    """"sent a letter to Anura Kumara Dissanayake on ...": a name with no title after it.
    `exclude` holds what the text already names as a party, country or place."""
    out: list[PersonMention] = []
    for m in _BARE.finditer(text):
        name = clean_name(m["name"])
        if any(_COURTESY_WORD.match(w) for w in name.split()):
            continue
        if _NOT_NAME.search(name) or _PARTY_WORD.search(name) or any(
            name in e or e in name for e in exclude
        ):
            continue
        out.append(PersonMention(name, "", m.start("name")))
    return out


def _trim(words: list[str]) -> list[str]:
    while words and words[0] in _EDGE:
        words = words[1:]
    while words and words[-1] in _EDGE:
        words = words[:-1]
    return words


def _split_joined(phrase: str) -> list[tuple[str, bool]]:
    """"the X Party and the Y Front" is two parties; "Bohemia and Moravia" is not."""
    parts = re.split(r"\s+and\s+(?:the\s+)?", phrase)
    if len(parts) > 1 and all(_PARTY_WORD.search(p) for p in parts):
        return [(p, False) for p in parts]
    # "..., the Awami League and the Sri Lanka Podujana Peramuna": "and the" opens a new
    # name in a list of parties even when that name has no party word of its own.
    listed = re.split(r"\s+and\s+the\s+", phrase)
    if len(listed) > 1 and _PARTY_WORD.search(listed[0]):
        return [(p, i > 0) for i, p in enumerate(listed)]
    return [(phrase, False)]


def _cut_titles(name: str) -> str:
    """"Leader of the Komeito Party of Japan" -> "Komeito Party of Japan": leading "X of"
    pieces without a party word are offices and organs, not the party."""
    while m := re.match(r"^(.+?)\s+of\s+(?:the\s+)?(.+)$", name):
        if _PARTY_WORD.search(m[1]):
            break
        name = m[2]
    return name


def find_parties(
    text: str, abbreviations: dict[str, str], is_known: Callable[[str], bool] | None = None
) -> list[PartyMention]:
    """Parties named in text; `abbreviations` (short -> full) grows as brackets are read.
    `is_known` recognises parties the database holds under names without a party word."""
    out: list[PartyMention] = []
    for m in _RUN.finditer(text):
        offset = m.start()
        for phrase, listed in _split_joined(m[0]):
            words = _trim(phrase.split())
            name = _ORGAN.sub("", _cut_titles(" ".join(words).strip(" ,.;")))
            name = re.sub(r"['’]s$", "", name)  # "the X Party's commission": the party
            start = offset + max(text.find(name, offset) - offset, 0)
            if name in abbreviations:
                out.append(PartyMention(abbreviations[name], start, name))
                continue
            known = listed or (is_known is not None and is_known(name))
            if len(name) > 120:  # no party's name is this long: a run of capitalised words
                continue
            if not (known or _PARTY_WORD.search(name)) or _NOT_PARTY.search(name):
                continue
            after = text[m.end() :]
            if q := _QUALIFIER.match(after):
                name, after = f"{name} ({q['q']})", after[q.end() :]
            abbr = _ABBR.match(after)
            mention = PartyMention(name, start, abbr["abbr"] if abbr else None)
            if mention.abbreviation:
                abbreviations[mention.abbreviation] = name
            out.append(mention)
    return out


_LED_BY_ITS = re.compile(
    rf"\b(?:led|headed) by (?:its|their|the party's) (?P<title>(?:[a-z][a-z-]*\s+){{1,4}}?)"
    rf"{_HONOR}(?P<name>{_WORD}(?:\s+(?:{_PARTICLE}\s+)*{_WORD}){{1,3}})"
)


def find_its_leaders(text: str, parties: list[PartyMention]) -> list[PersonMention]:
    """"a delegation of the X Party led by its general secretary NAME": the title comes
    before the name and names the party only by "its", so the party before it is meant."""
    out: list[PersonMention] = []
    for m in _LED_BY_ITS.finditer(text):
        before = [p for p in parties if p.start < m.start()]
        if not before or not is_title(m["title"]):
            continue
        name = clean_name(m["name"])
        if _NOT_NAME.search(name) or _PARTY_WORD.search(name):
            continue
        title = f"{m['title'].strip()} of the {before[-1].name}"
        out.append(PersonMention(name, title, m.start("name")))
    return out

