"""Demo data: hourly wages, supplement bands (OB) and the workplaces' cost centres.

Deterministic and idempotent: wages are keyed on (substitute, valid from), bands on their code, and
a cost centre is only filled in where it is blank. The bands follow the shape of Kommunal's OB
supplement (HÖK, *Bilaga OB*) with kronor amounts of the right size; they are demo values, not the
agreement's.
"""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import Count
from vikarieportalen.payroll.models import BandKind, HourlyWage, SupplementBand
from vikarieportalen.staffing.models import AreaOfWork, Workplace

FIRST_WAGE_DAY = dt.date(2020, 1, 1)  # earlier years' bookings (LAS) are priced too
WAGE_REVISION_DAY = dt.date(2026, 4, 1)  # the yearly revision
EVERY_DAY = [0, 1, 2, 3, 4, 5, 6]

# code, name, PAXml time code, kind, weekdays, from, until, all day on holidays, kr/h, priority
BANDS: list[tuple[str, str, str, str, list[int], dt.time | None, dt.time | None, bool, str, int]] = [
    (
        "ob-kvall",
        "OB kväll",
        "OB1",
        BandKind.EVENING,
        [0, 1, 2, 3, 4],
        dt.time(19),
        dt.time(22),
        False,
        "26.10",
        10,
    ),
    ("ob-natt", "OB natt", "OB2", BandKind.NIGHT, EVERY_DAY, dt.time(22), dt.time(6), False, "53.40", 20),
    # The weekend runs from Friday 19:00 to Monday 06:00: three windows, one time code.
    (
        "ob-helg-fre",
        "OB helg (fredag kväll)",
        "OB3",
        BandKind.WEEKEND,
        [4],
        dt.time(19),
        dt.time(0),
        False,
        "63.90",
        30,
    ),
    ("ob-helg", "OB helg", "OB3", BandKind.WEEKEND, [5, 6], None, None, False, "63.90", 30),
    (
        "ob-helg-man",
        "OB helg (natt mot måndag)",
        "OB3",
        BandKind.WEEKEND,
        [0],
        dt.time(0),
        dt.time(6),
        False,
        "63.90",
        30,
    ),
    ("ob-storhelg", "OB storhelg", "OB4", BandKind.HOLIDAY, [], None, None, True, "130.50", 40),
]
COST_CENTRE_BASE = {
    AreaOfWork.ELDERLY_CARE: 3100,
    AreaOfWork.HOME_CARE: 3200,
    AreaOfWork.DISABILITY: 3300,
    AreaOfWork.SCHOOL: 4100,
    AreaOfWork.PRESCHOOL: 4200,
}


def demo_wage(username: str) -> Decimal:
    """145–175 kr/h, fixed per person (a checksum of the username, so every run agrees)."""
    return Decimal(145 + zlib.crc32(username.encode()) % 31).quantize(Decimal("0.01"))


def _bands(count: Count) -> None:
    for code, name, time_code, kind, weekdays, starts, ends, on_holidays, amount, priority in BANDS:
        _band, created = SupplementBand.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "time_code": time_code,
                "kind": kind,
                "weekdays": weekdays,
                "starts": starts,
                "ends": ends,
                "on_holidays": on_holidays,
                "amount_per_hour": Decimal(amount),
                "priority": priority,
            },
        )
        count("supplement bands", created)


def _wages(count: Count) -> None:
    substitutes = list(
        User.objects.filter(groups__name=Role.SUBSTITUTE.value).order_by("pk").values_list("pk", "username")
    )
    existing = set(HourlyWage.objects.values_list("substitute_id", "valid_from"))
    wages: list[HourlyWage] = []
    for pk, username in substitutes:
        first = demo_wage(username)
        revised = (first * Decimal("1.031")).quantize(Decimal("0.01"))
        for valid_from, amount in ((FIRST_WAGE_DAY, first), (WAGE_REVISION_DAY, revised)):
            if (pk, valid_from) not in existing:
                wages.append(HourlyWage(substitute_id=pk, valid_from=valid_from, amount=amount))
    HourlyWage.objects.bulk_create(wages, batch_size=500)
    for _wage in wages:
        count("hourly wages", True)


def _cost_centres(count: Count) -> None:
    taken: dict[int, int] = {}
    for workplace in Workplace.objects.order_by("pk"):
        base = COST_CENTRE_BASE.get(workplace.area, 5100)  # type: ignore[call-overload]
        taken[base] = taken.get(base, 0) + 1
        if workplace.cost_centre:
            continue
        workplace.cost_centre = str(base + 10 * taken[base])
        workplace.save(update_fields=["cost_centre"])
        count("cost centres", True)


def demo_pay_build(*, count: Count) -> None:
    """Bands, a wage for every substitute (from 2020, revised in April 2026) and cost centres."""
    _bands(count)
    _wages(count)
    _cost_centres(count)
