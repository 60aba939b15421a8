"""Access rows for offers (see core/tests/test_access_matrix.py).

The staffing centre's pages are for it and administrators only. The substitute's list is their
own; the short link of someone else's offer (``THEIRS_TOKEN``) is a 404 for every logged-in
substitute (administrators have the substitute role too), exactly like a token that does not exist.
POSTs with no data change nothing: the send pages show the form's errors (400), withdrawing asks
what to withdraw, sending an offer SMS again is refused (the offer has none) and an answer to
someone else's offer is a 404.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
SEND, SHIFT, OWNER, OFFER = 910001, 910002, 910003, 910004
THEIRS_TOKEN = "someonesTok1"
THEIRS_SERIES = "someonesSer1"  # the link of a series offer to OWNER (/f/s/<key>/)
UNKNOWN_SERIES = "nobodysSer12"
UNKNOWN_TOKEN = "nobodysTok12"
DETAIL = RedirectTo(f"/bemanning/forfragningar/{SEND}/")
SENDS = "/bemanning/forfragningar"


def offers_setup() -> None:
    from vikarieportalen.accounts.tests.factories import SubstituteFactory
    from vikarieportalen.staffing.models import Offer, OfferSend
    from vikarieportalen.staffing.tests.factories import ShiftFactory

    starts = timezone.now() + dt.timedelta(days=3)
    shift = ShiftFactory(pk=SHIFT, starts_at=starts, ends_at=starts + dt.timedelta(hours=3))
    owner = SubstituteFactory(pk=OWNER)
    send = OfferSend.objects.create(pk=SEND)
    Offer.objects.create(
        pk=OFFER, send=send, shift=shift, substitute=owner, code="4711", token=THEIRS_TOKEN, expires_at=starts
    )
    for days in (4, 5):  # a series offer of two shifts: one number, one link
        begins = starts + dt.timedelta(days=days)
        Offer.objects.create(
            send=send,
            shift=ShiftFactory(starts_at=begins, ends_at=begins + dt.timedelta(hours=3)),
            substitute=owner,
            code="5821",
            token=f"seriesTok{days}xx",
            series_key=THEIRS_SERIES,
            expires_at=begins,
        )


# fmt: off
ROWS = [
    *access_table([
        # url                                          out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        (f"{SENDS}/",                                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{SENDS}/ny/",                               L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{SENDS}/999999/",                           L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        ("/bemanning/pass/999999/forfragan/",          L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        (f"{SENDS}/999999/mottagare/",                 L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        ("/bemanning/pass/999999/forfragan/mottagare/", L,  L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        ("/bemanning/mina-forfragningar/",             L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"/f/{UNKNOWN_TOKEN}/",                       L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"/f/s/{UNKNOWN_SERIES}/",                    L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
    ]),
    *access_table([
        (f"{SENDS}/{SEND}/",                           L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"/bemanning/pass/{SHIFT}/forfragan/",        L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"/f/{THEIRS_TOKEN}/",                        L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"/f/s/{THEIRS_SERIES}/",                     L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        # The recipients with their SMS, which the send-out's and the shift's pages poll (htmx).
        (f"{SENDS}/{SEND}/mottagare/",                 L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"/bemanning/pass/{SHIFT}/forfragan/mottagare/", L, L,  L,     L,    403,   403,   200,   403,   403,   403,   200),
        # Changes state: POST only.
        (f"{SENDS}/{SEND}/ta-tillbaka/",               405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"/bemanning/forfragan/{OFFER}/skicka-sms-igen/", 405, 405, 405, 405, 405,  405,   405,   405,   405,   405,   405),
    ], setup=offers_setup),
    *access_table([
        (f"{SENDS}/ny/",                               L,   L,   L,     L,    403,   403,   400,   403,   403,   403,   400),
        (f"/bemanning/pass/{SHIFT}/forfragan/",        L,   L,   L,     L,    403,   403,   400,   403,   403,   403,   400),
        (f"{SENDS}/{SEND}/ta-tillbaka/",               L,   L,   L,     L,    403,   403,   DETAIL, 403,  403,   403,   DETAIL),
        # The offer has no SMS to send again: refused, back to its send-out.
        (f"/bemanning/forfragan/{OFFER}/skicka-sms-igen/", L, L,  L,     L,    403,   403,   DETAIL, 403,  403,   403,   DETAIL),
        (f"/f/{THEIRS_TOKEN}/",                        L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"/f/s/{THEIRS_SERIES}/",                     L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
    ], method="post", setup=offers_setup),
]
# fmt: on
