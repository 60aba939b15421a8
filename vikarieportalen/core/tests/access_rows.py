"""Access rows for project-wide URLs: Django admin, the Wagtail editor, health, unknown pages."""

from __future__ import annotations

from vikarieportalen.core.ops.health import heartbeat_beat
from vikarieportalen.testing import RedirectTo, access_table

ADMIN_LOGIN = RedirectTo("/admin/login/?next=/admin/")
CMS_LOGIN = RedirectTo("/cms/login/?next=/cms/")
A, C = ADMIN_LOGIN, CMS_LOGIN
PA = RedirectTo("/konto/logga-in/?next=/admin/")
PC = RedirectTo("/konto/logga-in/?next=/cms/")
TA, TC = RedirectTo("/admin/"), RedirectTo("/cms/")
F = RedirectTo("/static/img/favicon.svg")

# fmt: off
ROWS = access_table([
    # url                       out    in     forged proxy  subst  mgr    staff  pay    hr     editor admin
    ("/admin/",                 A,     A,     A,     A,     A,     A,     A,     A,     A,     A,     200),
    ("/cms/",                   C,     C,     C,     C,     C,     C,     C,     C,     C,     200,   200),
    ("/admin/login/?next=/admin/", PA,  PA,    PA,    PA,    403,   403,   403,   403,   403,   403,   TA),
    ("/cms/login/?next=/cms/",  PC,    PC,    PC,    PC,    403,   403,   403,   403,   403,   TC,    TC),
    ("/health/",                200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/finns-inte/",            404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    # Health is for probes: anyone may ask, the answer holds no personal data and no secrets.
    ("/health/live",            200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    # Documents are served by Wagtail's /documents/ view (collection privacy), never from /media/.
    ("/media/documents/a.pdf",  404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404),
    # The icon is for everyone, before login and outside the network.
    ("/favicon.ico",            F,     F,     F,     F,     F,     F,     F,     F,     F,     F,     F),
    # Installable (PWA): the manifest, the service worker and its offline page hold nobody's data.
    ("/manifest.webmanifest",   200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/sw.js",                  200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
    ("/offline/",               200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
]) + access_table([
    ("/health/ready",           200,   200,   200,   200,   200,   200,   200,   200,   200,   200,   200),
], setup=lambda: heartbeat_beat(name="scheduler"))
# fmt: on
