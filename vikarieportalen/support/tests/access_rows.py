"""Access rows for Fråga lönesupport (see vikarieportalen/core/tests/test_access_matrix.py).

The substitute's pages need a strong login: the matrix logs substitutes in with no assurance
recorded, so they are sent to step up. Administrators hold every role and are logged in strongly,
as all staff are (``client_for``): they see the pages with no cases of their own (404). That
a substitute never reads another's case (404) is shown with strongly logged-in clients in
test_views.py. Payroll and administrators see every case and file; each such view is audited.
"""

from __future__ import annotations

from urllib.parse import urlencode

from vikarieportalen.support.tests.factories import ACCESS_ATTACHMENT_PK, ACCESS_CASE_PK, access_case
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN


def step_up(url: str) -> RedirectTo:
    return RedirectTo(f"/konto/starkare-inloggning/?{urlencode({'next': url})}")


HOME, NEW, SUGGEST = "/lonesupport/", "/lonesupport/nytt/", "/lonesupport/forslag/"
CASE = f"/lonesupport/arenden/{ACCESS_CASE_PK}/"
ANSWER, RATE = f"{CASE}svara/", f"{CASE}betyg/"
FILE = f"/lonesupport/bilagor/{ACCESS_ATTACHMENT_PK}/"
QUEUE, RATINGS = "/lonesupport/ko/", "/lonesupport/ko/betyg/"
STAFF_CASE = f"/lonesupport/ko/{ACCESS_CASE_PK}/"
BACK = RedirectTo(STAFF_CASE)

# fmt: off
ROWS = [
    *access_table([
        # url      out  in   forg prox subst           mgr  staff pay  hr   edit admin
        (HOME,     L,   L,   L,   L,   step_up(HOME),    403, 403,  403, 403, 403, 200),
        (NEW,      L,   L,   L,   L,   step_up(NEW),     403, 403,  403, 403, 403, 200),
        (SUGGEST,  L,   L,   L,   L,   step_up(SUGGEST), 403, 403,  403, 403, 403, 200),
        (QUEUE,    L,   L,   L,   L,   403,              403, 403,  200, 403, 403, 200),
        (RATINGS,  L,   L,   L,   L,   403,              403, 403,  200, 403, 403, 200),
    ]),
    *access_table([
        (CASE,       L, L,   L,   L,   step_up(CASE),    403, 403,  403, 403, 403, 404),
        (FILE,       L, L,   L,   L,   step_up(FILE),    403, 403,  200, 403, 403, 200),
        (STAFF_CASE, L, L,   L,   L,   403,              403, 403,  200, 403, 403, 200),
    ], setup=access_case),
    *access_table([
        (NEW,        L, L,   L,   L,   step_up(NEW),     403, 403,  403, 403, 403, 200),
    ], method="post"),
    *access_table([
        (ANSWER,     L, L,   L,   L,   step_up(ANSWER),  403, 403,  403, 403, 403, 404),
        (RATE,       L, L,   L,   L,   step_up(RATE),    403, 403,  403, 403, 403, 404),
        # An empty form is answered with the case page and its errors; nothing is changed.
        (f"{STAFF_CASE}svara/",      L, L, L, L, 403, 403, 403, 200, 403, 403, 200),
        (f"{STAFF_CASE}anteckning/", L, L, L, L, 403, 403, 403, 200, 403, 403, 200),
        (f"{STAFF_CASE}status/",     L, L, L, L, 403, 403, 403, 200, 403, 403, 200),
        # No one chosen: the case is left with nobody, and the case page follows.
        (f"{STAFF_CASE}tilldela/",   L, L, L, L, 403, 403, 403, BACK, 403, 403, BACK),
    ], method="post", setup=access_case),
]
# fmt: on
