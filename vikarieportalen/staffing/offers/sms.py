"""Answers to offers by SMS ("JA 4711" / "NEJ 4711"), registered with notifications' inbound SMS.

Mobile numbers are not unique across users, so the sender is matched to the person who has an
open offer with that number; when nobody (or more than one person) matches, the sender gets an
SMS saying what to do, and nothing changes. Every reply SMS has an idempotency key, so a message
the gateway posts twice is answered once.

Who gets a reply at all (docs/staffing.md, "Answers by SMS"):
- a number no active user has gets none: every reply costs money and tells a stranger nothing
  they need. The SMS is logged by the gateway's id only, and left to other handlers;
- a known person whose text is not an answer gets help only while they have an offer open to
  answer, and the help names their own offer numbers, never an example one;
- a known person who answers ("JA") with nothing open to answer is told so.
"Open" is one rule here: status open and not yet expired (``_open_offers``), whether or not the
expiry job has run.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.notifications.inbound import InboundSms
from vikarieportalen.staffing.models import Offer, OfferChannel, OfferStatus
from vikarieportalen.staffing.offers import rules as offer_rules
from vikarieportalen.staffing.offers.answers import (
    offer_accept,
    offer_decline,
    offer_series_accept,
    offer_series_decline,
    refusal_for_status,
    short_reason,
)
from vikarieportalen.staffing.offers.notify import (
    SMS_KIND_OFFER_REPLY,
    offer_series_answer_text,
    offer_taken_sms_text,
    sms_record,
)
from vikarieportalen.staffing.offers.services import ACCEPTED, NOT_ELIGIBLE, TAKEN, OfferRefused

logger = logging.getLogger(__name__)

# A number that is no longer open is looked up this far back (to say "taken" or "expired").
ANSWERED_LOOKBACK = dt.timedelta(days=14)


def _reply(*, sms: InboundSms, user: User | None, key: str, render: Callable[[], str]) -> None:
    sms_record(
        user=user,
        to_number=sms.sender if user is None else "",
        key=key,
        kind=SMS_KIND_OFFER_REPLY,
        text=render,
        about=None,  # the sender is waiting for the answer
    )


# The numbers named in a help SMS: enough to answer by, few enough to keep it to one or two parts.
CODES_NAMED = 3


def _open_offers(offers: QuerySet[Offer], now: dt.datetime) -> QuerySet[Offer]:
    """Offers that can still be answered: open and not expired (the expiry job may not have run)."""
    return offers.filter(status=OfferStatus.OPEN, expires_at__gt=now)


# Open offers read to tell one answer from several (a series offer's offers share their number).
OPEN_READ = 100


def _codes(offers: QuerySet[Offer]) -> list[str]:
    """The sender's open numbers, each once (a series offer's shifts share theirs), soonest first."""
    codes = offers.order_by("expires_at", "pk").values_list("code", flat=True)[:OPEN_READ]
    return list(dict.fromkeys(codes))[:CODES_NAMED]


def help_text(codes: list[str]) -> str:
    """What to reply, with the sender's own offer numbers (in the active language)."""
    if len(codes) == 1:
        return _("We could not read your answer. Reply YES %(code)s or NO %(code)s.") % {"code": codes[0]}
    return _("We could not read your answer. Reply YES or NO and the number of the offer: %(codes)s.") % {
        "codes": ", ".join(codes)
    }


def ambiguous_text(codes: list[str]) -> str:
    return _(
        "More than one offer is open: %(codes)s. Reply with the number, e.g. YES %(code)s, "
        "or answer through the link."
    ) % {"codes": ", ".join(codes), "code": codes[0]}


def nothing_open_text() -> str:
    return _("You have no open offer to answer. /Vikarieportalen")


def offer_sms_inbound(sms: InboundSms) -> bool:
    """Handle an offer answer; False when the SMS is not one for us (an unknown number, or text
    that is no answer from someone with nothing open to answer): nobody is sent anything."""
    users = list(User.objects.filter(mobile=sms.sender, is_active=True))
    if not users:
        # No personal data in the log: the gateway's id finds the message there if it must.
        logger.info("incoming SMS %s: from a number no active user has; not answered", sms.gateway_id)
        return False
    reply = offer_rules.reply_parse(sms.text)
    base = Offer.objects.filter(substitute__in=users).select_related("substitute", "shift__workplace")
    now = timezone.now()
    language_user = users[0] if len(users) == 1 else None
    if reply is None:
        codes = _codes(_open_offers(base, now))
        if not codes:
            return False
        _reply(
            sms=sms,
            user=language_user,
            key=f"sms-in:{sms.gateway_id}:unreadable",
            render=lambda: help_text(codes),
        )
        return True
    target = _offer_replied_to(sms=sms, reply=reply, offers=base, now=now, language_user=language_user)
    if target is not None:
        _answer(sms=sms, reply=reply, offer=target)
    return True


