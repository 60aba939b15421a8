"""Access rows for certificates (see vikarieportalen/core/tests/test_access_matrix.py).

The substitute's pages need a strong login: the matrix logs substitutes in with no assurance
recorded, so they are sent to step up. Administrators hold every role and are logged in strongly,
as all staff are (``client_for``): they see the pages with no orders of their own (404). That a
substitute never reads another's certificate (404) is shown with strongly logged-in clients in
test_views.py. HR service and administrators see every order; each such view is audited. The
verification page is public. Fixed pks 960000–960999.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.certificates.models import CertificateKind, CertificateStatus, CorrectionFlag
from vikarieportalen.certificates.tests.factories import order, worked_day
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
SUBSTITUTE, OPEN, RELEASED, FLAG = 960001, 960001, 960002, 960001


def step_up(url: str) -> RedirectTo:
    return RedirectTo(f"/konto/starkare-inloggning/?{urlencode({'next': url})}")


def certificates_setup() -> None:
    substitute = SubstituteFactory(pk=SUBSTITUTE)
    worked_day(substitute, dt.date(2025, 3, 3))
    order(pk=OPEN, substitute=substitute, kind=CertificateKind.EMPLOYER)
    pdf = b"%PDF-1.4 access matrix"
    order(
        pk=RELEASED,
        substitute=substitute,
        kind=CertificateKind.SERVICE,
        status=CertificateStatus.RELEASED,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        verification_code="ABCD-EFGH-JKMN",
        released_at=timezone.now(),
    )
    CorrectionFlag.objects.create(pk=FLAG, order_id=RELEASED, work_day=dt.date(2025, 3, 3))


HOME, ORDER = "/intyg/", "/intyg/bestall/arbetsgivarintyg/"
DETAIL, PDF, CANCEL = f"/intyg/{OPEN}/", f"/intyg/{RELEASED}/pdf/", f"/intyg/{OPEN}/avbestall/"
QUEUE, STAFF = "/intyg/ko/", f"/intyg/ko/{OPEN}/"
STAFF_PDF, PREVIEW = f"/intyg/ko/{RELEASED}/pdf/", f"/intyg/ko/{OPEN}/forhandsgranska/"
VERIFY = "/intyg/kontroll/"
FLAG_HANDLE = f"/intyg/ko/{RELEASED}/rattelser/{FLAG}/hanterad/"
BACK = RedirectTo(STAFF)

# fmt: off
ROWS = [
    *access_table([
        # url      out  in   forg prox subst            mgr  staff pay  hr   edit admin
        (HOME,     L,   L,   L,   L,   step_up(HOME),   403, 403,  403, 403, 403, 200),
        (ORDER,    L,   L,   L,   L,   step_up(ORDER),  403, 403,  403, 403, 403, 200),
        (QUEUE,    L,   L,   L,   L,   403,             403, 403,  403, 200, 403, 200),
        (VERIFY,   200, 200, 200, 200, 200,             200, 200,  200, 200, 200, 200),
    ]),
    *access_table([
        (DETAIL,    L,  L,   L,   L,   step_up(DETAIL), 403, 403,  403, 403, 403, 404),
        (PDF,       L,  L,   L,   L,   step_up(PDF),    403, 403,  403, 403, 403, 404),
        (STAFF,     L,  L,   L,   L,   403,             403, 403,  403, 200, 403, 200),
        (STAFF_PDF, L,  L,   L,   L,   403,             403, 403,  403, 200, 403, 200),
        (PREVIEW,   L,  L,   L,   L,   403,             403, 403,  403, 200, 403, 200),
        # Changes state: POST only.
        (CANCEL,              405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        (f"{STAFF}signera/",  405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        (FLAG_HANDLE,         405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    ], setup=certificates_setup),
    *access_table([
        (ORDER,    L,   L,   L,   L,   step_up(ORDER),  403, 403,  403, 403, 403, 200),
        # No number or code given: the empty form again, nothing looked up.
        (VERIFY,   200, 200, 200, 200, 200,             200, 200,  200, 200, 200, 200),
    ], method="post"),
    *access_table([
        (CANCEL,   L,   L,   L,   L,   step_up(CANCEL), 403, 403,  403, 403, 403, 404),
        # Nothing filled in: the employer certificate is not signed, and the order page says why.
        (f"{STAFF}signera/",   L, L, L, L, 403, 403, 403, 403, 400, 403, 400),
        (f"{STAFF}avslag/",    L, L, L, L, 403, 403, 403, 403, 400, 403, 400),
        # HR's fields are all optional: an empty form saves empty answers and the order page follows.
        (f"{STAFF}uppgifter/", L, L, L, L, 403, 403, 403, 403, BACK, 403, BACK),
        # No outcome chosen: the order's page again with the error, the flag unchanged.
        (FLAG_HANDLE,          L, L, L, L, 403, 403, 403, 403, 400, 403, 400),
    ], method="post", setup=certificates_setup),
]
# fmt: on
