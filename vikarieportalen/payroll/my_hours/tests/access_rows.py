"""Access rows for Mina timmar (see core/tests/test_access_matrix.py).

The substitute's own pay lines: a strong login. The matrix logs substitutes in with no assurance
recorded, so they are sent to step up; administrators hold every role and see their own (none).
That a substitute never sees another's lines is shown in test_my_hours.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
PAGE = "/lon/mina-timmar/"
STEP_UP = RedirectTo(f"/konto/starkare-inloggning/?{urlencode({'next': PAGE})}")

# fmt: off
ROWS = [
    *access_table([
        # url    out  in   forged proxy subst    mgr  staff pay  hr   editor admin
        (PAGE,   L,   L,   L,     L,    STEP_UP, 403, 403,  403, 403, 403,   200),
    ]),
    # Read only.
    *access_table([
        (PAGE,   405, 405, 405,   405,  405,     405, 405,  405, 405, 405,   405),
    ], method="post"),
]
# fmt: on
