"""From sentences to contacts: who met whom, when, where and how.

Each sentence with a contact verb and someone on the department's side is a contact of its
own ("also met", "met separately" included); sentences without a verb ("The delegation was led
by ...") add to the contact before them. Undated meetings during a visit, and the speeches at a
forum, belong to the visit or forum they are part of.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from idkb.extract import countries, dates, kinds, people
from idkb.extract.people import PartyMention, PersonMention
from idkb.extract.text import Dateline, sentences

_ATTACH = re.compile(
    r"\b(?:led|headed) by\b|\bincluding\b|\bincluded\b|\battended by\b|\brepresentatives? of\b"
    r"|\baccompanied by\b|\bparticipants?\b|\bdelegates? (?:of|from)\b"
)
_HERE = re.compile(r"\bhere\b")
_PRONOUN = re.compile(r"^\W*(?:[A-Z][a-z]+, )?(?:[Hh]e|[Ss]he|[Tt]hey)\b")
_DELEGATION = re.compile(r"\b(?:the|a|its|this|CPC|Chinese) delegation\b", re.I)
_CONTINUE = re.compile(r"\b(?:also|separately|then|later)\b")


@dataclass
class Contact:
    kind: str
    para: int
    date: str | None = None
    city: str | None = None
    country: str | None = None  # ISO alpha-3 of where it took place
    officials: list[PersonMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    parties: list[PartyMention] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # counterpart countries, alpha-3
    department: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class _State:
    ref: date | None
    dateline: Dateline | None
    published: date | None
    abbreviations: dict[str, str] = field(default_factory=dict)
    seen: list[PersonMention] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    visit: Contact | None = None
    is_known_party: Callable[[str], bool] | None = None
    skipped: list[str] = field(default_factory=list)  # notes on contact sentences left out


def _quote(sentence: str, width: int = 70) -> str:
    """The sentence's start, cut at a word."""
    if len(sentence) <= width:
        return repr(sentence)
    return repr(sentence[:width].rsplit(" ", 1)[0] + " ...")


def _resolve_short(subject: str, state: _State) -> list[PersonMention]:
    """"Liu met separately ...", "He also met ...": the official named earlier."""
    found: list[PersonMention] = []
    for person in reversed(state.seen):
        if not person.department:
            continue
        surname = person.name.split()[0]
        if re.search(rf"\b{re.escape(surname)}\b", subject) and person not in found:
            found.append(person)
    if not found and (_PRONOUN.search(subject) or _DELEGATION.search(subject)):
        last = state.visit or (state.contacts[-1] if state.contacts else None)
        if last is not None:
            found = list(last.officials)
    return found[:1] if found else []


def _mentions(sentence: str, para: int,
              state: _State) -> tuple[list[PersonMention], list[PartyMention]]:
    found = people.find_people(sentence)
    parties = people.find_parties(sentence, state.abbreviations, state.is_known_party)
    found += [p for p in people.find_its_leaders(sentence, parties)
              if all(p.name != q.name for q in found)]
    named = [p.name for p in found] + [p.name for p in parties] + list(state.abbreviations)
    named += [sentence[i : i + 40].split(",")[0] for i, _ in countries.find(sentence)]
    named += [c for c in countries.CITIES if c in sentence]
    found += people.find_bare_people(sentence, named)
    for person in found:
        person.para = para
    state.seen.extend(found)
    return found, parties


def _countries(sentence: str) -> list[str]:
    return [c for _, c in countries.find(sentence) if c != "CHN"]


def _place(sentence: str, kind: str, state: _State, contact: Contact) -> None:
    if kind in ("video-call", "phone-call", "letter"):
        return
    city = countries.find_city(sentence)
    if city is None and _HERE.search(sentence) and state.dateline is not None:
        city = state.dateline.city
    # "Vientiane, ...— ... visited Laos": the report is filed from the visit's city.
    if (city is None and kind == "visit" and state.dateline is not None and contact.countries
            and countries.city_country(state.dateline.city) == contact.countries[0]):
        city = state.dateline.city
    if city is not None:
        contact.city = city
        contact.country = countries.city_country(city)
    elif kind == "visit" and contact.countries:
        contact.country = contact.countries[0]
    elif state.visit is not None and state.visit.country:
        contact.country = state.visit.country
    if contact.city is None:
        contact.notes.append(f"para {contact.para}: place not stated")


def _date(sentence: str, state: _State, contact: Contact) -> bool:
    """Set the contact's date; False if the text gives none of its own."""
    previous = state.contacts[-1].date if state.contacts else None
    found = dates.resolve(sentence, state.ref, previous)
    if found is not None:
        contact.date = found
        return True
    if _CONTINUE.search(sentence) and previous:
        contact.date = previous
        return True
    return False


