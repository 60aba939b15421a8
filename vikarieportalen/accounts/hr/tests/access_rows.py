"""Access rows for HR registration, activation and My details (see core/tests/test_access_matrix.py)."""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
MOBILE = RedirectTo("/konto/mina-uppgifter/mobil/")  # no code waiting: back to the number form

# fmt: off
ROWS = [
    *access_table([
        # url                                        out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/konto/hr/",                               L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        ("/konto/hr/ny-vikarie/",                    L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        ("/konto/hr/import/",                        L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        # Resending changes state: POST only.
        ("/konto/hr/vikarie/999999/skicka-aktivering/", 405, 405, 405,  405,  405,   405,   405,   405,   405,   405,   405),
        ("/konto/mina-uppgifter/mobil/",             L,   L,   L,     L,    200,   200,   200,   200,   200,   200,   200),
        ("/konto/mina-uppgifter/mobil/kod/",         L,   L,   L,     L,    MOBILE, MOBILE, MOBILE, MOBILE, MOBILE, MOBILE, MOBILE),
        ("/konto/mina-uppgifter/e-post/",            L,   L,   L,     L,    200,   200,   200,   200,   200,   200,   200),
        ("/konto/mina-uppgifter/e-post/not-a-token/", L,  L,   L,     L,    404,   404,   404,   404,   404,   404,   404),
        # The signed token, not a login, says whose account it is.
        ("/konto/aktivera/not-a-token/",             404, 404, 404,   404,  404,   404,   404,   404,   404,   404,   404),
    ]),
    *access_table([
        ("/konto/hr/vikarie/999999/skicka-aktivering/", L, L,  L,     L,    403,   403,   403,   403,   404,   403,   404),
        ("/konto/hr/ny-vikarie/",                    L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        ("/konto/hr/import/",                        L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        ("/konto/mina-uppgifter/mobil/",             L,   L,   L,     L,    200,   200,   200,   200,   200,   200,   200),
        ("/konto/mina-uppgifter/e-post/",            L,   L,   L,     L,    200,   200,   200,   200,   200,   200,   200),
    ], method="post"),
]
# fmt: on
