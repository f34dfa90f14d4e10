"""What the engine asks of the database: is this name already known, and as what?

The command layer implements `Gazetteer` over the store; `MemoryGazetteer` holds a list of
entity dicts (the load format's shape) for tests, evaluation and small runs. Both should
compare names as `name_key` does, so that case, accents and punctuation do not matter; the
engine itself tries the word orders a name may come in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

HONORIFICS = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Madam|Madame|Sir|Comrade|Hon|H\.\s?E|"
    r"His Excellency|Her Excellency)\.?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class KnownEntity:
    id: str
    kind: str
    name: str
    country: str | None = None


class Gazetteer(Protocol):
    def lookup(self, name: str, kind: str | None) -> KnownEntity | None:
        """The known entity called `name` (of `kind`, if given), or None."""
        ...


def strip_honorifics(name: str) -> str:
    return HONORIFICS.sub("", name.strip()).strip()


def name_key(name: str) -> str:
    """Case, accents, punctuation and "Mr"/"H.E." do not tell names apart.

    The same folding as the database's (`idkb.core.names.normalise`, which this package may
    not import): an apostrophe is a break between words, so "People's" is "people s"."""
    text = unicodedata.normalize("NFKD", strip_honorifics(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def person_variants(name: str) -> list[str]:
    """The orders a Chinese or Korean name may be written in: "Liu Jianchao", "Jianchao
    Liu"; "Kim Song Nam", "Song Nam Kim"."""
    words = strip_honorifics(name).split()
    out = [" ".join(words)]
    if 2 <= len(words) <= 3:
        out.append(" ".join([words[-1], *words[:-1]]))
        out.append(" ".join([*words[1:], words[0]]))
    return list(dict.fromkeys(out))


class MemoryGazetteer:
    """A gazetteer over entity records held in memory."""

    def __init__(self, entities: Iterable[Mapping[str, Any]]) -> None:
        self._by_key: dict[tuple[str, str], KnownEntity] = {}
        self.by_id: dict[str, KnownEntity] = {}
        for e in entities:
            known = KnownEntity(e["id"], e["kind"], e["name"], e.get("country"))
            self.by_id[known.id] = known
            names = [e["name"], *(a["name"] for a in e.get("aliases", []))]
            for n in names:
                self._by_key.setdefault((name_key(n), known.kind), known)

    def lookup(self, name: str, kind: str | None) -> KnownEntity | None:
        key = name_key(name)
        if kind is not None:
            return self._by_key.get((key, kind))
        for k in ("person", "party", "organisation", "country"):
            if found := self._by_key.get((key, k)):
                return found
        return None
