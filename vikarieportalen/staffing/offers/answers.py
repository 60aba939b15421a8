"""Offers (förfrågan): the substitute's answer, yes or no, by the web or SMS.

The first acceptance wins, exactly once, over the web and SMS together: ``offer_accept`` locks the
shift row first (``SELECT … FOR UPDATE``), then the offer and the shift's other open offers, then
books through ``booking.services.booking_create`` with ``shift_locked`` (which checks every rule
again, so eligibility is checked at the moment of acceptance) and, in the same transaction, marks
the winner ACCEPTED and every other open offer of that shift TAKEN (one UPDATE); the audit rows and
the SMS are written together at the end (``audit_batched``, ``messages_batched``). A second
acceptance waits for the lock and then sees TAKEN. The database has the last word too: one active
booking per shift, one accepted offer per shift.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_batched, audit_record
from vikarieportalen.core.time import date_text
from vikarieportalen.notifications.services import messages_batched
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking import facts
from vikarieportalen.staffing.booking.services import (
    BookingRefused,
    booking_create,
    shift_lock_for_booking,
)
from vikarieportalen.staffing.models import Booking, BookingSource, Offer, OfferChannel, OfferStatus, Shift
from vikarieportalen.staffing.offers.notify import offers_closed_tell
from vikarieportalen.staffing.offers.services import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    NOT_ELIGIBLE,
    TAKEN,
    WITHDRAWN,
    OfferRefused,
    user_may_staff,
)


def taken_text() -> str:
    return _("Sorry, the shift is already filled.")


def refusal_for_status(offer: Offer, now: dt.datetime) -> OfferRefused | None:
    """Why ``offer`` can no longer be answered (taken, withdrawn, declined, expired), or None."""
    if offer.status == OfferStatus.TAKEN:
        return OfferRefused(TAKEN, taken_text())
    if offer.status == OfferStatus.WITHDRAWN:
        return OfferRefused(WITHDRAWN, _("The staffing centre has withdrawn this offer."))
    if offer.status == OfferStatus.DECLINED:
        return OfferRefused(DECLINED, _("You have already declined this offer."))
    if offer.status == OfferStatus.EXPIRED or offer.expires_at <= now:
        return OfferRefused(
            EXPIRED,
            _("The offer expired %(when)s.") % {"when": date_text(offer.expires_at, "DAY_TIME_FORMAT")},
        )
    return None


@dataclass
class _Outcome:
    offer: Offer
    refused: OfferRefused | None = None


def _close_others(*, shift: Shift, winner_id: int | None, status: str) -> None:
    still_open = Offer.objects.filter(shift=shift, status=OfferStatus.OPEN)
    if winner_id is not None:
        still_open = still_open.exclude(pk=winner_id)
    others = list(still_open.select_related("substitute", "shift__workplace"))
    if not others:
        return
    Offer.objects.filter(pk__in=[o.pk for o in others]).update(status=status)
    offers_closed_tell(others, withdrawn=status == OfferStatus.WITHDRAWN)


def _audit_answer(offer: Offer, *, by: User, answer: str) -> None:
    audit_record(
        kind=StaffingAuditKind.OFFER_ANSWERED,
        user=offer.substitute,
        actor=by if by.pk != offer.substitute_id else None,
        offer=offer.pk,
        shift=offer.shift_id,
        answer=answer,
        channel=offer.channel,
        booking=offer.booking_id,
    )


def _booking_refused(offer: Offer, shift: Shift, refusal: BookingRefused) -> _Outcome:
    """What a refused booking means for the offer: the shift is gone (close the offers) or the
    substitute may not take it now (the offer stays open)."""
    if facts.SHIFT_TAKEN in refusal.codes:
        _close_others(shift=shift, winner_id=None, status=OfferStatus.TAKEN)
        return _Outcome(offer, OfferRefused(TAKEN, taken_text()))
    if facts.SHIFT_CANCELLED in refusal.codes:
        _close_others(shift=shift, winner_id=None, status=OfferStatus.WITHDRAWN)
        return _Outcome(offer, OfferRefused(WITHDRAWN, _("The shift is cancelled.")))
    if facts.SHIFT_ENDED in refusal.codes:
        Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.EXPIRED)
        return _Outcome(offer, OfferRefused(EXPIRED, _("The shift has already ended.")))
    # No longer eligible (rest, availability, qualification …): the offer stays open.
    reasons = _("You cannot take this shift: %(reasons)s") % {"reasons": refusal.message}
    return _Outcome(offer, OfferRefused(NOT_ELIGIBLE, reasons))


def _lock_shift_and_offers(seen: Offer) -> tuple[Shift, Offer, list[Offer]]:
    """Lock the offer's shift, then (in pk order) the offer and every other open offer of that
    shift: the ones an acceptance closes. Returns the shift, the offer and those others."""
    shift = shift_lock_for_booking(shift_id=seen.shift_id)
    locked = list(
        Offer.objects.select_for_update(of=("self",))
        .select_related("substitute")
        .filter(Q(pk=seen.pk) | Q(shift_id=shift.pk, status=OfferStatus.OPEN))
        .order_by("pk")
    )
    offer = next(o for o in locked if o.pk == seen.pk)
    for item in locked:
        item.shift = shift
    return shift, offer, [o for o in locked if o.pk != seen.pk and o.status == OfferStatus.OPEN]


# The winner (the first id) ACCEPTED, answered now by the channel, with its booking; the others TAKEN.
_ACCEPT_SQL = """
UPDATE staffing_offer SET
    status = CASE WHEN id = %s THEN %s ELSE %s END,
    responded_at = CASE WHEN id = %s THEN %s ELSE responded_at END,
    channel = CASE WHEN id = %s THEN %s ELSE channel END,
    booking_id = CASE WHEN id = %s THEN %s ELSE booking_id END
