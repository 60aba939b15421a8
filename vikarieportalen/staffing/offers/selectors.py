"""Offers (förfrågan): reads for the substitute, the start page and the staffing centre."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.notifications.selectors import message_by_key
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.models import Offer, OfferSend, OfferStatus, Shift
from vikarieportalen.staffing.offers import rules as offer_rules
from vikarieportalen.staffing.offers.notify import offer_sms_key

RECENT_DAYS = 30
RECENT_SHOWN = 20


def route_settings() -> offer_rules.RouteSettings:
    return offer_rules.RouteSettings(
        same_day_as_offer=settings.OFFER_SAME_DAY_AS_OFFER,
        short_shift_minutes=settings.OFFER_SHORT_SHIFT_MINUTES,
    )


def offer_route_for(*, shift: Shift, now: dt.datetime | None = None) -> offer_rules.Route:
    """The rule of thumb for ``shift``: send it as an offer, or book directly."""
    return offer_rules.offer_or_direct(
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        now=now or timezone.now(),
        settings=route_settings(),
    )


def offer_candidates_for(*, shift: Shift) -> tuple[list[User], set[int]]:
    """Who may take ``shift`` right now (every rule), ranked, and the ids of everyone offered it before."""
    eligible, _excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=0)
    offered = set(Offer.objects.filter(shift=shift).values_list("substitute_id", flat=True))
    return [candidate.substitute for candidate in eligible], offered


def offer_list_open_for(*, substitute: User, now: dt.datetime | None = None) -> QuerySet[Offer]:
    """The substitute's offers still waiting for an answer, the one that closes first first."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(substitute=substitute, status=OfferStatus.OPEN, expires_at__gt=now)
        .select_related("shift__workplace")
        .order_by("expires_at", "pk")
    )


@dataclass(frozen=True)
class OpenOffer:
    """What the start page shows of an offer waiting for an answer: a single offer, or the open
    shifts of one series offer (in time order) as one item, answered on the series' own page."""

    offers: list[Offer]

    @property
    def first(self) -> Offer:
        return self.offers[0]

    @property
    def last(self) -> Offer:
        return self.offers[-1]

    @property
    def series_key(self) -> str:
        return self.first.series_key


SERIES_READ = 200  # open offers read to group (a series offer has at most five weeks of shifts)
# What the start page shows of an open offer: the only columns it reads.
PANEL_FIELDS = (
    "token",
    "series_key",
    "expires_at",
    "shift__starts_at",
    "shift__ends_at",
    "shift__workplace__name",
)


@dataclass(frozen=True)
class OpenOffers:
    """The start page's open offers: the first items, and how many offers wait in all (the bottom
    bar's count) when the one read saw every one of them, else None (then counted on its own)."""

    items: list[OpenOffer]
    count: int | None


def offer_open_summary_for(*, substitute: User, limit: int, now: dt.datetime | None = None) -> OpenOffers:
    """The first ``limit`` items of the substitute's open offers, each series offer once, the one
    that closes first first; with their number, from the same query (one query, not two). Every
    substitute's start page reads it: only the columns the panel shows are read."""
    read = list(offer_list_open_for(substitute=substitute, now=now).only(*PANEL_FIELDS)[: SERIES_READ + 1])
    groups: dict[str, list[Offer]] = {}
    for offer in read[:SERIES_READ]:
        groups.setdefault(offer.series_key or f"single:{offer.pk}", []).append(offer)
    items = [OpenOffer(sorted(group, key=lambda o: (o.shift.starts_at, o.pk))) for group in groups.values()]
    return OpenOffers(items=items[:limit], count=len(read) if len(read) <= SERIES_READ else None)


def offer_count_open_for(substitute: User) -> int:
    """How many offers wait for the substitute's answer (the count on the phone's bottom bar)."""
    return offer_list_open_for(substitute=substitute).count()


