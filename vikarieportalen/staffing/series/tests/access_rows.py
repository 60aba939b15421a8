"""Access rows for booking a whole series (see core/tests/test_access_matrix.py).

Only the staffing centre and administrators book or offer a series; the manager who registered it
wishes for a substitute on the need form instead (the need form's own rows, in shifts/tests).
Offering changes state: POST only; a POST with no substitute offers nothing and goes back to the
series page with "choose a substitute from the pool". The substitute's page of a series offer
(/f/s/<key>/) has its rows with the offers' (offers/tests/access_rows.py).
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.staffing.models import ShiftSeries
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
SERIES = 900101
BACK = RedirectTo("/bemanning/serie/900101/boka/?next=%2Fbemanning%2Ftavla%2F")


def series_setup() -> None:
    workplace = WorkplaceFactory(name="Seriens arbetsplats")
    today = timezone.localdate()
    series = ShiftSeries.objects.create(
        pk=SERIES, workplace=workplace, weekdays=[0], first_day=today, last_day=today + dt.timedelta(days=7)
    )
    ShiftFactory(workplace=workplace, series=series)


# fmt: off
ROWS = [
    *access_table([
        # url                                              out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/serie/900101/boka/",                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        # An unknown series: 404 to those who may book series, refused to everyone else.
        ("/bemanning/serie/900199/boka/",                  L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        ("/bemanning/serie/900101/forfraga/",              405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], setup=series_setup),
    # POST with no data: the page again with "choose a substitute from the pool", nothing booked.
    *access_table([
        ("/bemanning/serie/900101/boka/",                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/serie/900101/forfraga/",              L,   L,   L,     L,    403,   403,   BACK,  403,   403,   403,   BACK),
        ("/bemanning/serie/900199/forfraga/",              L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
    ], method="post", setup=series_setup),
]
# fmt: on
