"""Personal identity numbers and assurance levels: pure rules, no database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.accounts.login.assurance import (
    Assurance,
    Level,
    Method,
    assurance_from_session_data,
    assurance_is_sufficient,
)
from vikarieportalen.accounts.rules import (
    format_personal_identity_number,
    is_coordination_number,
    luhn_check_digit,
    mask_personal_identity_number,
    parse_personal_identity_number,
)

TODAY = dt.date(2026, 11, 28)


def parse(text: str) -> str:
    return parse_personal_identity_number(text, today=TODAY)


def message(text: str) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        parse(text)
    return str(info.value.messages[0])


# Personal identity numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["811218-9876", "8112189876", "19811218-9876", "198112189876", " 811218 - 9876 ", "19811218 9876"],
)
def test_every_written_form_gives_the_twelve_digit_form(text: str) -> None:
    assert parse(text) == "198112189876"


def test_plus_means_a_hundred_years_or_older() -> None:
    assert parse("121212+1212") == "191212121212"
    assert parse("121212-1212") == "201212121212"


def test_ten_digits_take_the_latest_century_not_in_the_future() -> None:
    # Born 1926-12-01 (today is 2026-11-28): 2026-12-01 has not happened yet.
    number = "261201" + "123"
    pin = f"{number}{luhn_check_digit(number)}"
    assert parse(pin) == f"19{pin}"


def test_coordination_number_adds_sixty_to_the_day_and_is_kept_as_written() -> None:
    assert parse("701063-2391") == "197010632391"
    assert is_coordination_number("197010632391")
    assert not is_coordination_number("198112189876")


def test_wrong_check_digit_is_refused_with_its_own_message() -> None:
    assert "check digit" in message("811218-9875")


@pytest.mark.parametrize("text", ["811318-9876", "810230-1234", "19811232-9876", "701093-2391"])
def test_dates_that_do_not_exist_are_refused(text: str) -> None:
    assert "date" in message(text)


def test_a_date_in_the_future_is_refused() -> None:
    number = "202701011" + "23"
    assert "future" in message(f"20{number[2:8]}-{number[8:]}0")


@pytest.mark.parametrize("text", ["", "abc", "81121898", "811218--9876", "811218/9876", "1234567890123"])
def test_malformed_text_is_refused_with_the_format_message(text: str) -> None:
    assert "YYYYMMDD-NNNN" in message(text) or "hyphen" in message(text)


def test_twelve_digits_with_plus_are_taken_for_a_person_aged_a_hundred_or_more() -> None:
    assert parse("19121212+1212") == "191212121212"
    assert "100 or more" in message("19811218+9876")
    assert parse("121212+1212") == parse("19121212+1212")


@pytest.mark.parametrize("serial", ["0000", "0001", "0009"])
def test_birth_number_000_is_refused_with_its_own_message(serial: str) -> None:
    date = "811218"
    assert "cannot all be 0" in message(f"{date}-{serial}")


def test_the_hundred_year_rule_holds_on_a_leap_day() -> None:
    # 2000-02-29 a hundred years back is 1900-02-28: 1900 had no 29 February.
    assert parse_personal_identity_number("000228+9999", today=dt.date(2000, 2, 29)).startswith("1900")


def test_masking_hides_the_last_four_digits() -> None:
    assert mask_personal_identity_number("199804042381") == "19980404-****"
    assert mask_personal_identity_number("") == ""
    assert format_personal_identity_number("199804042381") == "19980404-2381"


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(12-digit form, the same number written some way people write it)."""
    born = draw(st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY))
    coordination = draw(st.booleans())
    day = born.day + (60 if coordination else 0)
    serial = draw(st.integers(min_value=1, max_value=999))
    short = f"{born:%y%m}{day:02d}{serial:03d}"
    full = f"{born:%Y%m}{day:02d}{serial:03d}{luhn_check_digit(short)}"
    style = draw(st.sampled_from(["12", "12-", "10", "10-"]))
    written = {
        "12": full,
        "12-": f"{full[:8]}-{full[8:]}",
        "10": full[2:],
        "10-": f"{full[2:8]}-{full[8:]}",
    }[style]
    return full, written


@given(valid_numbers())
def test_any_valid_number_parses_back_to_its_twelve_digit_form(case: tuple[str, str]) -> None:
    full, written = case
    assert parse(written) == full


@given(valid_numbers(), st.integers(min_value=1, max_value=9))
def test_any_changed_check_digit_is_refused(case: tuple[str, str], delta: int) -> None:
    full, _written = case
    broken = full[:-1] + str((int(full[-1]) + delta) % 10)
    with pytest.raises(ValidationError):
        parse(broken)


@given(st.text(max_size=30))
def test_any_text_gives_a_number_or_a_validation_error_never_a_crash(text: str) -> None:
    try:
        result = parse(text)
    except ValidationError:
        return
    assert len(result) == 12 and result.isdigit()


# Assurance --------------------------------------------------------------------------------

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


def at(minutes_ago: int, method: Method = Method.PASSWORD_SMS) -> Assurance:
    data = {"method": method.value, "at": (NOW - dt.timedelta(minutes=minutes_ago)).isoformat()}
    result = assurance_from_session_data(data)
    assert result is not None
    return result


def test_password_is_low_and_the_strong_methods_are_high() -> None:
    assert at(0, Method.PASSWORD).level == Level.LOW
    for method in (Method.PASSWORD_SMS, Method.EID, Method.STAFF_CARD):
        assert at(0, method).level == Level.HIGH


def test_low_is_not_enough_where_high_is_required() -> None:
    assert not assurance_is_sufficient(at(0, Method.PASSWORD), required=Level.HIGH, max_age=None, now=NOW)
    assert assurance_is_sufficient(at(0, Method.PASSWORD), required=Level.LOW, max_age=None, now=NOW)


def test_high_is_enough_only_while_recent() -> None:
    limit = dt.timedelta(minutes=15)
    assert assurance_is_sufficient(at(15), required=Level.HIGH, max_age=limit, now=NOW)
    assert not assurance_is_sufficient(at(16), required=Level.HIGH, max_age=limit, now=NOW)
    assert assurance_is_sufficient(at(600), required=Level.HIGH, max_age=None, now=NOW)


def test_an_authentication_time_in_the_future_does_not_count() -> None:
    assert not assurance_is_sufficient(at(-5), required=Level.HIGH, max_age=dt.timedelta(minutes=15), now=NOW)


def test_no_or_malformed_session_data_means_no_assurance() -> None:
    assert not assurance_is_sufficient(None, required=Level.LOW, max_age=None, now=NOW)
    for data in (
        None,
        "high",
        {},
        {"method": "magic", "at": NOW.isoformat()},
        {"method": "eid", "at": "yesterday"},
        {"method": "eid", "at": "2026-11-28T12:00:00"},
    ):
        assert assurance_from_session_data(data) is None


def test_the_level_follows_the_method_not_what_the_session_says() -> None:
    result = assurance_from_session_data({"level": "high", "method": "password", "at": NOW.isoformat()})
    assert result is not None and result.level == Level.LOW
