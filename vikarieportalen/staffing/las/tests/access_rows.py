"""Access rows for the LAS pages (see core/tests/test_access_matrix.py).

"Mina LAS-dagar" is the logged-in substitute's own count (administrators may open it and see their
own, empty, count); the list of substitutes near a limit is the staffing centre's. Substitute
930001 has SÄV days near the limit, so the list has a row to render.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.models import Booking, Shift
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import LOGIN, access_table

L = LOGIN
SUBSTITUTE, WORKPLACE, FIRST_SHIFT = 930001, 930002, 930100  # shifts and bookings 930100–930439


def las_setup() -> None:
    substitute = SubstituteFactory(pk=SUBSTITUTE)
    workplace = WorkplaceFactory(pk=WORKPLACE, name="LAS-radernas arbetsplats")
    zone = timezone.get_default_timezone()
    first = timezone.localdate() - dt.timedelta(days=400)
    shifts = []
    for n in range(340):  # 340 SÄV days in five years: nearing the 360-day limit
        starts_at = dt.datetime.combine(first + dt.timedelta(days=n), dt.time(7), tzinfo=zone)
        shifts.append(
            Shift(
                pk=FIRST_SHIFT + n,
                workplace=workplace,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=4),
                day=starts_at.date(),
                break_minutes=0,
                reason="extra_need",
            )
        )
    Shift.objects.bulk_create(shifts)
    Booking.objects.bulk_create(
        Booking(
            pk=shift.pk,
            shift=shift,
            substitute=substitute,
            workplace=workplace,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            work_minutes=240,
            employment_form="sav",
        )
        for shift in shifts
    )


# fmt: off
ROWS = [
    *access_table([
        # url                          out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/mina-pass/las/",  L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        ("/bemanning/las/",            L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/las/?state=over&rule=sav_conversion&order=name&q=x&page=9", L, L, L, L, 403, 403, 200, 403, 403, 403, 200),
    ], setup=las_setup),
    # Read-only pages: POST is not allowed.
    *access_table([
        ("/bemanning/mina-pass/las/",  405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/las/",            405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], method="post"),
]
# fmt: on
