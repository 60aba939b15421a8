"""Offers (förfrågan): the scheduler's jobs, expiry and automatic rounds (registered in staffing/apps.py).

Both are idempotent: running one twice, or late, does no harm.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.models import BookingStatus, Offer, OfferSend, OfferStatus, Shift, ShiftStatus
from vikarieportalen.staffing.offers import rules as offer_rules
from vikarieportalen.staffing.offers.selectors import offer_candidates_for
from vikarieportalen.staffing.offers.services import offers_create, offers_round_went_at


@transaction.atomic
def offers_expire(*, now: dt.datetime | None = None) -> int:
    """Job: close open offers past their time, and those whose shift was booked directly or cancelled."""
    now = now or timezone.now()
    expired = Offer.objects.filter(status=OfferStatus.OPEN, expires_at__lte=now).update(
        status=OfferStatus.EXPIRED
    )
    booked = Offer.objects.filter(
        status=OfferStatus.OPEN,
        shift__bookings__status=BookingStatus.ACTIVE,
    ).values("pk")
    taken = Offer.objects.filter(pk__in=booked).update(status=OfferStatus.TAKEN)
    cancelled = Offer.objects.filter(status=OfferStatus.OPEN, shift__status=ShiftStatus.CANCELLED).update(
        status=OfferStatus.WITHDRAWN
    )
    return expired + taken + cancelled


def _open_shifts_of(send: OfferSend, now: dt.datetime) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(offers__send=send, status=ShiftStatus.ACTIVE, starts_at__gt=now)
        .exclude(bookings__status=BookingStatus.ACTIVE)
        .distinct()
    )


@transaction.atomic
def _offer_round_run(*, send_id: int, now: dt.datetime) -> int:
    send = (
        OfferSend.objects.select_for_update(skip_locked=True)
        .filter(pk=send_id, next_round_at__lte=now)
        .first()
    )
    if send is None or send.auto_round_size is None or send.auto_round_minutes is None:
        return 0
    shift_ids = list(_open_shifts_of(send, now).values_list("pk", flat=True))
    shifts = list(
        Shift.objects.select_for_update(of=("self",))
        .select_related("workplace")
        .filter(pk__in=shift_ids)
        .order_by("pk")
    )
    picks: list[tuple[Shift, User]] = []
    for shift in shifts:
        eligible, offered = offer_candidates_for(shift=shift)
        fresh = [user for user in eligible if user.pk not in offered][: send.auto_round_size]
        picks.extend((shift, user) for user in fresh)
    send.rounds += 1
    made = offers_create(send=send, picks=picks, round_number=send.rounds, answer_by=send.expires_at, by=None)
    send.next_round_at = (
        offer_rules.next_round_at(
            last_round_at=offers_round_went_at(made, now=now),
            round_minutes=send.auto_round_minutes,
            latest_start=max(shift.starts_at for shift in shifts),
        )
        if shifts
        else None
    )
    if not made:
        send.rounds -= 1  # nobody new to ask: not a round
    send.save(update_fields=["rounds", "next_round_at"])
    return len(made)


def offer_rounds_run(*, now: dt.datetime | None = None) -> int:
    """Job: for sends with automatic rounds whose time has come, offer each shift nobody has taken to
    the next candidates not yet asked. Each send in its own transaction; returns offers made."""
    now = now or timezone.now()
    due = list(
        OfferSend.objects.filter(next_round_at__lte=now)
        .order_by("next_round_at")
        .values_list("pk", flat=True)
    )
    return sum(_offer_round_run(send_id=send_id, now=now) for send_id in due)
