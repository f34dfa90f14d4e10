"""Which characters of data text must never reach a terminal raw, and JSON that shows none.

The one definition of unsafe text: `render.sections.clean` escapes these characters for people
(tables, plain text, messages), and `json_safe` writes them as JSON escapes in JSON output
and exports (the same data when decoded).
"""

from __future__ import annotations

import re

# Every character that can change how a terminal shows text without being seen itself:
# controls (C0, DEL, C1), Unicode format characters (category Cf: bidi embeddings, overrides
# and isolates, LRM/RLM/ALM, zero-width spaces and joiners, word joiner and invisible
# operators, BOM, interlinear annotation, tag characters) and the line and paragraph
# separators U+2028/2029. A test checks this list against Python's Unicode database.
UNSAFE_CHARS = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
UNSAFE = re.compile(f"[{UNSAFE_CHARS}]")


# The safe characters within ASCII. Most text (an export of a million events: 340 MB) is
# ASCII, and deleting every safe character with bytes.translate to see that nothing is left
# is about five times faster than searching it for an unsafe one with a regular expression.
_SAFE_ASCII = bytes(c for c in range(128) if not UNSAFE.match(chr(c)))


def json_safe(text: str) -> str:
    """JSON text with the unsafe characters written as JSON escapes (`\\u202e`): the same data
    when decoded, and nothing invisible on a terminal. JSON syntax is ASCII, so they can only
    be inside strings."""
    if text.isascii() and not text.encode("ascii").translate(None, _SAFE_ASCII):
        return text
    return UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