def _fallback_date(state: _State, contact: Contact, sentence: str) -> None:
    """No date in the sentence: the dateline's day, else "on or before publication". A
    sentence about another time ("had visited") never takes the dateline's day."""
    if dates.PAST_PERFECT.search(sentence):
        if state.published is not None:
            contact.date = f"[..{state.published.isoformat()}]"
        contact.notes.append(f"para {contact.para}: a contact told in the past perfect with no "
                             "date of its own; on or before publication")
    elif state.ref is not None and state.dateline is not None:
        contact.date = state.ref.isoformat()
        contact.notes.append(f"para {contact.para}: no day in the text; the dateline's day used")
    elif state.published is not None:
        contact.date = f"[..{state.published.isoformat()}]"
        contact.notes.append(f"para {contact.para}: date not stated; on or before publication")


def _inherit(contact: Contact, state: _State) -> None:
    """"Liu met with the delegation": the delegation the item has already introduced."""
    source = state.visit or (state.contacts[-1] if state.contacts else None)
    if source is not None:
        contact.people = list(source.people)
        contact.parties = list(source.parties)
        contact.countries = list(source.countries)


def _merge(into: Contact, other: Contact) -> None:
    into.officials += [p for p in other.officials if p not in into.officials]
    into.people += other.people
    into.parties += other.parties
    into.countries += other.countries
    into.department = into.department or other.department


def _sentence(sentence: str, para: int, state: _State) -> None:
    verb = kinds.main_verb(sentence)
    found, parties = _mentions(sentence, para, state)
    if verb is None:
        if state.contacts and _ATTACH.search(sentence):
            last = state.contacts[-1]
            last.people += [p for p in found if not p.department]
            last.officials += [p for p in found if p.department and p not in last.officials]
            last.parties += parties
            last.countries += _countries(sentence)
        return
    subject = sentence[: verb.start]
    officials = [p for p in found if p.department] or _resolve_short(subject, state)
    others = [p for p in found if not p.department]
    department = bool(officials) or "International Department" in sentence
    if not department and not (verb.kind in ("forum", "visit") and (others or parties)):
        # Said, not guessed: someone met someone, but no one the rules place in the
        # department ("Song Tao also met with the delegation"); the reviewer reads it.
        state.skipped.append(f"para {para}: {verb.kind} with no one named from the "
                             f"department, left out: {_quote(sentence)}")
        return
    contact = Contact(verb.kind, para, officials=officials, people=others, parties=parties,
                      countries=_countries(sentence), department=department)
    if not (others or parties) and _DELEGATION.search(sentence[verb.end :]):
        _inherit(contact, state)
    dated = _date(sentence, state, contact)
    _place(sentence, verb.kind, state, contact)
    _attach_or_add(contact, dated, state, sentence)


def _attach_or_add(contact: Contact, dated: bool, state: _State, sentence: str) -> None:
    last = state.contacts[-1] if state.contacts else None
    if not dated and state.visit is not None:
        _merge(state.visit, contact)
        return
    if (contact.kind == "forum" and last is not None and last.kind == "forum"
            and contact.date in (None, last.date)):
        _merge(last, contact)
        return
    if not dated:
        _fallback_date(state, contact, sentence)
    if contact.kind == "visit":
        state.visit = contact
    if "separately" in sentence and len(contact.people) > 1:
        state.contacts += split_by_person(contact)
        return
    state.contacts.append(contact)


def _in_title(party: PartyMention, person: PersonMention) -> bool:
    return party.name in person.title or (party.abbreviation or "\0") in person.title


def split_by_person(contact: Contact) -> list[Contact]:
    """"Met separately with A, leader of X, and B, chairman of Y": one contact for each."""
    out: list[Contact] = []
    ends = [p.start + len(p.name) + len(p.title) + 2 for p in contact.people]
    for i, person in enumerate(contact.people):
        # Each party goes to the one person whose title names it; one no title names goes
        # to the person it stands before ("a delegation of P led by A") or, last, after.
        prev_end = ends[i - 1] if i else -1
        last = i == len(contact.people) - 1
        mine = [p for p in contact.parties if _in_title(p, person) or (
            not any(_in_title(p, o) for o in contact.people)
            and prev_end <= p.start < (10**9 if last else ends[i]))]
        part = Contact(contact.kind, contact.para, contact.date, contact.city, contact.country,
                       list(contact.officials), [person], mine, [], contact.department,
                       list(contact.notes) if i == 0 else [])
        part.countries = [c for _, c in countries.find(person.title) if c != "CHN"]
        out.append(part)
    return out


def find_contacts(paras: list[str], dateline: Dateline | None, published: date | None,
                  ref: date | None,
                  is_known_party: Callable[[str], bool] | None = None,
                  ) -> tuple[list[Contact], list[str]]:
    """The contacts, and notes on sentences with a contact verb that were left out."""
    state = _State(ref=ref, dateline=dateline, published=published,
                   is_known_party=is_known_party)
    for n, para in enumerate(paras, start=1):
        for sentence in sentences(para):
            _sentence(sentence, n, state)
    return state.contacts, state.skipped
