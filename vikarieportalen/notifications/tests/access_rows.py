"""Access rows for the outbox (see core/tests/test_access_matrix.py).

The simulated SMS reply is off under the test settings (DEBUG off), so even the staffing centre
gets 404 there; test_simulate_reply.py tests it turned on.
"""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN

# fmt: off
ROWS = access_table([
    # url                                      out  in   forged proxy subst mgr  staff pay  hr   editor admin
    ("/notifications/utskick/",                L,   L,   L,   L,   403, 403, 200, 403, 403, 403, 200),
])
ROWS += access_table([
    ("/notifications/utskick/simulera-svar/",  L,   L,   L,   L,   403, 403, 404, 403, 403, 403, 404),
], method="post")
# fmt: on
