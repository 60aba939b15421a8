"""Access rows for managers' shift needs and the staffing centre's board (see core/tests/test_access_matrix.py).

The shift (900001) belongs to a workplace nobody manages: a workplace manager gets 404 for it,
as for any other manager's shift. Substitutes never see these pages.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
SHIFT, SUBSTITUTE, BOOKING, BOOKED_SHIFT, WORKPLACE = 900001, 900002, 900003, 900004, 900005
BACK_TO_CANDIDATES = RedirectTo(f"/bemanning/pass/{SHIFT}/kandidater/?next=%2Fbemanning%2Ftavla%2F")
BACK_TO_BOOKED = RedirectTo(f"/bemanning/pass/{BOOKED_SHIFT}/kandidater/?next=%2Fbemanning%2Ftavla%2F")


def shifts_setup() -> None:
    workplace = WorkplaceFactory(pk=WORKPLACE, name="Ingens arbetsplats")
    ShiftFactory(pk=SHIFT, workplace=workplace)
    substitute = SubstituteFactory(pk=SUBSTITUTE)
    booked = ShiftFactory(pk=BOOKED_SHIFT, workplace=workplace)
    BookingFactory(pk=BOOKING, shift=booked, substitute=substitute)


# fmt: off
ROWS = [
    *access_table([
        # url                                              out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/behov/",                              L,   L,   L,     L,    403,   200,   200,   403,   403,   403,   200),
        ("/bemanning/behov/nytt/",                         L,   L,   L,     L,    403,   200,   200,   403,   403,   403,   200),
        # The working-time check while a need is filled in (nothing asked: an empty fragment).
        ("/bemanning/behov/nytt/varningar/",               L,   L,   L,     L,    403,   200,   200,   403,   403,   403,   200),
        ("/bemanning/tavla/",                              L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
    ]),
    *access_table([
        ("/bemanning/behov/900001/",                       L,   L,   L,     L,    403,   404,   200,   403,   403,   403,   200),
        # Asked for a workplace nobody manages: refused to a workplace manager.
        ("/bemanning/behov/nytt/varningar/?workplace=900005", L, L,  L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/pass/900001/kandidater/",             L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/pass/900004/kandidater/",             L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/pass/900001/boka/900002/undantag/",   L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        # Changes state: POST only.
        ("/bemanning/behov/900001/avboka/",                405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/pass/900001/boka/",                   405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/bokning/900003/avboka/",              405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/pass/900001/ateroppnat/sett/",        405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], setup=shifts_setup),
    # POSTs with no data: refused as bad input (a form with errors, or back with a message), never done.
    *access_table([
        ("/bemanning/behov/nytt/",                         L,   L,   L,     L,    403,   200,   200,   403,   403,   403,   200),
        # Only asked, never changes anything: GET only.
        ("/bemanning/behov/nytt/varningar/",               405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/behov/900001/avboka/",                L,   L,   L,     L,    403,   404,   200,   403,   403,   403,   200),
        ("/bemanning/pass/900001/boka/",                   L,   L,   L,     L,    403,   403,   BACK_TO_CANDIDATES, 403, 403, 403, BACK_TO_CANDIDATES),
        ("/bemanning/pass/900001/boka/900002/undantag/",   L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/bokning/900003/avboka/",              L,   L,   L,     L,    403,   403,   BACK_TO_BOOKED, 403, 403, 403, BACK_TO_BOOKED),
        # Not marked as reopened: refused with a message, back to the shift.
        ("/bemanning/pass/900001/ateroppnat/sett/",        L,   L,   L,     L,    403,   403,   BACK_TO_CANDIDATES, 403, 403, 403, BACK_TO_CANDIDATES),
    ], method="post", setup=shifts_setup),
]
# fmt: on
