from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import ValidationError

from idkb.core.model import Entity, Event, KnowledgeBase, Statement

CITE = [{"source": "s", "locator": "para 1"}]


def statement(**fields: Any) -> dict[str, Any]:
    return {"id": "st", "subject": "a", "predicate": "head_of", "object": "b", "sources": CITE,
            **fields}


def test_a_valid_statement_passes() -> None:
    s = Statement.model_validate(statement(start="2015-11", end="2022-06-02"))
    assert s.certainty == "confirmed"


def test_unknown_fields_are_named() -> None:
    with pytest.raises(ValidationError, match="strat"):
        Statement.model_validate(statement(strat="2015"))


def test_unknown_predicate_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown predicate"):
        Statement.model_validate(statement(predicate="heads"))


def test_predicate_shape_is_checked() -> None:
    with pytest.raises(ValidationError, match="needs an 'object'"):
        Statement.model_validate(statement(object=None))
    with pytest.raises(ValidationError, match="needs a 'value'"):
        Statement.model_validate(statement(predicate="count", object=None))


def test_every_statement_needs_a_source() -> None:
    with pytest.raises(ValidationError):
        Statement.model_validate(statement(sources=[]))


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValidationError, match="before"):
        Statement.model_validate(statement(start="2022", end="2021"))


@pytest.mark.parametrize(("dated", "message"), [
    ({"start": "2015", "as_of": "2012"}, "as_of '2012' comes before start '2015'"),
    ({"as_of": "2023-01-01", "end": "[..2022-06-02]"},
     "end '[..2022-06-02]' comes before as_of '2023-01-01'"),
])
def test_as_of_lies_within_the_period(dated: dict[str, str], message: str) -> None:
    """as_of is a day a source reported the statement holding: not before it began, nor
    after it ended."""
    with pytest.raises(ValidationError, match=re.escape(message)):
        Statement.model_validate(statement(**dated))
    Statement.model_validate(statement(start="2015", as_of="2015", end="[..2015-12-31]"))


@pytest.mark.parametrize("name", ["bad\x00name", "bell\x07", "esc\x1b[31m", ""])
def test_names_refuse_control_characters_and_emptiness(name: str) -> None:
    with pytest.raises(ValidationError):
        Entity.model_validate({"id": "x", "kind": "person", "name": name})


def test_subkind_only_for_organisations() -> None:
    with pytest.raises(ValidationError, match="subkind"):
        Entity.model_validate({"id": "x", "kind": "person", "name": "X", "subkind": "ministry"})


def test_event_dates_must_be_edtf() -> None:
    with pytest.raises(ValidationError, match="not a valid date"):
        Event.model_validate({"id": "e", "type": "meeting", "title": "T", "date": "2021-13-45",
                              "sources": CITE})


def test_ids_are_slugs() -> None:
    with pytest.raises(ValidationError):
        Entity.model_validate({"id": "Song Tao", "kind": "person", "name": "Song Tao"})


def test_whole_file_needs_the_format_version() -> None:
    with pytest.raises(ValidationError):
        KnowledgeBase.model_validate({"entities": []})
    assert KnowledgeBase.model_validate({"idkb": 1}).entities == []
