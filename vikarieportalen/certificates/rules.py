"""Pure rules of the certificates: what each kind counts from approved hours and pay data.

Every function here takes plain data (the selectors read it) and returns plain data, so the
figures can be tested without a database. Money is ``Decimal`` in kronor, rounded to öre half up;
time is minutes.

The rules, in one place:

* Hours worked are the approved *ordinary* lines (``band`` empty). A supplement line's minutes
  lie inside an ordinary line and are never added again; its amount is pay and is added to gross
  pay. No averages: each calendar month shows what was approved in it (by the line's local day).
  Corrections of hours are lines too: a reversal (negative, on the corrected line's day) and new
  lines, so every sum here is the corrected figure without knowing about corrections.
* Overtime and additional hours: ordinary lines whose time code is one of
  CERTIFICATE_OVERTIME_TIME_CODES; they are part of the hours worked and shown on their own too.
* Absence: booked working time of bookings in the month that the manager reported "not worked".
* Lost earnings: on each claimed date, a booking starting that day counts only when it was
  reported not worked (all its booked minutes), or cancelled at most
  CERTIFICATE_LOST_EARNINGS_CANCEL_DAYS days before it started (e.g. illness). A worked booking,
  even a shorter one, lost nothing. A booking not yet approved or reported not worked is not known
  to be lost: the certificate cannot be made until it is (``NotYetApproved``).
  Lost pay = hours × the hourly wage valid that day; the deduction percent is taken off the total,
  then the holiday-pay percent is added to what is left.
* Annual income: gross pay (all lines' amounts) per calendar year of the line's day.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
# No 0/O, 1/I/L: a code read off paper is typed back without confusion.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4
MAX_CLAIMED_DATES = 31


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (what the forms ask for)."""
    return money(Decimal(minutes) / 60)


# --- input facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One approved time transaction."""

    day: dt.date
    minutes: int
    amount: Decimal
    time_code: str
    is_supplement: bool  # a band line: minutes already inside an ordinary line


@dataclass(frozen=True)
class Work:
    """One booking: where, what form of employment, how long, and what became of it."""

    day: dt.date  # local date it starts
    workplace: str
    area: str  # AreaOfWork value
    employment_form: str  # EmploymentForm value
    booked_minutes: int
    approved_minutes: int | None  # None: no approval yet; 0: reported not worked
    cancelled: bool = False
    cancelled_days_before: int | None = None  # whole days between cancelling and the start


@dataclass(frozen=True)
class Wage:
    valid_from: dt.date
    amount: Decimal


# --- employer certificate: one row per calendar month ------------------------------------------


@dataclass
class MonthRow:
    month: dt.date  # first of the month
    worked_minutes: int = 0
    absence_minutes: int = 0
    overtime_minutes: int = 0
    gross_pay: Decimal = ZERO

    @property
    def worked_hours(self) -> Decimal:
        return hours(self.worked_minutes)

    @property
    def absence_hours(self) -> Decimal:
        return hours(self.absence_minutes)

    @property
    def overtime_hours(self) -> Decimal:
        return hours(self.overtime_minutes)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    """First days of every calendar month from ``start``'s to ``end``'s, inclusive."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def month_rows(
    *,
    lines: Iterable[Line],
    work: Iterable[Work],
    start: dt.date,
    end: dt.date,
    overtime_codes: Sequence[str],
) -> list[MonthRow]:
    """One row per calendar month of the period, also months without work (they show zeros)."""
    rows = {month: MonthRow(month=month) for month in months_between(start, end)}
    codes = {code.upper() for code in overtime_codes}
    for line in lines:
        if not start <= line.day <= end:
            continue
        row = rows[line.day.replace(day=1)]
        row.gross_pay += line.amount
        if line.is_supplement:
            continue
        row.worked_minutes += line.minutes
        if line.time_code.upper() in codes:
            row.overtime_minutes += line.minutes
    for item in work:
        if start <= item.day <= end and not item.cancelled and item.approved_minutes == 0:
            rows[item.day.replace(day=1)].absence_minutes += item.booked_minutes
    for row in rows.values():
        row.gross_pay = money(row.gross_pay)
    return list(rows.values())


def period_has_work(*, lines: Iterable[Line], start: dt.date, end: dt.date) -> bool:
    """Is there any approved ordinary time in the period? (Certificates of nothing are refused.)

    Net of corrections: a line reversed by a correction whose new lines fall outside the period
    leaves no work in it.
    """
    return sum(line.minutes for line in lines if start <= line.day <= end and not line.is_supplement) > 0


# --- certificate of service and employment details ---------------------------------------------


@dataclass
class PlaceRow:
    workplace: str
    first_day: dt.date
    last_day: dt.date
    days: int
    minutes: int

    @property
    def worked_hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class Employment:
    """The substitute's employment in the period as the forms ask for it."""

    first_day: dt.date | None
    last_day: dt.date | None
    days_worked: int
    worked_minutes: int
    employment_forms: list[str]  # EmploymentForm values, in order of first use
    areas: list[str]  # AreaOfWork values, in order of first use
    places: list[PlaceRow] = field(default_factory=list)

    @property
    def worked_hours(self) -> Decimal:
        return hours(self.worked_minutes)


