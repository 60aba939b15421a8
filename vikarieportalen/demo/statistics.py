"""Demo data for *Statistik*: when needs were registered and booked, answered offers, cancellations.

The staffing demo writes its shifts and bookings in bulk, all "registered" the moment the demo was
built, so the time from need to booking would be zero. This builder gives each demo shift a
registration one to twelve days before it starts (never in the future) and each booking a moment
after that (hours to a few days, before the start). For a share of the past booked shifts it adds
the offers that led to the booking (the booked substitute accepted, one or two others declined or
let it expire), and for a few a booking cancelled earlier by the substitute, the workplace's
manager or the staffing centre; a third of the past needs nobody took are withdrawn by the manager or
the staffing centre.

Deterministic (a seed per shift) and idempotent: a shift already moved back, or with offers or a
cancelled booking, is left alone. Written in bulk, without SMS or audit events, like the rest.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import DAYS_BACK, Count
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Introduction,
    Offer,
    OfferChannel,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftStatus,
    Workplace,
)

STAFF = "LILE7514"
OFFER_SHARE = 0.45
CANCELLED_SHARE = 0.1
WITHDRAWN_SHARE = 0.3  # of the past needs nobody was booked for
WITHDRAWN_NOTE = "Behovet återkallades (demo)."


def _rng(shift: Shift, what: str) -> random.Random:
    return random.Random(f"statistics-{what}-{shift.workplace_id}-{shift.starts_at.isoformat()}")  # noqa: S311


def _registration_times(now: dt.datetime, count: Count) -> None:
    """Shifts still "registered" after they were due to be get a registration before their start."""
    # Built in bulk: registered after (or just before) the start, or booked the same minute.
    booked_at_once = Booking.objects.filter(
        shift=OuterRef("pk"), created_at__lt=OuterRef("created_at") + dt.timedelta(minutes=1)
    )
    shifts = list(
        Shift.objects.filter(
            Q(created_at__gt=F("starts_at") - dt.timedelta(hours=2)) | Q(Exists(booked_at_once))
        ).only("pk", "workplace_id", "starts_at", "created_at")
    )
    bookings = {
        b.shift_id: b
        for b in Booking.objects.filter(shift__in=[s.pk for s in shifts]).only("pk", "shift_id", "created_at")
    }
    moved_bookings = []
    for shift in shifts:
        rng = _rng(shift, "registered")
        registered = shift.starts_at - dt.timedelta(days=rng.uniform(1, 12))
        shift.created_at = min(registered, now - dt.timedelta(hours=rng.uniform(1, 48)))
        booking = bookings.get(shift.pk)
        if booking is not None:
            booked = shift.created_at + dt.timedelta(hours=rng.lognormvariate(2.2, 1.0))
            booking.created_at = max(
                shift.created_at, min(booked, shift.starts_at - dt.timedelta(minutes=30), now)
            )
            moved_bookings.append(booking)
        count("shift registration times", True)
    Shift.objects.bulk_update(shifts, ["created_at"], batch_size=500)
    Booking.objects.bulk_update(moved_bookings, ["created_at"], batch_size=500)


def _others(
    workplace_id: int, leave_out: int, introduced: dict[int, list[int]], rng: random.Random
) -> list[int]:
    people = [p for p in introduced.get(workplace_id, []) if p != leave_out]
    return rng.sample(people, min(len(people), rng.randint(1, 3)))


def _offers_and_cancellations(staff: User | None, now: dt.datetime, count: Count) -> None:
    first = timezone.localdate() - dt.timedelta(days=DAYS_BACK)
    booked = list(
        Booking.objects.filter(
            status=BookingStatus.ACTIVE, shift__day__gte=first, starts_at__lt=now, offer__isnull=True
        )
        .exclude(shift__offers__isnull=False)
        .exclude(shift__bookings__status=BookingStatus.CANCELLED)
        .select_related("shift")
        .order_by("starts_at", "pk")
    )
    introduced: dict[int, list[int]] = {}
    for workplace_id, substitute_id in Introduction.objects.values_list("workplace_id", "substitute_id"):
        introduced.setdefault(workplace_id, []).append(substitute_id)
    managers = dict(Workplace.managers.through.objects.values_list("workplace_id", "user_id"))
    offers, cancelled = [], []
    for booking in booked:
        shift = booking.shift
        rng = _rng(shift, "offers")
        if rng.random() < OFFER_SHARE:
            offers.extend(
                _offers_for(
                    booking, _others(shift.workplace_id, booking.substitute_id, introduced, rng), staff, rng
                )
            )
            count("offers answered", True)
        elif rng.random() < CANCELLED_SHARE / (1 - OFFER_SHARE):
            others = _others(shift.workplace_id, booking.substitute_id, introduced, rng)
            if others:
                cancelled.append(_cancelled(booking, others[0], managers.get(shift.workplace_id), staff, rng))
                count("cancelled bookings", True)
    _create_keeping_times(Offer, offers)
    _create_keeping_times(Booking, cancelled)


def _create_keeping_times(model: type[Offer] | type[Booking], rows: list[Any]) -> None:
    """bulk_create stamps ``created_at`` with now (auto_now_add): put the planned times back."""
    planned = [row.created_at for row in rows]
    model.objects.bulk_create(rows, batch_size=500)
    for row, created_at in zip(rows, planned, strict=True):
        row.created_at = created_at
    model.objects.bulk_update(rows, ["created_at"], batch_size=500)


def _offers_for(booking: Booking, others: list[int], staff: User | None, rng: random.Random) -> list[Offer]:
    shift = booking.shift
    sent = max(shift.created_at, booking.created_at - dt.timedelta(minutes=rng.uniform(5, 240)))
    send = OfferSend.objects.create(created_by=staff, expires_at=shift.starts_at)
    OfferSend.objects.filter(pk=send.pk).update(created_at=sent)
    made = [
        Offer(
            send=send,
            shift=shift,
            substitute_id=booking.substitute_id,
            code=f"{rng.randint(1000, 9999)}",
            token=f"demostat{booking.pk}a",
            status=OfferStatus.ACCEPTED,
            created_at=sent,
            expires_at=shift.starts_at,
            responded_at=booking.created_at,
            channel=rng.choice([OfferChannel.SMS, OfferChannel.WEB]),
            booking=booking,
        )
    ]
    for n, substitute_id in enumerate(others):
        declined = rng.random() < 0.6
        made.append(
            Offer(
                send=send,
                shift=shift,
                substitute_id=substitute_id,
                code=f"{rng.randint(1000, 9999)}",
                token=f"demostat{booking.pk}o{n}",
                status=OfferStatus.DECLINED if declined else OfferStatus.TAKEN,
                created_at=sent,
                expires_at=shift.starts_at,
                responded_at=sent + dt.timedelta(minutes=rng.lognormvariate(3, 1)) if declined else None,
                channel=OfferChannel.SMS if declined else "",
            )
        )
    return made


def _cancelled(
    booking: Booking, substitute_id: int, manager_id: int | None, staff: User | None, rng: random.Random
) -> Booking:
    """A booking of the shift by someone else, cancelled before the one that holds it was made."""
    shift = booking.shift
    who = rng.choice(["substitute", "manager", "staff"])
    by = {"substitute": substitute_id, "manager": manager_id, "staff": staff.pk if staff else None}[who]
    made = shift.created_at + (booking.created_at - shift.created_at) / 3
    return Booking(
        shift=shift,
        substitute_id=substitute_id,
        workplace_id=shift.workplace_id,
        starts_at=booking.starts_at,
        ends_at=booking.ends_at,
        work_minutes=booking.work_minutes,
        status=BookingStatus.CANCELLED,
        source=booking.source,
        employment_form=booking.employment_form,
        created_at=made,
        cancelled_at=made + (booking.created_at - made) / 2,
        cancelled_by_id=by,
        cancel_reason="Kunde inte ta passet ändå." if who == "substitute" else "Ombokat.",
    )


def _withdrawn_needs(staff: User | None, now: dt.datetime, count: Count) -> None:
    first = timezone.localdate() - dt.timedelta(days=DAYS_BACK)
    open_past = Shift.objects.filter(
        status=ShiftStatus.ACTIVE, is_booked=False, day__gte=first, starts_at__lt=now
    ).filter(Q(reopened_by_booking__isnull=True))
    managers = dict(Workplace.managers.through.objects.values_list("workplace_id", "user_id"))
    withdrawn = []
    for shift in open_past.order_by("starts_at", "pk"):
        rng = _rng(shift, "withdrawn")
        if rng.random() >= WITHDRAWN_SHARE:
            continue
        shift.status = ShiftStatus.CANCELLED
        shift.cancelled_at = min(shift.starts_at - dt.timedelta(hours=rng.uniform(2, 30)), now)
        shift.cancelled_by_id = (
            managers.get(shift.workplace_id) if rng.random() < 0.6 else (staff.pk if staff else None)
        )
        shift.cancel_reason = WITHDRAWN_NOTE
        withdrawn.append(shift)
        count("needs withdrawn", True)
    Shift.objects.bulk_update(
        withdrawn, ["status", "cancelled_at", "cancelled_by", "cancel_reason"], batch_size=500
    )


def demo_statistics_build(*, count: Count) -> None:
    now = timezone.now()
    staff = User.objects.filter(username=STAFF).first()
    _registration_times(now, count)
    _offers_and_cancellations(staff, now, count)
    _withdrawn_needs(staff, now, count)
