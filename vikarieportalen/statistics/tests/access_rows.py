"""Access rows for *Statistik* (see core/tests/test_access_matrix.py).

The staffing centre, HR and administrators see every workplace; a workplace manager sees their own
(a manager without workplaces gets the page saying so). Exports take the same checks.
"""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = access_table([
    # url                              out  in   forged proxy subst mgr  staff pay  hr   editor admin
    ("/statistik/",                    L,   L,   L,   L,   403, 200, 200, 403, 200, 403, 200),
    ("/statistik/?format=csv",         L,   L,   L,   L,   403, 200, 200, 403, 200, 403, 200),
])
# fmt: on