def offer_list_recent_for(*, substitute: User, now: dt.datetime | None = None) -> QuerySet[Offer]:
    """The substitute's offers of the last 30 days that are no longer open, newest first."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(substitute=substitute, created_at__gte=now - dt.timedelta(days=RECENT_DAYS))
        .exclude(status=OfferStatus.OPEN, expires_at__gt=now)
        .select_related("shift__workplace")
        .order_by("-created_at", "-pk")[:RECENT_SHOWN]
    )


def offer_get_for_substitute(*, substitute: User, token: str, related: bool = True) -> Offer:
    """The offer behind a short link, only for its own substitute (Offer.DoesNotExist otherwise);
    with its shift, workplace and send-out unless ``related`` is False (an answer reads the offer's
    own row only: the accept reads the shift again under its lock)."""
    offers = Offer.objects.select_related("shift__workplace", "send") if related else Offer.objects
    return offers.get(token=token, substitute=substitute)


def offer_send_list() -> QuerySet[OfferSend]:
    """Send-outs, newest first, with counts per status."""
    return (
        OfferSend.objects.select_related("created_by")
        .annotate(
            offer_count=Count("offers"),
            open_count=Count("offers", filter=Q(offers__status=OfferStatus.OPEN)),
            accepted_count=Count("offers", filter=Q(offers__status=OfferStatus.ACCEPTED)),
            declined_count=Count("offers", filter=Q(offers__status=OfferStatus.DECLINED)),
            shift_count=Count("offers__shift", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Recipient:
    """One person offered a shift: their answer and what became of the offer SMS."""

    offer: Offer
    answer: str  # an OfferStatus value; an open offer past its time is "expired"
    sms: offer_rules.SmsDelivery

    @property
    def may_resend(self) -> bool:
        return offer_rules.sms_resend_refusal(answer_state=self.answer, sms=self.sms.state) is None

    @property
    def sms_missed(self) -> bool:
        """The person is waited for but got no SMS: send it again or pick someone else."""
        return self.answer == OfferStatus.OPEN and self.sms.state in (
            offer_rules.SmsState.FAILED,
            offer_rules.SmsState.NONE,
        )

    @property
    def answer_label(self) -> str:
        return str(OfferStatus(self.answer).label)


def offer_recipients(*, offers: Sequence[Offer], now: dt.datetime | None = None) -> list[Recipient]:
    """Each offer with its answer and its SMS's delivery state: one query for all the SMS."""
    now = now or timezone.now()
    messages = message_by_key(idempotency_keys=[offer_sms_key(offer) for offer in offers])
    recipients = []
    for offer in offers:
        message = messages.get(offer_sms_key(offer))
        recipients.append(
            Recipient(
                offer=offer,
                answer=offer_rules.offer_answer_state(
                    status=offer.status, expires_at=offer.expires_at, now=now
                ),
                sms=offer_rules.sms_delivery(
                    status=message.status if message else None,
                    next_attempt_at=message.next_attempt_at if message else None,
                    sent_at=message.sent_at if message else None,
                    last_error=message.last_error if message else "",
                    now=now,
                ),
            )
        )
    return recipients


@dataclass
class SendShift:
    shift: Shift
    offers: list[Offer] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)

    @property
    def winner(self) -> Offer | None:
        return next((offer for offer in self.offers if offer.status == OfferStatus.ACCEPTED), None)


@dataclass(frozen=True)
class SendDetail:
    send: OfferSend
    shifts: list[SendShift]
    summary: offer_rules.SmsSummary

    @property
    def open_count(self) -> int:
        return sum(1 for group in self.shifts for offer in group.offers if offer.status == OfferStatus.OPEN)


def offer_send_detail(*, send_id: int, now: dt.datetime | None = None) -> SendDetail:
    """A send-out, its offers grouped by shift with each recipient's answer and SMS delivery state,
    and the summary of its SMS (OfferSend.DoesNotExist if there is none). Three queries."""
    send = OfferSend.objects.select_related("created_by").get(pk=send_id)
    offers = list(
        Offer.objects.filter(send=send)
        .select_related("shift__workplace", "substitute")
        .order_by("shift__starts_at", "shift_id", "round", "pk")
    )
    recipients = offer_recipients(offers=offers, now=now)
    groups: dict[int, SendShift] = {}
    for recipient in recipients:
        group = groups.setdefault(recipient.offer.shift_id, SendShift(shift=recipient.offer.shift))
        group.offers.append(recipient.offer)
        group.recipients.append(recipient)
    return SendDetail(
        send=send,
        shifts=list(groups.values()),
        summary=offer_rules.sms_summary(recipient.sms for recipient in recipients),
    )


def offer_list_for_shift(*, shift: Shift) -> QuerySet[Offer]:
    return Offer.objects.filter(shift=shift).select_related("substitute").order_by("round", "pk")


@dataclass(frozen=True)
class ShiftRecipients:
    recipients: list[Recipient]
    summary: offer_rules.SmsSummary


def offer_shift_recipients(*, shift: Shift, now: dt.datetime | None = None) -> ShiftRecipients:
    """Everyone offered ``shift`` (every send-out), with their answer and SMS state. Two queries."""
    recipients = offer_recipients(offers=list(offer_list_for_shift(shift=shift)), now=now)
    return ShiftRecipients(
        recipients=recipients, summary=offer_rules.sms_summary(recipient.sms for recipient in recipients)
    )
