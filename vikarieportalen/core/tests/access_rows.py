"""Access rows for project-wide URLs: Django admin, the Wagtail editor, health, unknown pages."""

from __future__ import annotations

from vikarieportalen.testing import RedirectTo, access_table

ADMIN_LOGIN = RedirectTo("/admin/login/?next=/admin/")
CMS_LOGIN = RedirectTo("/cms/login/?next=/cms/")
A, C = ADMIN_LOGIN, CMS_LOGIN
PA = RedirectTo("/konto/logga-in/?next=/admin/")
PC = RedirectTo("/konto/logga-in/?next=/cms/")
TA, TC = RedirectTo("/admin/"), RedirectTo("/cms/")

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/admin/",                 A,     A,     A,     A,     A,     A,     A,     A,     A,     A,     200),
    ("/cms/",                   C,     C,     C,     C,     C,     C,     C,     C,     C,     200,   200),
    ("/admin/login/?next=/admin/", PA,  PA,    PA,    PA,    403,   403,   403,   403,   403,   403,   TA),
    ("/cms/login/?next=/cms/",  PC,    PC,    PC,    PC,    403,   403,   403,   403,   403,   TC,    TC),
    ("/health/",                200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/finns-inte/",            404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
])
# fmt: on
