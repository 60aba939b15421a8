"""The one holiday calendar: public holidays, the eves, their names, and what it leaves out."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.core.public_holidays import (
    library_language,
    red_days_of,
    swedish_holiday_names,
    swedish_holidays,
    swedish_red_days,
)

D = dt.date


def test_holidays_are_the_public_holidays_and_three_eves_without_ordinary_sundays() -> None:
    days = swedish_holidays([2026])
    assert {D(2026, 6, 19), D(2026, 12, 24), D(2026, 12, 31), D(2026, 4, 5), D(2026, 6, 6)} <= days
    assert D(2026, 11, 29) not in days  # an ordinary Sunday
    assert D(2026, 4, 4) not in days  # Easter Eve: not in the OB calendar, whose pay it would change
    assert len(days) == 16


def test_holiday_names_in_swedish_and_english() -> None:
    assert swedish_holiday_names([2026])[D(2026, 6, 20)] == "Midsommardagen"
    assert swedish_holiday_names([2026], language="en_US")[D(2026, 12, 24)] == "Christmas Eve"


def test_red_days_add_easter_and_whitsun_eve_and_tell_eves_from_holidays() -> None:
    days = swedish_red_days([2026])
    assert (days[D(2026, 4, 4)].name, days[D(2026, 4, 4)].is_eve) == ("Påskafton", True)
    assert (days[D(2026, 5, 23)].name, days[D(2026, 5, 23)].is_eve) == ("Pingstafton", True)
    assert (days[D(2026, 12, 24)].name, days[D(2026, 12, 24)].is_eve) == ("Julafton", True)
    assert (days[D(2026, 6, 19)].name, days[D(2026, 6, 19)].is_eve) == ("Midsommarafton", True)
    assert (days[D(2026, 6, 20)].name, days[D(2026, 6, 20)].is_eve) == ("Midsommardagen", False)
    assert (days[D(2026, 12, 25)].name, days[D(2026, 12, 25)].is_eve) == ("Juldagen", False)


def test_half_days_and_squeeze_days_are_not_red_days() -> None:
    days = swedish_red_days([2026])
    assert D(2026, 4, 30) not in days  # Walpurgis night, a half-day at most
    assert D(2026, 4, 2) not in days  # Maundy Thursday
    assert D(2026, 5, 15) not in days  # the squeeze day after Ascension Day
    assert D(2026, 1, 5) not in days  # Twelfth Night


def test_red_days_of_picks_the_given_dates_across_years() -> None:
    days = [D(2026, 12, 23), D(2026, 12, 24), D(2026, 12, 31), D(2027, 1, 1), D(2027, 1, 4)]
    found = red_days_of(days, language="en_US")
    assert {day: red.name for day, red in found.items()} == {
        D(2026, 12, 24): "Christmas Eve",
        D(2026, 12, 31): "New Year's Eve",
        D(2027, 1, 1): "New Year's Day",
    }
    assert red_days_of([]) == {}


@pytest.mark.parametrize(
    ("language", "expected"), [("sv", "sv"), ("en", "en_US"), ("en-gb", "en_US"), (None, "sv"), ("de", "sv")]
)
def test_library_language(language: str | None, expected: str) -> None:
    assert library_language(language) == expected