WHERE id IN """


def _accept_write(
    offer: Offer, others: list[Offer], *, booking: Booking, channel: str, now: dt.datetime
) -> None:
    """The winner ACCEPTED with its booking and the others TAKEN, in one UPDATE (plain SQL: the
    ORM's four CASE expressions cost more to build than to run); the others told."""
    ids = [offer.pk, *(o.pk for o in others)]
    with connection.cursor() as cursor:
        cursor.execute(
            _ACCEPT_SQL + f"({', '.join(['%s'] * len(ids))})",
            [
                offer.pk,
                OfferStatus.ACCEPTED.value,
                OfferStatus.TAKEN.value,
                offer.pk,
                connection.ops.adapt_datetimefield_value(now),
                offer.pk,
                channel,
                offer.pk,
                booking.pk,
                *ids,
            ],
        )
    offer.status, offer.responded_at, offer.channel, offer.booking = (
        OfferStatus.ACCEPTED,
        now,
        channel,
        booking,
    )
    for other in others:
        other.status = OfferStatus.TAKEN
    offers_closed_tell(others, withdrawn=False)


@transaction.atomic
def _accept_locked(*, seen: Offer, by: User, channel: str, sms: bool = True) -> _Outcome:
    """Accept ``seen`` (as read just before, in this request): lock its shift and its shift's open
    offers, check again, book. Audit rows and SMS are written together at the end."""
    now = timezone.now()
    if by.pk != seen.substitute_id and not user_may_staff(by):
        raise PermissionDenied("Only the substitute answers their offer.")
    if seen.status not in (OfferStatus.OPEN, OfferStatus.ACCEPTED):
        # Closed for good (no offer opens again): refuse without waiting for the shift's lock.
        return _Outcome(seen, refusal_for_status(seen, now))
    # The SMS keys are new: the booking is made here, and an offer becomes TAKEN only once.
    with audit_batched(), messages_batched(new_keys=True):
        shift, offer, others = _lock_shift_and_offers(seen)
        if offer.status == OfferStatus.ACCEPTED:
            return _Outcome(offer)  # a second click, or the gateway posting the same reply again
        refused = refusal_for_status(offer, now)
        if refused is not None:
            if refused.code == EXPIRED and offer.status == OfferStatus.OPEN:
                Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.EXPIRED)
            return _Outcome(offer, refused)
        try:
            booking = booking_create(
                shift=shift,
                substitute=offer.substitute,
                by=by,
                source=BookingSource.OFFER,
                sms=sms,
                shift_locked=True,
                savepoint=False,
            )
        except BookingRefused as refusal:
            if refusal.transaction_broken:
                # The database's constraint refused the booking: this transaction is over.
                raise OfferRefused(TAKEN, taken_text()) from refusal
            return _booking_refused(offer, shift, refusal)
        _accept_write(offer, others, booking=booking, channel=channel, now=now)
        _audit_answer(offer, by=by, answer="accepted")
    return _Outcome(offer)


