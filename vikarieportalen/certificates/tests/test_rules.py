"""The certificates' pure rules: month rows, employment, lost earnings, annual income, codes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from vikarieportalen.certificates import rules

D = dt.date


def line(
    day: dt.date, minutes: int, amount: str, *, code: str = "TIM", supplement: bool = False
) -> rules.Line:
    return rules.Line(
        day=day, minutes=minutes, amount=Decimal(amount), time_code=code, is_supplement=supplement
    )


def work(day: dt.date, booked: int = 480, approved: int | None = 480, **fields: object) -> rules.Work:
    base: dict[str, object] = {
        "workplace": "Solrosen",
        "area": "elderly_care",
        "employment_form": "sav",
        "booked_minutes": booked,
        "approved_minutes": approved,
    }
    base.update(fields)
    return rules.Work(day=day, **base)  # type: ignore[arg-type]


def test_supplement_minutes_are_pay_but_not_hours_worked() -> None:
    rows = rules.month_rows(
        lines=[
            line(D(2025, 3, 3), 480, "1280.00"),
            line(D(2025, 3, 3), 120, "50.20", code="OB1", supplement=True),
        ],
        work=[],
        start=D(2025, 3, 1),
        end=D(2025, 3, 31),
        overtime_codes=["OVT"],
    )
    assert [(row.worked_minutes, row.gross_pay) for row in rows] == [(480, Decimal("1330.20"))]


def test_every_month_of_the_period_has_a_row_and_lines_fall_in_their_own_month() -> None:
    rows = rules.month_rows(
        lines=[line(D(2025, 1, 31), 60, "160.00"), line(D(2025, 3, 1), 90, "240.00", code="ovt")],
        work=[work(D(2025, 2, 10), booked=495, approved=0)],
        start=D(2025, 1, 15),
        end=D(2025, 3, 10),
        overtime_codes=["OVT", "MER"],
    )
    assert [row.month for row in rows] == [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]
    assert [row.worked_hours for row in rows] == [Decimal("1.00"), Decimal("0.00"), Decimal("1.50")]
    assert [row.absence_hours for row in rows] == [Decimal("0.00"), Decimal("8.25"), Decimal("0.00")]
    assert [row.overtime_minutes for row in rows] == [0, 0, 90]


def test_months_between_crosses_the_year() -> None:
    assert rules.months_between(D(2024, 11, 30), D(2025, 1, 1)) == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
    ]


def test_a_period_with_only_supplements_or_nothing_has_no_work() -> None:
    lines = [line(D(2025, 3, 3), 120, "50.00", supplement=True), line(D(2025, 5, 3), 60, "160.00")]
    assert not rules.period_has_work(lines=lines, start=D(2025, 3, 1), end=D(2025, 3, 31))
    assert rules.period_has_work(lines=lines, start=D(2025, 5, 1), end=D(2025, 5, 31))


def test_a_correction_s_reversal_and_new_lines_give_the_corrected_figures() -> None:
    # 450 minutes approved on 30 March, corrected to 390 (reversal on 30 March, new line the same
    # day), then a shift of 1 April moved to 31 March: April has nothing left.
    lines = [
        line(D(2025, 3, 30), 450, "1200.00"),
        line(D(2025, 3, 30), 120, "52.20", code="OB1", supplement=True),
        line(D(2025, 3, 30), -450, "-1200.00"),
        line(D(2025, 3, 30), -120, "-52.20", code="OB1", supplement=True),
        line(D(2025, 3, 30), 390, "1040.00"),
        line(D(2025, 3, 30), 60, "26.10", code="OB1", supplement=True),
        line(D(2025, 4, 1), 300, "800.00"),
        line(D(2025, 4, 1), -300, "-800.00"),
        line(D(2025, 3, 31), 300, "800.00"),
    ]
    march, april = rules.month_rows(
        lines=lines, work=[], start=D(2025, 3, 1), end=D(2025, 4, 30), overtime_codes=[]
    )
    assert (march.worked_minutes, march.gross_pay) == (690, Decimal("1866.10"))
    assert (april.worked_minutes, april.gross_pay) == (0, Decimal("0.00"))
    assert rules.annual_income(lines=lines, first_year=2025, last_year=2025)[0] == rules.YearRow(
        2025, 690, Decimal("1866.10")
    )
    assert not rules.period_has_work(lines=lines, start=D(2025, 4, 1), end=D(2025, 4, 30))
    assert rules.period_has_work(lines=lines, start=D(2025, 3, 31), end=D(2025, 3, 31))


def test_employment_counts_worked_bookings_per_workplace() -> None:
    summary = rules.employment_summary(
        work=[
            work(D(2025, 3, 1), workplace="B", employment_form="vikariat", area="school"),
            work(D(2025, 3, 1), workplace="A", approved=120),
            work(D(2025, 3, 5), workplace="A"),
            work(D(2025, 3, 7), workplace="A", approved=0),  # not worked
            work(D(2025, 3, 8), workplace="C", cancelled=True),
            work(D(2025, 3, 9), workplace="C", approved=None),  # not approved yet
        ],
        start=D(2025, 3, 1),
        end=D(2025, 3, 31),
    )
    assert (summary.first_day, summary.last_day, summary.days_worked) == (D(2025, 3, 1), D(2025, 3, 5), 2)
    assert summary.worked_minutes == 480 + 120 + 480
    assert summary.employment_forms == ["sav", "vikariat"]
    assert [(p.workplace, p.days, p.minutes) for p in summary.places] == [("A", 2, 600), ("B", 1, 480)]


def test_lost_earnings_counts_unworked_and_late_cancelled_bookings_at_the_wage_of_the_day() -> None:
    claimed = [D(2025, 3, 3), D(2025, 3, 4), D(2025, 3, 5), D(2025, 3, 6)]
    result = rules.lost_earnings(
        claimed=claimed,
        work=[
            work(D(2025, 3, 3), booked=480, approved=0),  # reported ill: 8 h lost
            work(D(2025, 3, 4), booked=480, approved=None, cancelled=True, cancelled_days_before=0),  # 8 h
            work(
                D(2025, 3, 5), booked=480, approved=None, cancelled=True, cancelled_days_before=5
            ),  # early: 0
            work(D(2025, 3, 6), booked=480, approved=300),  # worked, if shorter: nothing lost
            work(D(2025, 3, 7), booked=480, approved=0),  # not claimed
        ],
        wages=[rules.Wage(D(2025, 1, 1), Decimal("150.00")), rules.Wage(D(2025, 3, 4), Decimal("160.00"))],
        deduction_percent=Decimal("20"),
        holiday_pay_percent=Decimal("12"),
        cancel_days=1,
    )
    assert [(day.day, day.minutes, day.wage) for day in result.days] == [
        (D(2025, 3, 3), 480, Decimal("150.00")),
        (D(2025, 3, 4), 480, Decimal("160.00")),
    ]
    assert result.gross == Decimal("1200.00") + Decimal("1280.00")
    assert result.deduction == Decimal("496.00")
    assert result.holiday_pay == Decimal("238.08")  # 12 % of 1984.00
    assert result.total == Decimal("2222.08")


def test_lost_earnings_without_a_wage_is_refused() -> None:
    with pytest.raises(rules.NoWage):
        rules.lost_earnings(
            claimed=[D(2025, 3, 3)],
            work=[work(D(2025, 3, 3), approved=0)],
            wages=[rules.Wage(D(2025, 4, 1), Decimal("150.00"))],
            deduction_percent=Decimal(0),
            holiday_pay_percent=Decimal(0),
            cancel_days=1,
        )


def test_annual_income_lists_every_year_and_counts_supplements_as_pay() -> None:
    rows = rules.annual_income(
        lines=[
            line(D(2023, 12, 31), 480, "1280.00"),
            line(D(2023, 12, 31), 60, "40.00", supplement=True),
            line(D(2025, 1, 1), 60, "160.00"),
        ],
        first_year=2023,
        last_year=2025,
    )
    assert [(row.year, row.worked_hours, row.gross_pay) for row in rows] == [
        (2023, Decimal("8.00"), Decimal("1320.00")),
        (2024, Decimal("0.00"), Decimal("0.00")),
        (2025, Decimal("1.00"), Decimal("160.00")),
    ]


def test_codes_and_numbers_are_read_back_as_typed() -> None:
    code = rules.verification_code_new()
    assert len(code) == 14 and code.count("-") == 2
    assert rules.verification_code_normalize(code.lower().replace("-", " ")) == code
    assert rules.verification_code_normalize("0000-0000-0000") == ""  # 0 is never in a code
    assert rules.verification_code_normalize("ABC") == ""
    assert rules.certificate_number_normalize("int 2026 123") == "INT-2026-000123"
    assert rules.certificate_number_normalize("INT-2026-000123") == "INT-2026-000123"
    assert rules.certificate_number_normalize("hello") == ""
    assert rules.initials("Josefin Maria", "Sandberg") == "J. S."
