"""How names are compared: case, accents, punctuation and extra spaces do not matter."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise(name: str) -> str:
    """'  Sóng-TAO ' -> 'song tao'; Chinese characters are kept as they are."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())
