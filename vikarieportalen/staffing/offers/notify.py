"""Offers (förfrågan): the SMS to substitutes, in each recipient's language.

Every SMS is recorded in the notifications outbox in the caller's transaction and delivered after
commit, with an idempotency key, so a rolled-back send or answer never sends one. Messages about a
shift follow the urgency rule (``message_urgent_for``): a shift this morning goes at once, one in
11 days waits for quiet hours to end.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vikarieportalen.accounts.models import User
from vikarieportalen.core.time import clock_text, date_text
from vikarieportalen.notifications.rules import sms_text_check
from vikarieportalen.notifications.selectors import Dispatch, message_dispatch
from vikarieportalen.notifications.services import (
    in_recipient_language,
    message_send_sms,
    message_urgent_for,
)
from vikarieportalen.staffing.booking import facts
from vikarieportalen.staffing.models import Offer, OfferSend, Shift

logger = logging.getLogger(__name__)

SMS_KIND_OFFER = "staffing_offer"
SMS_KIND_OFFER_CLOSED = "staffing_offer_closed"
SMS_KIND_OFFER_REPLY = "staffing_offer_reply"
SMS_KIND_OFFER_SERIES = "staffing_offer_series"


def offer_sms_key(offer: Offer) -> str:
    """The outbox idempotency key of the offer SMS itself: a series offer's one SMS for all its offers."""
    if offer.series_key:
        return f"staffing:offer-series:{offer.series_key}:sent"
    return f"staffing:offer:{offer.pk}:sent"


def offers_sms_dispatch(offers: Sequence[Offer]) -> Dispatch:
    """Whether the offers' SMS go now or wait for the morning (for the page and the next round)."""
    return message_dispatch(idempotency_keys=[offer_sms_key(offer) for offer in offers])


def offer_withdrawn_sms_key(offer: Offer) -> str:
    """The key of the SMS telling that ``offer`` was withdrawn. A series offer's shifts withdrawn
    together get one SMS, keyed by the first of them (``offers_withdrawn_groups``); shifts of the same
    series withdrawn later get an SMS of their own, as their first offer differs."""
    if offer.series_key:
        return f"staffing:offer-series:{offer.series_key}:withdrawn:{offer.pk}"
    return f"staffing:offer:{offer.pk}:withdrawn"


def offers_withdrawn_groups(offers: Sequence[Offer]) -> list[list[Offer]]:
    """The withdrawn ``offers`` as the SMS that tell of them: each single offer alone, the shifts of
    one series offer together (in time order), in the order the offers came."""
    groups: dict[str, list[Offer]] = {}
    for offer in offers:
        groups.setdefault(offer.series_key or f"single:{offer.pk}", []).append(offer)
    return [sorted(group, key=lambda o: (o.shift.starts_at, o.pk)) for group in groups.values()]


def offers_closed_dispatch(*, send: OfferSend, offer: Offer | None) -> Dispatch:
    """Whether the SMS telling that ``offer`` (None: the send's offers) was withdrawn go now or wait."""
    offers = [offer] if offer is not None else list(send.offers.all())
    return message_dispatch(idempotency_keys=[offer_withdrawn_sms_key(item) for item in offers])


def offer_link(offer: Offer) -> str:
    return f"{settings.PUBLIC_URL}/f/{offer.token}/"


def offer_series_link(series_key: str) -> str:
    """The one link of a series offer: the page listing its shifts (/f/s/<key>/)."""
    return f"{settings.PUBLIC_URL}/f/s/{series_key}/"


def _when(shift: Shift) -> dict[str, str]:
    starts = facts.local(shift.starts_at)
    return {
        "date": date_text(starts.date(), "WEEKDAY_DAY_FORMAT"),
        "start": clock_text(starts),
        "end": clock_text(shift.ends_at),
        "workplace": shift.workplace.name,
    }


def offer_sms_text(*, offer: Offer, answer_by: dt.datetime | None) -> str:
    """The offer SMS in the active language: the shift, how to answer, the personal link."""
    values = {**_when(offer.shift), "code": offer.code, "link": offer_link(offer)}
    text = (
        _(
            "Offer %(code)s: %(date)s %(start)s-%(end)s at %(workplace)s. "
            "Reply YES %(code)s or NO %(code)s, or open %(link)s"
        )
        % values
    )
    if answer_by is not None:
        text += " " + _("Answer by %(when)s.") % {
            "when": date_text(answer_by, "DAY_TIME_FORMAT"),
        }
    return text


