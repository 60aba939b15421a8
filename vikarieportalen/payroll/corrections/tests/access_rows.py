"""Access rows for the correction page (see core/tests/test_access_matrix.py).

Booking 941003 ran yesterday at a workplace nobody manages; its approved hours have one exported
line. A workplace manager gets 404 for it, as for any other manager's shift; payroll and
administrators correct every workplace's hours. Others never see the page. Fixed pks 941000-941999.
"""

from __future__ import annotations

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.payroll.models import ExportBatch, ExportStatus
from vikarieportalen.payroll.tests.factories import (
    PastBookingFactory,
    TimeReportFactory,
    ordinary_transaction_for,
)
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
BOOKING, BATCH = 941003, 941001
PAGE = "/lon/rattelse/941003/"
BACK = RedirectTo(PAGE)


def correction_setup() -> None:
    booking = PastBookingFactory(
        pk=BOOKING,
        substitute=SubstituteFactory(),
        shift__workplace=WorkplaceFactory(name="Ingens arbetsplats (rättelse)"),
    )
    batch = ExportBatch.objects.create(pk=BATCH, status=ExportStatus.DONE, transaction_count=1)
    ordinary_transaction_for(TimeReportFactory(booking=booking), batch=batch)


# fmt: off
ROWS = [
    *access_table([
        # url                       out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        (PAGE,                      L,   L,   L,     L,    403,   404,   403,   200,   403,   403,   200),
        ("/lon/rattelse/941999/",   L,   L,   L,     L,    403,   404,   403,   404,   403,   403,   404),
    ], setup=correction_setup),
    # A POST with no data: refused as bad input (the page again with a message), nothing corrected.
    *access_table([
        (PAGE,                      L,   L,   L,     L,    403,   404,   403,   BACK,  403,   403,   BACK),
    ], method="post", setup=correction_setup),
]
# fmt: on
