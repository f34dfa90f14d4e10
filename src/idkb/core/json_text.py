"""Compact JSON text, as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`
writes it, made by msgspec: several times faster, and a big load writes a line (and often an
attributes object) for every record. What msgspec refuses (a lone surrogate) or would change
(a number that is not finite) the json module writes. One difference remains: a float with an
exponent is written 1e16 where the json module writes 1e+16 (the same number); `exact_floats`
sends any value holding a float at its top level to the json module.

Only the load and export paths import this module (msgspec stays off the read path).
"""

from __future__ import annotations

import json
from typing import Any

from msgspec import json as fast_json

_ENCODERS = {False: fast_json.Encoder(), True: fast_json.Encoder(order="sorted")}


def dumps(value: Any, *, sort_keys: bool = False, exact_floats: bool = False) -> str:
    if not (exact_floats and isinstance(value, dict)
            and any(type(v) is float for v in value.values())):
        data = _fast(value, sort_keys)
        if data is not None:
            return data.decode()
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))


def exact_line(value: Any) -> bytes:
    """`value` as JSON text (UTF-8) that reads back exactly as `value`; where msgspec cannot
    write it, the json module escapes every character beyond ASCII (a lone surrogate too,
    which UTF-8 cannot hold)."""
    data = _fast(value)
    return data if data is not None else json.dumps(value, separators=(",", ":")).encode()


def _fast(value: Any, sort_keys: bool = False) -> bytes | None:
    """msgspec's text, or None where it refuses the value (a lone surrogate) or would change
    it: it writes a number that is not finite as null, where the json module writes NaN or
    Infinity."""
    try:
        data = _ENCODERS[sort_keys].encode(value)
    except (TypeError, ValueError):  # UnicodeEncodeError is a ValueError
        return None
    return None if b"null" in data and _not_finite(value) else data


def _not_finite(value: Any) -> bool:
    if type(value) is float:
        return value != value or value in (float("inf"), float("-inf"))
    items = value.values() if type(value) is dict else value if type(value) is list else ()
    return any(_not_finite(item) for item in items)
