"""Mobile numbers: written as people write them, stored in E.164, shown nationally. No database."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from vikarieportalen.notifications.phone import format_mobile_number, normalize_mobile_number


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        pytest.param("070-123 45 67", "+46701234567", id="swedish-national"),
        pytest.param("0701234567", "+46701234567", id="swedish-digits-only"),
        pytest.param("+46 70 123 45 67", "+46701234567", id="swedish-international"),
        pytest.param("0046701234567", "+46701234567", id="swedish-00-prefix"),
        pytest.param("+358 40 1234567", "+358401234567", id="finnish"),
        pytest.param(" 073 - 987 65 43 ", "+46739876543", id="extra-spaces"),
    ],
)
def test_mobile_numbers_are_normalised_to_e164(written: str, e164: str) -> None:
    assert normalize_mobile_number(written) == e164


@pytest.mark.parametrize(
    ("written", "code"),
    [
        pytest.param("0550-858 89", "not_mobile", id="landline-kristinehamn"),
        pytest.param("08-123 456 78", "not_mobile", id="landline-stockholm"),
        pytest.param("070-ABC 45 67", "invalid_phone", id="letters-as-keypad-digits"),
        pytest.param("0701234567x", "invalid_phone", id="trailing-letter"),
        pytest.param("telefon", "invalid_phone", id="only-letters"),
        pytest.param("", "invalid_phone", id="empty"),
        pytest.param("070-123", "invalid_phone", id="too-short"),
    ],
)
def test_non_mobile_input_is_refused(written: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        normalize_mobile_number(written)
    assert caught.value.code == code


def test_swedish_mobile_is_formatted_nationally() -> None:
    assert format_mobile_number("+46701234567") == "070-123 45 67"


def test_foreign_mobile_is_formatted_internationally() -> None:
    assert format_mobile_number("+358401234567") == "+358 40 1234567"


def test_no_mobile_formats_as_empty() -> None:
    assert format_mobile_number("") == ""


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=9_999_999))
def test_normalise_and_format_round_trip_for_swedish_mobiles(digits: int) -> None:
    e164 = f"+4670{digits:07d}"
    assert normalize_mobile_number(format_mobile_number(e164)) == e164