def offer_sms_text_short(*, offer: Offer) -> str:
    """For long workplace names: the same without the workplace, still within the SMS limit."""
    values = {**_when(offer.shift), "code": offer.code, "link": offer_link(offer)}
    return (
        _(
            "Offer %(code)s: shift %(date)s %(start)s-%(end)s. "
            "Reply YES %(code)s or NO %(code)s, or open %(link)s"
        )
        % values
    )


def offer_taken_sms_text(*, offer: Offer) -> str:
    return _(
        "Sorry, the shift %(date)s %(start)s-%(end)s at %(workplace)s (offer %(code)s) is already filled."
    ) % {**_when(offer.shift), "code": offer.code}


def offer_withdrawn_sms_text(*, offer: Offer) -> str:
    return _(
        "The offer %(code)s (%(date)s %(start)s-%(end)s at %(workplace)s) has been withdrawn. "
        "No need to answer."
    ) % {**_when(offer.shift), "code": offer.code}


def offer_series_withdrawn_sms_text(*, offers: Sequence[Offer]) -> str:
    """One SMS for the shifts of a series offer withdrawn together (``offers`` in time order)."""
    first, last = offers[0], offers[-1]
    return ngettext(
        "The offer %(code)s (%(count)d shift at %(workplace)s, %(first)s to %(last)s) has been "
        "withdrawn. No need to answer.",
        "The offer %(code)s (%(count)d shifts at %(workplace)s, %(first)s to %(last)s) has been "
        "withdrawn. No need to answer.",
        len(offers),
    ) % {
        "code": first.code,
        "count": len(offers),
        "workplace": first.shift.workplace.name,
        "first": _day(first),
        "last": _day(last),
    }


def sms_record(
    *,
    user: User | None,
    to_number: str = "",
    key: str,
    kind: str,
    text: Callable[[], str],
    about: dt.datetime | None,
) -> None:
    """Record an SMS in this transaction, in the recipient's language; sent after commit.

    ``about``: the start of the shift the SMS is about; it decides whether the SMS is urgent. None
    for a reply to an SMS the person just sent: they are waiting for it, so it goes at once.
    """
    if user is not None and not user.mobile:
        logger.info("offer SMS %s: no mobile number", key)
        return
    with in_recipient_language(user):
        rendered = text()
    try:
        message_send_sms(
            text=rendered,
            kind=kind,
            idempotency_key=key,
            recipient=user,
            to_number=to_number,
            urgent=True if about is None else message_urgent_for(about=about),
        )
    except ValidationError:
        logger.warning("offer SMS %s could not be recorded", key, exc_info=True)


def offer_sms_send(offer: Offer, answer_by: dt.datetime | None) -> None:
    """The offer itself, shortened when the workplace's name would make it too long."""
    user = offer.substitute
    if not user.mobile:
        logger.info("offer %s: no mobile number, no SMS", offer.pk)
        return
    with in_recipient_language(user):
        text = offer_sms_text(offer=offer, answer_by=answer_by)
        try:
            sms_text_check(text, max_segments=settings.SMS_MAX_SEGMENTS)
        except ValidationError:
            text = offer_sms_text_short(offer=offer)
    sms_record(
        user=user,
        key=offer_sms_key(offer),
        kind=SMS_KIND_OFFER,
        text=lambda: text,
        about=offer.shift.starts_at,
    )


def offers_closed_tell(offers: Sequence[Offer], *, withdrawn: bool) -> None:
    """Tell each holder of a closed offer it was withdrawn or filled (setting OFFER_TELL_WHEN_CLOSED)."""
    if not settings.OFFER_TELL_WHEN_CLOSED:
        return
    if withdrawn:
        for group in offers_withdrawn_groups(offers):
            first = group[0]
            text = (
                partial(offer_series_withdrawn_sms_text, offers=group)
                if len(group) > 1
                else partial(offer_withdrawn_sms_text, offer=first)
            )
            sms_record(
                user=first.substitute,
                key=offer_withdrawn_sms_key(min(group, key=lambda o: o.pk)),
                kind=SMS_KIND_OFFER_CLOSED,
                text=text,
                about=first.shift.starts_at,
            )
        return
    for offer in offers:
        sms_record(
            user=offer.substitute,
            key=f"staffing:offer:{offer.pk}:taken",
            kind=SMS_KIND_OFFER_CLOSED,
            text=partial(offer_taken_sms_text, offer=offer),
            about=offer.shift.starts_at,
        )