def _offer_replied_to(
    *,
    sms: InboundSms,
    reply: offer_rules.Reply,
    offers: QuerySet[Offer],
    now: dt.datetime,
    language_user: User | None,
) -> Offer | None:
    """The sender's offer the reply is about; None when that is unclear, and the sender is told so."""
    open_offers = _open_offers(offers, now)
    if reply.code:
        open_offers = open_offers.filter(code=reply.code)
    matches = list(open_offers.order_by("expires_at", "pk")[:OPEN_READ])
    if len(offer_rules.answer_units((offer.pk, offer.series_key) for offer in matches)) > 1:
        codes = _codes(open_offers)
        _reply(
            sms=sms,
            user=language_user,
            key=f"sms-in:{sms.gateway_id}:ambiguous",
            render=lambda: ambiguous_text(codes),
        )
        return None
    target = matches[0] if matches else None
    if target is None and reply.code:
        # Not open any more (taken, expired …), or open but past its time: say why.
        target = (
            offers.filter(code=reply.code, created_at__gte=now - ANSWERED_LOOKBACK)
            .order_by("-created_at", "-pk")
            .first()
        )
    if target is None and not reply.code:
        _reply(sms=sms, user=language_user, key=f"sms-in:{sms.gateway_id}:none", render=nothing_open_text)
    elif target is None:
        code = reply.code or ""
        _reply(
            sms=sms,
            user=language_user,
            key=f"sms-in:{sms.gateway_id}:unknown",
            render=lambda: (
                _(
                    "We found no open offer %(code)s for your number. "
                    "Check the number in the offer, or answer through the link."
                )
                % {"code": code}
            ),
        )
    return target


def _answer(*, sms: InboundSms, reply: offer_rules.Reply, offer: Offer) -> None:
    """Accept or decline ``offer`` for its substitute; a refusal is answered by SMS."""
    person = offer.substitute
    if offer.series_key and _series_open(offer):
        _answer_series(sms=sms, reply=reply, offer=offer)
        return
    try:
        if reply.answer == offer_rules.Answer.ACCEPT:
            offer_accept(offer=offer, by=person, channel=OfferChannel.SMS)
            # The booking SMS (sent by the booking service) is the confirmation.
        else:
            offer_decline(offer=offer, by=person, channel=OfferChannel.SMS)
            _reply(
                sms=sms,
                user=person,
                key=f"staffing:offer:{offer.pk}:declined",
                render=lambda: (
                    _("Thank you. We have noted your no to offer %(code)s.") % {"code": offer.code}
                ),
            )
    except OfferRefused as refused:
        # "Taken" shares its key with the notice sent when the shift was filled: told once.
        key = (
            f"staffing:offer:{offer.pk}:taken"
            if refused.code == TAKEN
            else f"staffing:offer:{offer.pk}:refused:{refused.code}:{sms.gateway_id}"
        )
        refusal_code = refused.code
        _reply(sms=sms, user=person, key=key, render=lambda: _refusal_sms(offer, refusal_code))


def _series_open(offer: Offer) -> bool:
    return Offer.objects.filter(
        series_key=offer.series_key,
        substitute_id=offer.substitute_id,
        status=OfferStatus.OPEN,
        expires_at__gt=timezone.now(),
    ).exists()


def _answer_series(*, sms: InboundSms, reply: offer_rules.Reply, offer: Offer) -> None:
    """JA: accept every still open shift of the series offer; NEJ: decline them all. One SMS back:
    what was booked and what was not (with why), or the thanks for the no."""
    person = offer.substitute
    if reply.answer == offer_rules.Answer.DECLINE:
        offer_series_decline(
            series_key=offer.series_key, by=person, substitute=person, channel=OfferChannel.SMS
        )
        _reply(
            sms=sms,
            user=person,
            key=f"staffing:offer-series:{offer.series_key}:declined",
            render=lambda: _("Thank you. We have noted your no to offer %(code)s.") % {"code": offer.code},
        )
        return
    result = offer_series_accept(
        series_key=offer.series_key, by=person, substitute=person, channel=OfferChannel.SMS
    )
    booked = sorted(result.accepted, key=lambda item: item.shift.starts_at)
    refused = [(item, refusal) for item, refusal in result.refused]
    _reply(
        sms=sms,
        user=person,
        key=f"sms-in:{sms.gateway_id}:series",
        render=lambda: offer_series_answer_text(
            code=offer.code,
            booked=booked,
            refused=[(item, short_reason(refusal)) for item, refusal in refused],
        ),
    )


def _refusal_sms(offer: Offer, code: str) -> str:
    """The refusal in the recipient's language (the service's message was made in the sender's)."""
    if code == TAKEN:
        return offer_taken_sms_text(offer=offer)
    refused = refusal_for_status(offer, timezone.now())
    if refused is not None and refused.code == code:
        return f"{refused.message} ({_('offer')} {offer.code})"
    if code == ACCEPTED:
        return _("You have already accepted this offer. To cancel the booking, see My shifts.")
    if code == NOT_ELIGIBLE:
        return _(
            "You cannot take this shift under the working-time rules. Call the staffing centre: %(phone)s."
        ) % {"phone": settings.STAFFING_CENTRE_PHONE}
    return _("Your answer could not be registered. Call the staffing centre: %(phone)s.") % {
        "phone": settings.STAFFING_CENTRE_PHONE
    }
