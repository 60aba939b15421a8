"""Group messages (utskick): preview, send through the outbox, and the inbox of replies.

A group message without a shift is one SMS per person with the staff's own text, recorded in the
outbox in one transaction (key ``staffing:group:<message>:<person>``, so nobody gets it twice) and
delivered after commit. Quiet hours: it waits for the morning unless the time it is about (the
availability asked for) is soon, by the outbox's own urgency rule (``message_urgent_for``).

With a shift, the group message *is* an offer send-out to the group (``offers.services.offer_send``,
the staff's text as the send-out's message on the offer page): the first to answer JA gets the shift
through the offer machinery, and the offer SMS follow the offers' urgency rule.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.inbound import InboundSms
from vikarieportalen.notifications.services import (
    in_recipient_language,
    message_send_sms,
    message_urgent_for,
    messages_batched,
)
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.messages import rules
from vikarieportalen.staffing.messages.selectors import (
    GroupChoice,
    caps_from_settings,
    group_message_replied_to,
    group_select,
    recipients_sent_on,
)
from vikarieportalen.staffing.models import (
    GroupMessage,
    GroupMessageRecipient,
    InboundMessage,
    Offer,
    OfferSend,
    OfferStatus,
    Shift,
)
from vikarieportalen.staffing.offers import rules as offer_rules
from vikarieportalen.staffing.offers.notify import offer_sms_text
from vikarieportalen.staffing.offers.services import offer_send, user_may_staff

logger = logging.getLogger(__name__)

SMS_KIND_GROUP = "staffing_group_message"


def group_message_sms_key(*, message: GroupMessage, user: User) -> str:
    return f"staffing:group:{message.pk}:{user.pk}"


@dataclass(frozen=True)
class GroupPreview:
    people: list[User]
    preview: rules.Preview
    sms_text: str  # what each person gets: the text, or with a shift a sample offer SMS
    needs_confirmation: bool
    urgent: bool


def _sample_offer_sms(shift: Shift, text: str) -> str:
    """An offer SMS as the group would get it (the offer number and link are each person's own)."""
    offer = Offer(
        shift=shift,
        send=OfferSend(message=text),
        code=offer_rules.code_allocate(taken=set()),
        token=offer_rules.token_make(),
    )
    with in_recipient_language(None):
        return offer_sms_text(offer=offer, answer_by=None)


def group_message_preview(*, choice: GroupChoice, text: str, now: dt.datetime | None = None) -> GroupPreview:
    """Who would get the message, how many SMS parts each, what it costs, whether it goes at night."""
    now = now or timezone.now()
    people = group_select(choice=choice, today=timezone.localdate(now))
    text = text.strip()
    sms_text = _sample_offer_sms(choice.shift, text) if choice.shift is not None else text
    preview = rules.preview_for(
        text=sms_text, recipients=len(people), price_per_segment_ore=settings.SMS_PRICE_PER_SEGMENT_ORE
    )
    about = choice.about
    return GroupPreview(
        people=people,
        preview=preview,
        sms_text=sms_text,
        needs_confirmation=rules.needs_confirmation(recipients=len(people), caps=caps_from_settings()),
        urgent=about is not None and message_urgent_for(about=about, now=now),
    )


@transaction.atomic
def group_message_send(
    *,
    by: User,
    choice: GroupChoice,
    text: str,
    confirmed: bool = False,
    previewed_count: int | None = None,
) -> GroupMessage:
    """Send ``text`` to the group; refused (``Refused``) with nothing sent when a rule says no.

    ``previewed_count``: the number the sender saw; when the group has changed since, the sender
    must look again (code ``changed``).
    """
    if not user_may_staff(by):
        raise PermissionDenied("Only the staffing centre sends group messages.")
    now = timezone.now()
    text = text.strip()
    planned = group_message_preview(choice=choice, text=text, now=now)
    rules.send_check(
        text=text,
        preview=planned.preview,
        sent_today=recipients_sent_on(timezone.localdate(now)),
        caps=caps_from_settings(),
        confirmed=confirmed,
    )
    if previewed_count is not None and previewed_count != planned.preview.recipients:
        raise Refused(_changed_text(previewed_count, planned.preview.recipients), code="changed")
    message = GroupMessage.objects.create(
        created_by=by,
        text=text,
        group=choice.describe(),
        recipient_count=planned.preview.recipients,
        segments=planned.preview.segments,
        cost_ore=planned.preview.cost_ore,
        urgent=planned.urgent,
        shift=choice.shift,
    )
    if choice.shift is not None:
        people = _offers_send(message, shift=choice.shift, by=by, planned=planned, text=text)
    else:
        people = planned.people
    GroupMessageRecipient.objects.bulk_create(
        GroupMessageRecipient(message=message, substitute=user) for user in people
    )
    if choice.shift is None:
        _sms_send(message, people, text=text, urgent=planned.urgent)
    audit_record(
        kind=StaffingAuditKind.GROUP_MESSAGE_SENT,
        actor=by,
        group_message=message.pk,
        recipients=message.recipient_count,
        offer_send=message.offer_send_id,
    )
    return message


def _offers_send(
    message: GroupMessage, *, shift: Shift, by: User, planned: GroupPreview, text: str
) -> list[User]:
    """With a shift, the message goes as an offer of it to the group's people (those who may take
    it); the message records the send-out, how many got it and the cost. Who got it."""
    result = offer_send(shifts=[shift], by=by, substitutes=planned.people, message=text)
    people = [offer.substitute for offer in result.offers]
    message.offer_send = result.send
    message.recipient_count = len(people)
    message.cost_ore = rules.cost_ore(
        recipients=len(people),
        segments=planned.preview.segments,
        price_per_segment_ore=settings.SMS_PRICE_PER_SEGMENT_ORE,
    )
    message.save(update_fields=["offer_send", "recipient_count", "cost_ore"])
    return people


def _sms_send(message: GroupMessage, people: list[User], *, text: str, urgent: bool) -> None:
    """The message's SMS to each of ``people``, in the outbox: written in one INSERT, delivered in
    tasks of SMS_BURST_BATCH (``messages_batched``; the keys name the message made just now)."""
    with messages_batched(new_keys=True):
        for user in people:
            try:
                message_send_sms(
                    text=text,
                    kind=SMS_KIND_GROUP,
                    idempotency_key=group_message_sms_key(message=message, user=user),
                    recipient=user,
                    urgent=urgent,
                )
            except ValidationError:
                # A number that is not a mobile one: the outbox refuses it, the others still go.
                logger.warning("group message %s: no SMS for user %s", message.pk, user.pk)


def _changed_text(before: int, now: int) -> str:
    return _(
        "The group has changed since the preview: %(now)d people now, not %(before)d. Check and send again."
    ) % {"now": now, "before": before}


# ---------------------------------------------------------------------------------------------
# The inbox


def group_sms_inbound(sms: InboundSms) -> bool:
    """Keep a substitute's SMS that is no offer answer in the inbox (see ``rules.inbound_route``).

    Registered before the offers' handler; True (nobody else answers) when it replies to a group
    message. Idempotent: the gateway's id is unique, a second post of the same SMS changes nothing.
    """
    users = list(User.objects.filter(mobile=sms.sender, is_active=True))
    now = timezone.now()
    has_open_offer = bool(users) and (
        Offer.objects.filter(substitute__in=users, status=OfferStatus.OPEN, expires_at__gt=now).exists()
    )
    group = group_message_replied_to(users=users, now=now) if users else None
    route = rules.inbound_route(
        known_sender=bool(users),
        parses_as_answer=offer_rules.reply_parse(sms.text) is not None,
        has_open_offer=has_open_offer,
        answers_group=group is not None,
    )
    if route.store:
        InboundMessage.objects.get_or_create(
            gateway_id=sms.gateway_id,
            defaults={
                "sender_number": sms.sender,
                "sender": users[0] if len(users) == 1 else None,
                "text": sms.text,
                "received_at": sms.received_at,
                "group_message": group,
            },
        )
    return route.consume


@transaction.atomic
def inbound_message_mark(*, message: InboundMessage, by: User, handled: bool) -> InboundMessage:
    """Mark an incoming SMS handled (or open again): who and when."""
    if not user_may_staff(by):
        raise PermissionDenied("Only the staffing centre handles the inbox.")
    locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
    locked.handled_at = timezone.now() if handled else None
    locked.handled_by = by if handled else None
    locked.save(update_fields=["handled_at", "handled_by"])
    return locked
