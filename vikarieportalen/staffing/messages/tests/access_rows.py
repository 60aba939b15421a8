"""Access rows for group messages and the SMS inbox (see core/tests/test_access_matrix.py).

The staffing centre's and administrators' pages only; every other role gets 403, and a visitor
who is not logged in goes to the login page. Group message 940001 has a reply (940002) in the inbox.
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.models import GroupMessage, GroupMessageRecipient, InboundMessage
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
MESSAGE, INBOUND = 940001, 940002
INBOX = RedirectTo("/bemanning/inkorg/")


def group_setup() -> None:
    person = SubstituteFactory()
    message = GroupMessage.objects.create(
        pk=MESSAGE,
        text="Vi behöver folk i morgon",
        group="Solbacken",
        recipient_count=1,
        segments=1,
        cost_ore=45,
    )
    GroupMessageRecipient.objects.create(message=message, substitute=person)
    InboundMessage.objects.create(
        pk=INBOUND,
        gateway_id="access-rows",
        sender_number=person.mobile,
        sender=person,
        text="Jag kan!",
        received_at=timezone.now(),
        group_message=message,
    )


# fmt: off
ROWS = [
    *access_table([
        # url                                   out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/utskick/",                 L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/utskick/nytt/",            L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"/bemanning/utskick/{MESSAGE}/",      L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/utskick/999999/",          L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        ("/bemanning/inkorg/",                  L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/inkorg/?visa=handled&page=9", L, L,  L,     L,    403,   403,   200,   403,   403,   403,   200),
    ], setup=group_setup),
    *access_table([
        ("/bemanning/utskick/nytt/",            L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"/bemanning/inkorg/{INBOUND}/hanterad/", L, L,  L,     L,    403,   403,   INBOX, 403,   403,   403,   INBOX),
        ("/bemanning/inkorg/999999/hanterad/",  L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
    ], method="post", setup=group_setup),
    # Read-only pages: POST is not allowed; marking handled is POST only.
    *access_table([
        ("/bemanning/utskick/",                 405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        ("/bemanning/inkorg/",                  405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], method="post"),
    *access_table([
        (f"/bemanning/inkorg/{INBOUND}/hanterad/", 405, 405, 405, 405, 405,   405,   405,   405,   405,   405,   405),
    ]),
]
# fmt: on
