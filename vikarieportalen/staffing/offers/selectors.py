"""Offers (förfrågan): reads for the substitute, the start page and the staffing centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.models import Offer, OfferSend, OfferStatus, Shift
from vikarieportalen.staffing.offers import rules as offer_rules

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


def offer_list_recent_for(*, substitute: User, now: dt.datetime | None = None) -> QuerySet[Offer]:
    """The substitute's offers of the last 30 days that are no longer open, newest first."""
    now = now or timezone.now()
    return (
        Offer.objects.filter(substitute=substitute, created_at__gte=now - dt.timedelta(days=RECENT_DAYS))
        .exclude(status=OfferStatus.OPEN, expires_at__gt=now)
        .select_related("shift__workplace")
        .order_by("-created_at", "-pk")[:RECENT_SHOWN]
    )


def offer_get_for_substitute(*, substitute: User, token: str) -> Offer:
    """The offer behind a short link, only for its own substitute (Offer.DoesNotExist otherwise)."""
    return Offer.objects.select_related("shift__workplace", "send").get(token=token, substitute=substitute)


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


@dataclass
class SendShift:
    shift: Shift
    offers: list[Offer] = field(default_factory=list)

    @property
    def winner(self) -> Offer | None:
        return next((offer for offer in self.offers if offer.status == OfferStatus.ACCEPTED), None)


def offer_send_detail(*, send_id: int) -> tuple[OfferSend, list[SendShift]]:
    """A send-out and its offers grouped by shift (OfferSend.DoesNotExist if there is none)."""
    send = OfferSend.objects.select_related("created_by").get(pk=send_id)
    offers = (
        Offer.objects.filter(send=send)
        .select_related("shift__workplace", "substitute")
        .order_by("shift__starts_at", "shift_id", "round", "pk")
    )
    groups: dict[int, SendShift] = {}
    for offer in offers:
        groups.setdefault(offer.shift_id, SendShift(shift=offer.shift)).offers.append(offer)
    return send, list(groups.values())


def offer_list_for_shift(*, shift: Shift) -> QuerySet[Offer]:
    return Offer.objects.filter(shift=shift).select_related("substitute").order_by("round", "pk")
