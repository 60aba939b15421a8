"""Access rows for page feedback (see vikarieportalen/core/tests/test_access_matrix.py).

Visitors answer on /sidrespons/ like they read pages: inside the municipal network or logged in.
The rows post nothing, so a visitor who may answer gets 400 (no page, no answer). Outsiders go
to log in and back to the page they came from (here none: the start page). Editors' reports live
in Wagtail's admin, which sends everyone without admin access to its login.
"""

from __future__ import annotations

from vikarieportalen.testing import RedirectTo, access_table

L = RedirectTo("/konto/logga-in/?next=/")  # to log in, then back to the start page


def _cms_login(path: str) -> RedirectTo:
    return RedirectTo(f"/cms/login/?next={path}")


C1 = _cms_login("/cms/sidrespons/")
C2 = _cms_login("/cms/sidrespons/sida/1/")  # page 1 is Wagtail's root: it always exists
C3 = _cms_login("/cms/granskning/")
C4 = _cms_login("/cms/sidrespons/svar/999999/hanterad/")

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/sidrespons/",            L,     400,   L,     400,   400,   400,   400,   400,   400,   400,   400),
    ("/sidrespons/kommentar/",  L,     400,   L,     400,   400,   400,   400,   400,   400,   400,   400),
], method="post") + access_table([
    ("/sidrespons/",            405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("/sidrespons/kommentar/",  405,   405,   405,   405,   405,   405,   405,   405,   405,   405,   405),
    ("/cms/sidrespons/",        C1,    C1,    C1,    C1,    C1,    C1,    C1,    C1,    C1,    200,   200),
    ("/cms/sidrespons/sida/1/", C2,    C2,    C2,    C2,    C2,    C2,    C2,    C2,    C2,    200,   200),
    ("/cms/granskning/",        C3,    C3,    C3,    C3,    C3,    C3,    C3,    C3,    C3,    200,   200),
]) + access_table([
    ("/cms/sidrespons/svar/999999/hanterad/",
                                C4,    C4,    C4,    C4,    C4,    C4,    C4,    C4,    C4,    404,   404),
], method="post")
# fmt: on
