"""Leavers' pure rules: the retention cut-off and who the HR file leaves out."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vikarieportalen.privacy.leavers import rules

UTC = dt.UTC


def test_years_before_keeps_the_day_and_time() -> None:
    assert rules.years_before(dt.datetime(2026, 12, 7, 9, 30, tzinfo=UTC), 2) == dt.datetime(
        2024, 12, 7, 9, 30, tzinfo=UTC
    )


def test_years_before_29_february_lands_on_the_28th() -> None:
    assert rules.years_before(dt.datetime(2028, 2, 29, tzinfo=UTC), 1) == dt.datetime(2027, 2, 28, tzinfo=UTC)


def test_years_before_refuses_negative_years() -> None:
    with pytest.raises(ValueError, match="negative"):
        rules.years_before(dt.datetime(2026, 1, 1, tzinfo=UTC), -1)


@given(
    st.datetimes(
        min_value=dt.datetime(1990, 1, 1),  # noqa: DTZ001 - hypothesis wants naive bounds
        max_value=dt.datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.integers(min_value=0, max_value=20),
)
def test_years_before_is_never_later_and_about_that_many_years_back(moment: dt.datetime, years: int) -> None:
    earlier = rules.years_before(moment, years)
    assert earlier <= moment
    assert dt.timedelta(days=365 * years - 1) <= moment - earlier <= dt.timedelta(days=366 * years + 1)


def test_missing_from_file_compares_employee_numbers_without_case_or_spaces() -> None:
    active = {1: "T100", 2: "t200", 3: "T300"}
    assert rules.missing_from_file(active=active, in_file=[" t100 ", "T200"]) == [3]


def test_blank_numbers_in_the_file_match_nobody() -> None:
    assert rules.missing_from_file(active={1: "T100"}, in_file=["", "  "]) == [1]


def test_nobody_missing_when_everyone_is_in_the_file() -> None:
    assert rules.missing_from_file(active={1: "A", 2: "B"}, in_file=["B", "A", "C"]) == []
