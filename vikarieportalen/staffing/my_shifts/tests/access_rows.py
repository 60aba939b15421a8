"""Access rows for the substitute's pages, the calendar feed and the pool (see core/tests/test_access_matrix.py).

A substitute reaches only their own bookings and rows: another person's booking (``THEIRS``, made by
``_someone_elses_booking``) is a 404 for every logged-in substitute, exactly like an id that does not
exist. The calendar feed needs no login: its secret address is the key, and a wrong or renewed one is
a 404 for everybody. Administrators have every role, so they see the substitute pages as their own
(empty) ones.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
THEIRS = 424242  # the booking id _someone_elses_booking creates
KNOWN_TOKEN = "k" * 43
UNKNOWN_TOKEN = "u" * 43
FEED_PAGE = RedirectTo("/bemanning/mina-pass/prenumerera/")
MY = "/bemanning/mina-pass"
AV = "/bemanning/tillganglighet"
POOL = "/bemanning/vikariepoolen"


def _someone_elses_booking() -> None:
    from vikarieportalen.accounts.tests.factories import SubstituteFactory
    from vikarieportalen.staffing.models import SubstituteProfile
    from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory

    owner = SubstituteFactory()
    starts = timezone.now() + dt.timedelta(days=5)
    BookingFactory(
        pk=THEIRS,
        substitute=owner,
        shift=ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=8)),
    )
    SubstituteProfile.objects.create(user=owner, calendar_token=KNOWN_TOKEN)


# fmt: off
ROWS = [
    *access_table([
        # url                                         out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        (f"{MY}/",                                    L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{MY}/kalender/",                           L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{MY}/kalender/2026/3/",                    L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{MY}/kalender/2026/13/",                   L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{MY}/historik/",                           L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{MY}/prenumerera/",                        L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{MY}/999999/",                             L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{MY}/999999/avboka/",                      L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{AV}/",                                    L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{AV}/ny-period/",                          L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{AV}/nytt-veckomonster/",                  L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        # Removing and renewing change state: POST only.
        (f"{AV}/period/999999/ta-bort/",              405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{AV}/veckomonster/999999/ta-bort/",        405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{MY}/prenumerera/ny-adress/",              405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"/bemanning/kalender/{UNKNOWN_TOKEN}.ics",  404, 404, 404,   404,  404,   404,   404,   404,   404,   404,   404),
        (f"{POOL}/",                                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{POOL}/999999/",                           L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/tillganglighet/",            L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/tillganglighet/ny-period/",  L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/tillganglighet/nytt-veckomonster/", L, L, L,  L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/profil/",                    405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{POOL}/999999/kompetens/",                 405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{POOL}/999999/introduktion/",              405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ]),
    *access_table([
        (f"{MY}/prenumerera/ny-adress/",              L,   L,   L,     L,    FEED_PAGE, 403, 403,  403,   403,   403,   FEED_PAGE),
        (f"{MY}/999999/avboka/",                      L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{AV}/ny-period/",                          L,   L,   L,     L,    400,   403,   403,   403,   403,   403,   400),
        (f"{AV}/nytt-veckomonster/",                  L,   L,   L,     L,    400,   403,   403,   403,   403,   403,   400),
        (f"{AV}/period/999999/ta-bort/",              L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{AV}/veckomonster/999999/ta-bort/",        L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{POOL}/999999/profil/",                    L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/kompetens/",                 L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/kompetens/1/ta-bort/",       L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/introduktion/",              L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/introduktion/1/ta-bort/",    L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/tillganglighet/ny-period/",  L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{POOL}/999999/tillganglighet/period/1/ta-bort/", L, L,  L,  L,    403,   403,   404,   403,   403,   403,   404),
    ], method="post"),
    # Someone else's booking: every logged-in substitute gets 404, as for a booking that does not exist.
    *access_table([
        (f"{MY}/{THEIRS}/",                           L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{MY}/{THEIRS}/avboka/",                    L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        # The feed's secret address is the key, for a phone's calendar without a session.
        (f"/bemanning/kalender/{KNOWN_TOKEN}.ics",    200, 200, 200,   200,  200,   200,   200,   200,   200,   200,   200),
    ], setup=_someone_elses_booking),
    *access_table([
        (f"{MY}/{THEIRS}/avboka/",                    L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
    ], method="post", setup=_someone_elses_booking),
]
# fmt: on
