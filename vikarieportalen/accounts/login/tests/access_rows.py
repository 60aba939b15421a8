"""Access rows for the login methods and step-up (see vikarieportalen/core/tests/test_access_matrix.py).

The test settings configure no e-ID broker (OIDC_ISSUER empty), so its two addresses are 404 here;
the e-ID flow itself is tested against a real provider in test_login_methods_oidc.py. Logged-in
substitutes are logged in with no assurance recorded, so the PIN page sends them to step up; staff are
logged in with high assurance (``client_for``) and see it.
"""

from __future__ import annotations

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
S = RedirectTo("/konto/starkare-inloggning/?next=%2Fkonto%2Fmina-uppgifter%2Fpersonnummer%2F")  # step up
C = RedirectTo("/konto/logga-in/sms-kod/")  # a code was sent; type it there

# fmt: off
ROWS = [
    *access_table([
        # url                                   out  in   forg prox subst mgr  staff pay  hr   edit admin
        ("/konto/logga-in/sms-kod/",            200, 200, 200, 200, 200,  200, 200,  200, 200, 200, 200),
        ("/konto/e-legitimation/",              404, 404, 404, 404, 404,  404, 404,  404, 404, 404, 404),
        ("/konto/e-legitimation/svar/",         404, 404, 404, 404, 404,  404, 404,  404, 404, 404, 404),
        ("/konto/tjanstekort/",                 200, 200, 200, 200, 200,  200, 200,  200, 200, 200, 200),
        ("/konto/starkare-inloggning/",         L,   L,   L,   L,   200,  200, 200,  200, 200, 200, 200),
        ("/konto/mina-uppgifter/personnummer/", L,   L,   L,   L,   S,    200, 200,  200, 200, 200, 200),
    ]),
    *access_table([
        # No code waiting: the form answers with a message.
        ("/konto/logga-in/sms-kod/",            200, 200, 200, 200, 200,  200, 200,  200, 200, 200, 200),
        # No card proxy configured: "no staff card was read", nobody logged in.
        ("/konto/tjanstekort/",                 200, 200, 200, 200, 200,  200, 200,  200, 200, 200, 200),
        # A code goes to the logged-in user's mobile.
        ("/konto/starkare-inloggning/",         L,   L,   L,   L,   C,    C,   C,    C,   C,   C,   C),
    ], method="post"),
]
# fmt: on
