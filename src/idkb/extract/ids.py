"""Deterministic ids: lower-case slugs that match the load format's id pattern."""

from __future__ import annotations

import re
import unicodedata

MAX_ID = 120


def slug(text: str, limit: int = 60) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"[’'`]", "", text)
    out = "-".join(re.findall(r"[a-z0-9]+", text))
    if len(out) > limit:
        out = out[:limit].rsplit("-", 1)[0] or out[:limit]
    return out or "x"


class IdSet:
    """Ids handed out in one output: a repeat gets "-2", "-3", ..."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def new(self, base: str) -> str:
        base = base[: MAX_ID - 4].strip("-")
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._taken.add(candidate)
        return candidate
