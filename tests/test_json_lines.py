"""JSON lines read and written through msgspec give exactly what the json module gives: the
same values (integers beyond 64 bits stay exact), the same messages for bad lines, the same
text written."""

from __future__ import annotations

import json

import pytest

from idkb.load import export, readers

LINES = [
    '{"record": "event", "id": "e1", "title": "Talks in Hanoi", "date": "2021-04"}',
    '{"record":"entity","id":"x","name":"宋涛","note":"é\\u2028\\t"}',
    '{"record": "statement", "value": 123456789012345678901234567890}',  # beyond 64 bits
    '{"record": "statement", "value": 18446744073709551615}',
    '{"record": "statement", "value": -0.0, "other": 1E5, "small": 1e-7}',
    '{"record": "event", "v": NaN}',
    '{"record": "event", "v": Infinity}',
    '{"record": "event", "v": 1e400}',
    '{"record": "event", "a": 1,}',
    '{"record": "event" "a": 1}',
    '{"record": "event", "a": "\\ud800"}',
    '{"record": "event", "a": 1, "a": 2}',
    '{"record": "nonsense"}',
    '{"id": "no-record-field"}',
    '[1, 2, 3]',
    '"just a string"',
    'null',
    '3.5',
    '[{"record": "event", "v": 1.5}]',
    '{"record": "event", "deep": ' + "[" * 2000 + "]" * 2000 + "}",
]


@pytest.mark.parametrize("line", LINES)
def test_a_line_reads_as_the_json_module_reads_it(line: str) -> None:
    fast, plain = readers.jsonl_record(7, line + "\n"), readers._json_record(7, line + "\n")
    assert fast == plain
    if isinstance(plain, readers.Raw) and isinstance(fast, readers.Raw):
        assert json.dumps(fast.data) == json.dumps(plain.data)  # 1 and 1.0 are == but differ


RECORDS = [
    {"record": "event", "id": "e1", "title": "Talks, \"quoted\" and \\ slashed",
     "participants": [{"entity": "a", "role": "host"}], "n": 3, "ok": True, "none": None},
    {"record": "entity", "name": "宋涛 é \u2028 \x1f \n \t", "x": 1.5, "y": -0.25},
    {"record": "statement", "value": 2**70},  # beyond 64 bits
    {"record": "statement", "value": "\ud800"},  # a lone surrogate: json writes it
]


@pytest.mark.parametrize("record", RECORDS)
def test_a_line_is_written_as_the_json_module_writes_it(record: dict[str, object]) -> None:
    assert export.line(record) == json.dumps(record, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("attributes", [
    {"b": 1, "a": "x", "é": True, "Z": None, "aa": "宋涛 \u2028"},
    {"big": 2**70, "z": "last"},
    {"f": 1e16, "g": 1.5},
    {"ä": 1, "a": 2, "z": 3, "ß": 4},
])
def test_attributes_are_stored_as_the_json_module_writes_them(
        attributes: dict[str, object]) -> None:
    from idkb.store.links import attributes_json

    assert attributes_json(attributes) == json.dumps(attributes, ensure_ascii=False,
                                                     sort_keys=True, separators=(",", ":"))

