"""Compact JSON text, as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`
writes it, made by orjson: several times faster, and a big load writes a line (and often an
attributes object) for every record. What orjson refuses (an integer beyond 64 bits, a lone
surrogate) the json module writes. One difference remains: a float with an exponent is written
1e16 where the json module writes 1e+16 (the same number); `exact_floats` sends any value
holding a float at its top level to the json module.

Only the load and export paths import this module (orjson stays off the read path).
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any, *, sort_keys: bool = False, exact_floats: bool = False) -> str:
    if not (exact_floats and isinstance(value, dict)
            and any(type(v) is float for v in value.values())):
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0).decode()
        except (TypeError, orjson.JSONEncodeError):
            pass
    return json.dumps(value, ensure_ascii=False, sort_keys=sort_keys, separators=(",", ":"))
