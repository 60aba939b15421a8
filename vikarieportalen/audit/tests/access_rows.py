"""Access rows for the audit-log page (see core/tests/test_access_matrix.py)."""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = access_table([
    # url                              out  in   forged proxy subst mgr  staff pay  hr   editor admin
    ("/konto/granskningslogg/",        L,   L,   L,   L,   403, 403, 403, 403, 403, 403, 200),
])
# fmt: on

# The CSV export: administrators only, like the page.
# fmt: off
ROWS += access_table([
    # url                              out  in   forged proxy subst mgr  staff pay  hr   editor admin
    ("/konto/granskningslogg/?format=csv", L, L, L,   L,   403, 403, 403, 403, 403, 403, 200),
])
# fmt: on
