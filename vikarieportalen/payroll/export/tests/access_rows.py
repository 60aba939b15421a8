"""Access rows for payroll's export page and downloads (see core/tests/test_access_matrix.py).

Batch 950001 is a finished export with its files; 950002 failed and has none (404 even for payroll).
Only payroll and administrators reach these pages, the pay periods' status pages included.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.payroll.models import ExportBatch, ExportStatus
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
DONE, FAILED = 950001, 950002
BACK = RedirectTo("/lon/export/")


def export_setup() -> None:
    ExportBatch.objects.create(
        pk=DONE,
        status=ExportStatus.DONE,
        transaction_count=1,
        paxml=b"<paxml/>",
        csv=b"csv",
        paxml_sha256="a",
        csv_sha256="b",
    )
    ExportBatch.objects.create(pk=FAILED, status=ExportStatus.FAILED)


# fmt: off
ROWS = [
    *access_table([
        # url                              out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/lon/export/",                   L,   L,   L,     L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/export/950001/paxml/",      L,   L,   L,     L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/export/950001/csv/",        L,   L,   L,     L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/export/950002/paxml/",      L,   L,   L,     L,    403,   403,   403,   404,   403,   403,   404),
        ("/lon/export/950002/csv/",        L,   L,   L,     L,    403,   403,   403,   404,   403,   403,   404),
        # Makes an export: POST only.
        ("/lon/export/ny/",                405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        # A pay period's status: names substitutes and managers; a month that is not one is 404.
        ("/lon/perioder/2026-11/",         L,   L,   L,     L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/perioder/2026-13/",         L,   L,   L,     L,    403,   403,   403,   404,   403,   403,   404),
        ("/lon/perioder/2026-1/",          L,   L,   L,     L,    403,   403,   403,   404,   403,   403,   404),
        # Its reconciliation, on the page and as CSV.
        ("/lon/perioder/2026-11/avstamning/", L, L,  L,     L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/perioder/2026-11/avstamning.csv", L, L, L,   L,    403,   403,   403,   200,   403,   403,   200),
        ("/lon/perioder/2026-13/avstamning.csv", L, L, L,   L,    403,   403,   403,   404,   403,   403,   404),
    ], setup=export_setup),
    # Nothing new to export: back to the page with a message, no batch made. Downloads are GET only.
    *access_table([
        ("/lon/export/ny/",                L,   L,   L,     L,    403,   403,   403,   BACK,  403,   403,   BACK),
        ("/lon/export/",                   405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/lon/export/950001/paxml/",      405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/lon/perioder/2026-11/",         405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/lon/perioder/2026-11/avstamning.csv", 405, 405, 405, 405, 405, 405, 405, 405, 405,   405,   405),
    ], method="post", setup=export_setup),
]
# fmt: on