def employment_summary(*, work: Iterable[Work], start: dt.date, end: dt.date) -> Employment:
    """Worked bookings only (approved minutes above 0): days, hours, forms, areas and workplaces."""
    worked = sorted(
        (item for item in work if start <= item.day <= end and not item.cancelled and item.approved_minutes),
        key=lambda item: (item.day, item.workplace),
    )
    forms: list[str] = []
    areas: list[str] = []
    places: dict[str, PlaceRow] = {}
    place_days: dict[str, set[dt.date]] = defaultdict(set)
    for item in worked:
        if item.employment_form not in forms:
            forms.append(item.employment_form)
        if item.area not in areas:
            areas.append(item.area)
        place = places.get(item.workplace)
        if place is None:
            place = places[item.workplace] = PlaceRow(item.workplace, item.day, item.day, 0, 0)
        place.last_day = item.day
        place.minutes += item.approved_minutes or 0
        place_days[item.workplace].add(item.day)
    for name, place in places.items():
        place.days = len(place_days[name])
    return Employment(
        first_day=worked[0].day if worked else None,
        last_day=worked[-1].day if worked else None,
        days_worked=len({item.day for item in worked}),
        worked_minutes=sum(item.approved_minutes or 0 for item in worked),
        employment_forms=forms,
        areas=areas,
        places=sorted(places.values(), key=lambda place: (place.first_day, place.workplace)),
    )


# --- lost earnings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LostDay:
    day: dt.date
    minutes: int
    wage: Decimal
    pay: Decimal

    @property
    def lost_hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass(frozen=True)
class LostEarnings:
    days: list[LostDay]
    gross: Decimal
    deduction_percent: Decimal
    deduction: Decimal
    holiday_pay_percent: Decimal
    holiday_pay: Decimal
    total: Decimal

    @property
    def minutes(self) -> int:
        return sum(day.minutes for day in self.days)

    @property
    def lost_hours(self) -> Decimal:
        return hours(self.minutes)


class NoWage(ValueError):
    """No hourly wage is registered for a claimed date."""


def wage_on(wages: Iterable[Wage], day: dt.date) -> Decimal | None:
    valid = [wage for wage in wages if wage.valid_from <= day]
    return max(valid, key=lambda wage: wage.valid_from).amount if valid else None


class NotYetApproved(ValueError):
    """A booking on a claimed date is neither approved nor reported not worked yet."""

    def __init__(self, days: Sequence[dt.date]) -> None:
        super().__init__(", ".join(day.isoformat() for day in days))
        self.days = list(days)


def lost_minutes(item: Work, *, cancel_days: int) -> int | None:
    """Booked working time lost on the booking's day; None while that is not known (not approved)."""
    if item.cancelled:
        late = item.cancelled_days_before is not None and item.cancelled_days_before <= cancel_days
        return item.booked_minutes if late else 0
    if item.approved_minutes is None:
        return None
    return item.booked_minutes if item.approved_minutes == 0 else 0


