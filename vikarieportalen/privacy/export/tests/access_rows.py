"""Access rows for Mina personuppgifter (see vikarieportalen/core/tests/test_access_matrix.py).

Everyone logged in sees their own data only, after a recent strong login: the matrix logs substitutes
in with no assurance recorded, so they are sent to step up (and back to the page, also from the
download); staff are logged in strongly (``client_for``) and get their own page and file. Nobody
reaches another person's data here: staff use ``manage.py personal_data_export``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
PAGE, DOWNLOAD = "/konto/personuppgifter/mina/", "/konto/personuppgifter/mina/ladda-ner/"
S = RedirectTo(f"/konto/starkare-inloggning/?{urlencode({'next': PAGE})}")  # step up, then the page

# fmt: off
ROWS = [
    *access_table([
        # url     out  in   forg prox subst mgr  staff pay  hr   edit admin
        (PAGE,     L,   L,   L,   L,   S,    200, 200,  200, 200, 200, 200),
        (DOWNLOAD, 405, 405, 405, 405, 405,  405, 405,  405, 405, 405, 405),
    ]),
    *access_table([
        (DOWNLOAD, L,   L,   L,   L,   S,    200, 200,  200, 200, 200, 200),
    ], method="post"),
]
# fmt: on