def offer_accept(*, offer: Offer, by: User, channel: str = OfferChannel.WEB) -> Offer:
    """Accept ``offer``: the substitute gets the shift unless someone was first, the offer is over,
    or a rule now stops it (``OfferRefused`` with the reason; nothing booked). Accepting an offer
    one already holds returns it unchanged, so a double click or a repeated SMS books once.

    ``offer`` is read by the caller just before (its status lets a closed offer be refused without
    waiting for the shift's lock; an open one is read again under the lock)."""
    if by.pk != offer.substitute_id and not user_may_staff(by):
        raise PermissionDenied("Only the substitute answers their offer.")
    closed = offer.status not in (OfferStatus.OPEN, OfferStatus.ACCEPTED)
    if closed and (refused := refusal_for_status(offer, timezone.now())) is not None:
        raise refused  # closed for good: no transaction, no lock
    outcome = _accept_locked(seen=offer, by=by, channel=channel)
    if outcome.refused is not None:
        raise outcome.refused
    return outcome.offer


@transaction.atomic
def offer_decline(*, offer: Offer, by: User, channel: str = OfferChannel.WEB) -> Offer:
    """Say no to ``offer``. Declining twice is harmless; an offer no longer open is refused."""
    locked = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("substitute", "shift__workplace")
        .get(pk=offer.pk)
    )
    if by.pk != locked.substitute_id and not user_may_staff(by):
        raise PermissionDenied("Only the substitute answers their offer.")
    if locked.status == OfferStatus.DECLINED:
        return locked
    if locked.status == OfferStatus.ACCEPTED:
        raise OfferRefused(
            ACCEPTED, _("You have already accepted this offer. To cancel the booking, see My shifts.")
        )
    now = timezone.now()
    refused = refusal_for_status(locked, now)
    if refused is not None:
        raise refused
    locked.status = OfferStatus.DECLINED
    locked.responded_at = now
    locked.channel = channel
    locked.save(update_fields=["status", "responded_at", "channel"])
    _audit_answer(locked, by=by, answer="declined")
    return locked


# --- a series offer: every shift of a repeating need to one person -------------------------------


@dataclass
class SeriesAnswer:
    """What came of answering a series offer: the offers accepted (booked) and those refused."""

    accepted: list[Offer] = field(default_factory=list)
    refused: list[tuple[Offer, OfferRefused]] = field(default_factory=list)


def offer_series_list(*, series_key: str, substitute: User) -> list[Offer]:
    """The offers of one series offer to ``substitute``, first shift first (empty: none is theirs)."""
    if not series_key:
        return []
    return list(
        Offer.objects.filter(series_key=series_key, substitute=substitute)
        .select_related("shift__workplace", "substitute", "send")
        .order_by("shift__starts_at", "shift_id")
    )


def short_reason(refused: OfferRefused) -> str:
    """A refusal in a few words, for the one answer SMS of a series offer."""
    words = {
        TAKEN: _("already filled"),
        EXPIRED: _("expired"),
        WITHDRAWN: _("withdrawn"),
        DECLINED: _("declined"),
        NOT_ELIGIBLE: _("working-time rules"),
    }
    return words.get(refused.code, _("not possible"))


@transaction.atomic
def offer_series_accept(
    *,
    series_key: str,
    by: User,
    substitute: User,
    channel: str = OfferChannel.WEB,
    offer_ids: Collection[int] | None = None,
) -> SeriesAnswer:
    """Accept the still open offers of a series offer (all, or those in ``offer_ids``), first
    shift first, each through the single offer's path (``_accept_locked``: the shift locked, every
    rule checked again with the shifts just booked counted, one booking per shift, the database's
    constraints as the last guard). A shift taken meanwhile, or one a rule now stops, is refused
    with its reason; the others are booked. No booking SMS per shift: an SMS answer gets one SMS
    listing what was booked and what was not (``sms.py``), the web page says it. Lock order as
    everywhere: shift → offer → user, the shifts in time order.
    """
    offers = [
        offer
        for offer in offer_series_list(series_key=series_key, substitute=substitute)
        if offer.status == OfferStatus.OPEN and (offer_ids is None or offer.pk in offer_ids)
    ]
    result = SeriesAnswer()
    for offer in offers:
        try:
            outcome = _accept_locked(seen=offer, by=by, channel=channel, sms=False)
        except OfferRefused as refused:  # the database refused the booking: that savepoint is undone
            result.refused.append((offer, refused))
            continue
        if outcome.refused is None:
            result.accepted.append(outcome.offer)
        else:
            result.refused.append((outcome.offer, outcome.refused))
    return result


@transaction.atomic
def offer_series_decline(
    *, series_key: str, by: User, substitute: User, channel: str = OfferChannel.WEB
) -> list[Offer]:
    """Say no to every still open offer of a series offer; each through ``offer_decline``."""
    declined = []
    for offer in offer_series_list(series_key=series_key, substitute=substitute):
        if offer.status == OfferStatus.OPEN and offer.expires_at > timezone.now():
            declined.append(offer_decline(offer=offer, by=by, channel=channel))
    return declined
