"""Access rows for who is free (see core/tests/test_access_matrix.py).

The staffing centre's and administrators': every substitute's availability by name, as in the pool.
Workplace managers get 403 (the whole pool is not theirs to see). Bad input is a page with a message.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = [
    *access_table([
        # url                                                    out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/vem-ar-ledig/",                             L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/vem-ar-ledig/?first_day=x&area=moon",       L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/vem-ar-ledig/dag/",                         L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/vem-ar-ledig/dag/?day=2026-02-30",          L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
    ]),
    # Read-only pages: POST is not allowed.
    *access_table([
        ("/bemanning/vem-ar-ledig/",                             405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/vem-ar-ledig/dag/",                         405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], method="post"),
]
# fmt: on
