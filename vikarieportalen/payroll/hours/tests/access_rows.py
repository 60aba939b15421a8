"""Access rows for the approval of worked hours (see core/tests/test_access_matrix.py).

The booking (940003) ended yesterday at a workplace nobody manages: a workplace manager gets 404
for it, as for any other manager's booking; administrators approve every workplace's hours. The
staffing centre, payroll, HR, editors and substitutes never see these pages.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.tests.factories import STOCKHOLM, BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
SHIFT, SUBSTITUTE, BOOKING = 940001, 940002, 940003
BACK = RedirectTo("/bemanning/attest/940003/")


def hours_setup() -> None:
    workplace = WorkplaceFactory(name="Ingens arbetsplats (attest)")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    starts_at = dt.datetime.combine(yesterday, dt.time(7), tzinfo=STOCKHOLM)
    shift = ShiftFactory(
        pk=SHIFT, workplace=workplace, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=9)
    )
    BookingFactory(pk=BOOKING, shift=shift, substitute=SubstituteFactory(pk=SUBSTITUTE))


# fmt: off
ROWS = [
    *access_table([
        # url                                              out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/attest/",                             L,   L,   L,     L,    403,   200,   403,   403,   403,   403,   200),
        ("/bemanning/attest/940003/",                      L,   L,   L,     L,    403,   404,   403,   403,   403,   403,   200),
    ], setup=hours_setup),
    # POSTs with no data: refused as bad input (the page again with a message), never done.
    *access_table([
        ("/bemanning/attest/940003/",                      L,   L,   L,     L,    403,   404,   403,   403,   403,   403,   BACK),
    ], method="post", setup=hours_setup),
]
# fmt: on
