"""Access rows for HR's pages on a substitute's engagement (see core/tests/test_access_matrix.py)."""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = [
    *access_table([
        # url                                               out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/konto/hr/vikarier/",                             L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        ("/konto/hr/vikarier/?q=nobody",                    L,   L,   L,     L,    403,   403,   403,   403,   200,   403,   200),
        # Nobody with that id: HR is told so, everyone else is refused first.
        ("/konto/hr/vikarie/999999/",                       L,   L,   L,     L,    403,   403,   403,   403,   404,   403,   404),
        ("/konto/hr/vikarie/999999/avsluta-anstallning/",   L,   L,   L,     L,    403,   403,   403,   403,   404,   403,   404),
    ]),
    *access_table([
        ("/konto/hr/vikarie/999999/avsluta-anstallning/",   L,   L,   L,     L,    403,   403,   403,   403,   404,   403,   404),
    ], method="post"),
]
# fmt: on