# --- a series offer: every shift of a repeating need to one person, one SMS ----------------------


def _same_times(offers: Sequence[Offer]) -> bool:
    return len({(clock_text(o.shift.starts_at), clock_text(o.shift.ends_at)) for o in offers}) == 1


def offer_series_sms_text(*, offers: Sequence[Offer], list_days: bool = True) -> str:
    """The series offer SMS in the active language: how many shifts, where, when (each day, or the
    first and last when ``list_days`` is False), the one number to answer with and the one link."""
    first, last = offers[0], offers[-1]
    values = {
        "count": len(offers),
        "code": first.code,
        "workplace": first.shift.workplace.name,
        "link": offer_series_link(first.series_key),
        "first": date_text(facts.local(first.shift.starts_at).date(), "WEEKDAY_DAY_FORMAT"),
        "last": date_text(facts.local(last.shift.starts_at).date(), "WEEKDAY_DAY_FORMAT"),
    }
    if list_days and _same_times(offers):
        days = ", ".join(
            date_text(facts.local(o.shift.starts_at).date(), "WEEKDAY_DAY_FORMAT") for o in offers
        )
        when = _("%(start)s-%(end)s: %(days)s") % {
            "start": clock_text(first.shift.starts_at),
            "end": clock_text(first.shift.ends_at),
            "days": days,
        }
    else:
        when = _("%(first)s to %(last)s") % values
    text = ngettext(
        "Offer %(code)s: %(count)d shift at %(workplace)s, %(when)s.",
        "Offer %(code)s: %(count)d shifts at %(workplace)s, %(when)s.",
        len(offers),
    ) % {**values, "when": when}
    return " ".join(
        [
            text,
            _("Reply YES %(code)s for all of them or NO %(code)s, or choose some at %(link)s") % values,
        ]
    )


def offer_series_sms_send(offers: Sequence[Offer]) -> None:
    """The one SMS of a series offer (``offers`` in time order), shortened to the first and last
    day when every day would make it longer than ``SMS_MAX_SEGMENTS`` parts."""
    user = offers[0].substitute
    if not user.mobile:
        logger.info("series offer %s: no mobile number, no SMS", offers[0].send_id)
        return
    with in_recipient_language(user):
        text = offer_series_sms_text(offers=offers)
        try:
            sms_text_check(text, max_segments=settings.SMS_MAX_SEGMENTS)
        except ValidationError:
            text = offer_series_sms_text(offers=offers, list_days=False)
    sms_record(
        user=user,
        key=offer_sms_key(offers[0]),
        kind=SMS_KIND_OFFER_SERIES,
        text=lambda: text,
        about=offers[0].shift.starts_at,
    )


def _day(offer: Offer) -> str:
    return date_text(facts.local(offer.shift.starts_at).date(), "WEEKDAY_DAY_FORMAT")


def offer_series_answer_text(
    *, code: str, booked: Sequence[Offer], refused: Sequence[tuple[Offer, str]]
) -> str:
    """The answer to "JA 4711" on a series offer, in the active language: the shifts booked and
    those that were not, each with a short reason (already filled, expired, a rule …)."""
    parts = []
    if booked:
        first = booked[0]
        parts.append(
            ngettext(
                "Booked (offer %(code)s): %(count)d shift at %(workplace)s, %(start)s-%(end)s: %(days)s.",
                "Booked (offer %(code)s): %(count)d shifts at %(workplace)s, %(start)s-%(end)s: %(days)s.",
                len(booked),
            )
            % {
                "code": code,
                "count": len(booked),
                "workplace": first.shift.workplace.name,
                "start": clock_text(first.shift.starts_at),
                "end": clock_text(first.shift.ends_at),
                "days": ", ".join(_day(offer) for offer in booked),
            }
        )
    else:
        parts.append(_("Offer %(code)s: no shift could be booked.") % {"code": code})
    if refused:
        parts.append(
            _("Not booked: %(days)s.")
            % {"days": ", ".join(f"{_day(offer)} ({reason})" for offer, reason in refused)}
        )
    parts.append(_("See My shifts. /Vikarieportalen") if booked else _("/Vikarieportalen"))
    return " ".join(parts)
