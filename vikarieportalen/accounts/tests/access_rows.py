"""Access rows for the accounts app (see vikarieportalen/core/tests/test_access_matrix.py)."""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
HOME = RedirectTo("/")

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/konto/logga-in/",        200,   200,   200,   200,   HOME,  HOME,  HOME,  HOME,  HOME,  HOME,  HOME),
    ("/konto/mina-uppgifter/",  L,     L,     L,     L,     200,   200,   200,   200,   200,   200,   200),
    # Logging out changes state, so only POST does it.
    ("/konto/logga-ut/",        405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
])
# fmt: on
