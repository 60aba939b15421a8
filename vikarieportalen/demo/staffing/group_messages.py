"""Demo data: group messages (utskick) from the staffing centre (LILE7514) and replies in its inbox.

Two group messages: one to everyone introduced at Sara Johansson's (JOSA9804) first workplace
("we need people tomorrow morning"), one to everyone in that area of work whose LAS state is fine
(a reminder to mark availability). Three people have replied to the first and one to the second;
that reply is already marked handled. Everything goes through the services (the group selection,
the outbox, the inbound handler), so the inbox shows what a real reply would look like. A message
is known by its text and a reply by its gateway id, so a second run adds nothing.
"""

from __future__ import annotations

from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count
from vikarieportalen.notifications.inbound import InboundSms
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.messages.selectors import GroupChoice
from vikarieportalen.staffing.messages.services import (
    group_message_send,
    group_sms_inbound,
    inbound_message_mark,
)
from vikarieportalen.staffing.models import GroupMessage, InboundMessage, Workplace

STAFF = "LILE7514"
REPLIES_TO_FIRST = [
    "Ja, jag kan 7–12!",
    "Jag kan från kl 9, går det bra?",
    "Tyvärr inte i morgon, men gärna på torsdag.",
]
REPLY_TO_SECOND = "Klart, har lagt in hela lovet nu."


def _sent(*, by: User, choice: GroupChoice, text: str, count: Count) -> GroupMessage | None:
    existing = GroupMessage.objects.filter(text=text).order_by("-created_at").first()
    if existing is not None:
        count("group_messages", False)
        return existing
    try:
        message = group_message_send(by=by, choice=choice, text=text, confirmed=True)
    except Refused:  # a demo without people in the group (or over the caps) has no such message
        return None
    count("group_messages", True)
    return message


def _reply(message: GroupMessage, person: User, text: str, key: str, count: Count) -> InboundMessage | None:
    gateway_id = f"demo-group-reply-{key}"
    found = InboundMessage.objects.filter(gateway_id=gateway_id).first()
    if found is not None:
        count("inbox", False)
        return found
    group_sms_inbound(
        InboundSms(gateway_id=gateway_id, sender=person.mobile, to="", text=text, received_at=timezone.now())
    )
    count("inbox", True)
    return InboundMessage.objects.filter(gateway_id=gateway_id).first()


def demo_group_messages_build(*, count: Count) -> None:
    staff = User.objects.filter(username=STAFF).first()
    josa = User.objects.filter(username=FIRST_SUBSTITUTE).first()
    if staff is None or josa is None:
        return
    workplace = (
        Workplace.objects.filter(introductions__substitute=josa, is_active=True).order_by("name").first()
    )
    if workplace is None:
        return
    first = _sent(
        by=staff,
        choice=GroupChoice(workplace=workplace),
        text=f"Vi behöver folk i morgon förmiddag på {workplace.name}. Svara på detta sms om du kan.",
        count=count,
    )
    second = _sent(
        by=staff,
        choice=GroupChoice(area=workplace.area, las_state=las.LasState.OK),
        text="Påminnelse: lägg in din tillgänglighet för jullovet senast fredag. /Bemanningsenheten",
        count=count,
    )
    if first is not None:
        people = list(User.objects.filter(pk__in=first.recipients.values("substitute")).order_by("pk")[:3])
        for n, (person, text) in enumerate(zip(people, REPLIES_TO_FIRST, strict=False)):
            _reply(first, person, text, f"1-{n}", count)
    if second is not None:
        last = User.objects.filter(pk__in=second.recipients.values("substitute")).order_by("-pk").first()
        if last is not None:
            reply = _reply(second, last, REPLY_TO_SECOND, "2-0", count)
            if reply is not None and reply.handled_at is None:
                inbound_message_mark(message=reply, by=staff, handled=True)
