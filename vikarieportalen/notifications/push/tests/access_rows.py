"""Access rows for Mina uppgifter → Aviseringar (see core/tests/test_access_matrix.py).

Only substitutes (and the administrator, who holds every role) choose push notices. The matrix
posts an empty form: the page and the JSON endpoints answer 400 (nothing to read), removing device
1 redirects back with "not yours". The service worker's report of an opened notice needs no login,
only a known token (404 otherwise).
"""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
P = "/konto/mina-uppgifter/aviseringar/"
B = RedirectTo(P)

# fmt: off
ROWS = access_table([
    # url                     out  in   forged proxy subst mgr  staff pay  hr   editor admin
    (P,                       L,   L,   L,   L,   200, 403, 403, 403, 403, 403, 200),
])
ROWS += access_table([
    (P,                       L,   L,   L,   L,   400, 403, 403, 403, 403, 403, 400),
    (f"{P}enhet/",            L,   L,   L,   L,   400, 403, 403, 403, 403, 403, 400),
    (f"{P}enhet/stang-av/",   L,   L,   L,   L,   400, 403, 403, 403, 403, 403, 400),
    (f"{P}enhet/1/ta-bort/",  L,   L,   L,   L,   B,   403, 403, 403, 403, 403, B),
    (f"{P}oppnad/x/",         404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
], method="post")
# fmt: on
