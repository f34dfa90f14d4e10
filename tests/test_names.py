from __future__ import annotations

import pytest

from idkb.core.names import normalise


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
