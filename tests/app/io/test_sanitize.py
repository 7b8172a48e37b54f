"""The formula-injection guard: dangerous text neutralised, reversibly; numbers untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.io.sanitize import csv_value, is_formula_like, neutralize, printable, restore

PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(1)", "\t=1", "\r=1", "\0=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_get_a_leading_apostrophe_and_come_back(payload: str) -> None:
    safe = neutralize(payload)
    assert safe == "'" + payload
    assert not is_formula_like(safe)
    assert restore(safe) == payload


@pytest.mark.parametrize("text", ["Design", "", "it's fine", "'quoted'", "Ärger €", "1-2", "a=b"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralize(text) == text
    assert restore(text) == text


def test_apostrophes_typed_before_a_formula_survive_the_round_trip() -> None:
    assert neutralize("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert neutralize("''+1") == "'''+1"


def test_numbers_and_none_pass_through_unchanged() -> None:
    assert csv_value(-500) == -500
    assert csv_value(-2.5) == -2.5
    assert csv_value(None) is None
    assert csv_value("-500") == "'-500"


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r\0ab"), max_size=8) | st.text(max_size=20))
def test_neutralize_is_reversible_and_always_safe(text: str) -> None:
    safe = neutralize(text)
    assert restore(safe) == text
    assert not is_formula_like(safe)


def test_unprintable_controls_are_dropped_from_exported_text() -> None:
    assert printable("a\x00b\x01c\td\ne\rf\ufffe") == "abc\td\ne\rf"
    assert csv_value("\x00=1") == "'=1"
