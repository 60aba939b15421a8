"""The export's pure rules: no database."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from vikarieportalen.payroll.export.rules import (
    LineProblem,
    hours_from_minutes,
    is_whole_interval,
    line_problems,
    local_iso,
    local_minute,
    paxml_time_code,
    spreadsheet_safe,
    time_code_map_parse,
)

ZONE = ZoneInfo("Europe/Stockholm")
CODES = {"TIM": "ARB", "OVT": "ÖT1"}


def test_time_code_map_is_parsed_and_ignores_broken_pairs() -> None:
    assert time_code_map_parse(" TIM=ARB, OVT = ÖT1 ,junk,=X,Y=") == CODES


def test_paxml_time_code_is_mapped_or_kept_when_paxml_allows_it() -> None:
    assert paxml_time_code("TIM", CODES) == "ARB"
    assert paxml_time_code("OB1", CODES) == "OB1"
    assert paxml_time_code("ÖT2", {}) == "ÖT2"
    assert paxml_time_code("OBKV", CODES) is None
    assert paxml_time_code("TIM", {}) is None  # "TIM" is no PAXml time code


def test_a_line_with_everything_has_no_problems() -> None:
    assert line_problems(employee_number="V10001", time_code="TIM", cost_centre="4711", code_map=CODES) == []


def test_every_problem_of_a_line_is_named() -> None:
    assert line_problems(employee_number=None, time_code="X", cost_centre="12345678901", code_map=CODES) == [
        LineProblem.NO_EMPLOYEE_NUMBER,
        LineProblem.NO_PAXML_TIME_CODE,
        LineProblem.COST_CENTRE_TOO_LONG,
    ]
    assert line_problems(employee_number="  ", time_code="ARB", cost_centre="", code_map={}) == [
        LineProblem.NO_EMPLOYEE_NUMBER
    ]


def test_hours_have_two_decimals_rounded_half_up() -> None:
    assert hours_from_minutes(465) == Decimal("7.75")
    assert hours_from_minutes(20) == Decimal("0.33")
    assert hours_from_minutes(1) == Decimal("0.02")
    assert hours_from_minutes(0) == Decimal("0.00")


def test_whole_interval_means_no_break_taken_out() -> None:
    start = dt.datetime(2026, 11, 2, 7, tzinfo=ZONE)
    assert is_whole_interval(starts_at=start, ends_at=start + dt.timedelta(hours=3), minutes=180)
    assert not is_whole_interval(starts_at=start, ends_at=start + dt.timedelta(hours=9), minutes=495)
    # The night the clocks go back: 22:00–06:00 local is nine real hours.
    night = dt.datetime(2026, 10, 24, 22, tzinfo=ZONE)
    assert is_whole_interval(starts_at=night, ends_at=dt.datetime(2026, 10, 25, 6, tzinfo=ZONE), minutes=540)


def test_times_are_local_with_the_offset_across_the_clock_change() -> None:
    # 2026-10-25: clocks go back at 03:00 summer time; a night shift 22:00–06:00 is nine hours.
    start = dt.datetime(2026, 10, 24, 22, tzinfo=ZONE)
    end = dt.datetime(2026, 10, 25, 6, tzinfo=ZONE)
    assert local_iso(start) == "2026-10-24T22:00:00+02:00"
    assert local_iso(end) == "2026-10-25T06:00:00+01:00"
    assert local_minute(end.astimezone(dt.UTC)) == "2026-10-25 06:00"


def test_spreadsheet_formulas_are_defused() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("-1") == "'-1"
    assert spreadsheet_safe("4711") == "4711"
    assert spreadsheet_safe("") == ""
