"""Access rows for the reset and sessions pages (see core/tests/test_access_matrix.py)."""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
S = RedirectTo("/konto/aterstall/")

# fmt: off
ROWS = access_table([
    # url                              out  in   forged proxy subst mgr  staff pay  hr   editor admin
    # Anyone may start a reset; the later steps need a reset attempt in the session (S: to the start).
    ("/konto/aterstall/",              200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ("/konto/aterstall/kod/",          S,   S,   S,   S,   S,   S,   S,   S,   S,   S,   S),
    ("/konto/aterstall/nytt-losenord/", S,  S,   S,   S,   S,   S,   S,   S,   S,   S,   S),
    ("/konto/sessioner/",              L,   L,   L,   L,   200, 200, 200, 200, 200, 200, 200),
])
# fmt: on