def lost_earnings(
    *,
    claimed: Iterable[dt.date],
    work: Iterable[Work],
    wages: Iterable[Wage],
    deduction_percent: Decimal,
    holiday_pay_percent: Decimal,
    cancel_days: int,
) -> LostEarnings:
    """Booked hours lost on the claimed dates and what they would have paid.

    NotYetApproved when a booking on a claimed date is still waiting for approval; NoWage when a
    date with lost hours has no hourly wage.
    """
    wages = list(wages)
    by_day: dict[dt.date, int] = defaultdict(int)
    claimed_days = sorted(set(claimed))
    waiting: set[dt.date] = set()
    for item in work:
        if item.day in claimed_days:
            minutes = lost_minutes(item, cancel_days=cancel_days)
            if minutes is None:
                waiting.add(item.day)
            else:
                by_day[item.day] += minutes
    if waiting:
        raise NotYetApproved(sorted(waiting))
    days = []
    for day in claimed_days:
        minutes = by_day.get(day, 0)
        if not minutes:
            continue
        wage = wage_on(wages, day)
        if wage is None:
            raise NoWage(day.isoformat())
        days.append(LostDay(day=day, minutes=minutes, wage=wage, pay=money(wage * minutes / 60)))
    gross = money(sum((day.pay for day in days), ZERO))
    deduction = money(gross * deduction_percent / 100)
    holiday_pay = money((gross - deduction) * holiday_pay_percent / 100)
    return LostEarnings(
        days=days,
        gross=gross,
        deduction_percent=deduction_percent,
        deduction=deduction,
        holiday_pay_percent=holiday_pay_percent,
        holiday_pay=holiday_pay,
        total=gross - deduction + holiday_pay,
    )


# --- annual income -----------------------------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    worked_minutes: int
    gross_pay: Decimal

    @property
    def worked_hours(self) -> Decimal:
        return hours(self.worked_minutes)


def annual_income(*, lines: Iterable[Line], first_year: int, last_year: int) -> list[YearRow]:
    """Gross pay and hours per calendar year, every year of the range (zero years too)."""
    minutes: dict[int, int] = defaultdict(int)
    pay: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        year = line.day.year
        if not first_year <= year <= last_year:
            continue
        pay[year] += line.amount
        if not line.is_supplement:
            minutes[year] += line.minutes
    return [YearRow(year, minutes[year], money(pay[year])) for year in range(first_year, last_year + 1)]


# --- numbers and codes -------------------------------------------------------------------------


def certificate_number(*, year: int, pk: int) -> str:
    return f"INT-{year}-{pk:06d}"


def verification_code_new() -> str:
    """Twelve characters in three groups, e.g. ``K7QM-4XHD-P9TA`` (about 59 bits)."""
    return "-".join(
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)
    )


def verification_code_normalize(text: str) -> str:
    """What a person typed, as stored: upper case, groups joined by dashes; "" when it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(cleaned) != CODE_GROUPS * CODE_GROUP_LENGTH or any(ch not in CODE_ALPHABET for ch in cleaned):
        return ""
    return "-".join(cleaned[i : i + CODE_GROUP_LENGTH] for i in range(0, len(cleaned), CODE_GROUP_LENGTH))


def certificate_number_normalize(text: str) -> str:
    """``int 2026 123`` or ``INT-2026-000123`` → ``INT-2026-000123``; "" when it cannot be one."""
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    if len(digits) != 2 or len(digits[0]) != 4 or len(digits[1]) > 9:
        return ""
    return f"INT-{digits[0]}-{int(digits[1]):06d}"


def initials(given: str, family: str) -> str:
    """``Josefin Sandberg`` → ``J. S.``: tells a holder it is theirs, tells nobody else much."""
    parts = [part for part in (given.strip(), family.strip()) if part]
    return " ".join(f"{part[0].upper()}." for part in parts)
