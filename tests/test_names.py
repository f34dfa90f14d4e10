from __future__ import annotations

import json

import pytest

from idkb.core.names import normalise
from tests.helpers import Run


@pytest.mark.parametrize(
    ("typed", "norm"),
    [
        ("Song Tao", "song tao"),
        ("  SONG   tao ", "song tao"),
        ("Sóng Tào", "song tao"),
        ("Xi-Jinping", "xi jinping"),
        ("宋涛", "宋涛"),
        ("Ba'ath", "ba ath"),
        ("'; DROP TABLE entities; --", "drop table entities"),
    ],
)
def test_normalise_ignores_case_accents_spaces_and_punctuation(typed: str, norm: str) -> None:
    assert normalise(typed) == norm


@pytest.mark.parametrize(("command", "typed", "expected"), [
    ("country", "中国", "china"), ("org", "MFA", "foreign-ministry"),
    ("org", "外交部", "foreign-ministry"), ("party", "中共", "cpc"),
    ("country", "美国", "usa"), ("org", "国台办", "taiwan-affairs-office"),
])
def test_common_short_forms_and_chinese_names_resolve(run: Run, command: str, typed: str,
                                                     expected: str) -> None:
    result = run(command, typed, "--json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["id"] == expected
