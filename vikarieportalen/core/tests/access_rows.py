"""Access rows for project-wide URLs: Django admin, the Wagtail editor, health, unknown pages."""

from __future__ import annotations

from vikarieportalen.core.testing import RedirectTo, access_table

ADMIN_LOGIN = RedirectTo("/admin/login/?next=/admin/")
CMS_LOGIN = RedirectTo("/cms/login/?next=/cms/")
A, C = ADMIN_LOGIN, CMS_LOGIN

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/admin/",                 A,     A,     A,     A,     A,     A,     A,     A,     A,     A,     200),
    ("/cms/",                   C,     C,     C,     C,     C,     C,     C,     C,     C,     200,   200),
    ("/health/",                200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/finns-inte/",            404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
])
# fmt: on
