"""Access rows for the password change page (see vikarieportalen/core/tests/test_access_matrix.py)."""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/konto/byt-losenord/",    L,     L,     L,     L,     200,   200,   200,   200,   200,   200,   200),
])
# fmt: on
