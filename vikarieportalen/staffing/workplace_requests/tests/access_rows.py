"""Access rows for requests to work at more workplaces (see core/tests/test_access_matrix.py).

The requests belong to a substitute made here (not the matrix's substitute), for a workplace whose
manager is made here too (not the matrix's manager): the matrix's substitute gets 404 for them, and
so does its manager, exactly as for ids that do not exist. Administrators have every role: they see
the substitute's page as their own (empty) one, and decide for any workplace.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.testing import LOGIN, access_table

L = LOGIN
SUBMITTED, OWNER, WORKPLACE, FORWARDED, MANAGER = 920001, 920002, 920003, 920004, 920005
MINE = "/bemanning/fler-arbetsplatser"
STAFF = "/bemanning/arbetsplatsonskemal"
BOSS = "/bemanning/chef/arbetsplatsonskemal"


def requests_setup() -> None:
    import datetime as dt

    from django.utils import timezone

    from vikarieportalen.accounts.tests.factories import SubstituteFactory, WorkplaceManagerFactory
    from vikarieportalen.staffing.models import AreaOfWork, WorkplaceRequest, WorkplaceRequestStatus
    from vikarieportalen.staffing.tests.factories import WorkplaceFactory

    owner = SubstituteFactory(pk=OWNER)
    workplace = WorkplaceFactory(
        pk=WORKPLACE,
        name="Någon annans förskola",
        area=AreaOfWork.PRESCHOOL,
        managers=[WorkplaceManagerFactory(pk=MANAGER)],
    )
    WorkplaceRequest.objects.create(pk=SUBMITTED, substitute=owner, area=AreaOfWork.SCHOOL)
    WorkplaceRequest.objects.create(
        pk=FORWARDED,
        substitute=owner,
        workplace=workplace,
        status=WorkplaceRequestStatus.FORWARDED,
        reviewed_at=timezone.now() - dt.timedelta(days=1),
    )


# fmt: off
ROWS = [
    *access_table([
        # url                                          out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        (f"{MINE}/",                                   L,   L,   L,     L,    200,   403,   403,   403,   403,   403,   200),
        (f"{STAFF}/",                                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BOSS}/",                                   L,   L,   L,     L,    403,   200,   403,   403,   403,   403,   200),
        (f"{STAFF}/999999/",                           L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
    ]),
    *access_table([
        (f"{MINE}/920001/",                            L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{STAFF}/920001/",                           L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{STAFF}/920004/",                           L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BOSS}/920004/",                            L,   L,   L,     L,    403,   404,   403,   403,   403,   403,   200),
        # Still with the staffing centre: no manager sees it yet.
        (f"{BOSS}/920001/",                            L,   L,   L,     L,    403,   404,   403,   403,   403,   403,   404),
        # Change state: POST only.
        (f"{MINE}/920001/ta-tillbaka/",                405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{STAFF}/920001/granska/",                   405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{BOSS}/920004/beslut/",                     405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], setup=requests_setup),
    # POSTs with no data: refused as bad input (the form with its errors), or 404 for someone else's.
    *access_table([
        (f"{MINE}/",                                   L,   L,   L,     L,    400,   403,   403,   403,   403,   403,   400),
        (f"{MINE}/920001/ta-tillbaka/",                L,   L,   L,     L,    404,   403,   403,   403,   403,   403,   404),
        (f"{STAFF}/920001/granska/",                   L,   L,   L,     L,    403,   403,   400,   403,   403,   403,   400),
        (f"{BOSS}/920004/beslut/",                     L,   L,   L,     L,    403,   404,   403,   403,   403,   403,   400),
    ], method="post", setup=requests_setup),
]
# fmt: on
