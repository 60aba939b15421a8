"""Offers (förfrågan): sending shifts to chosen substitutes, answers by web and SMS, expiry, rounds.

Guarantees (see docs/offers.md):
- the first acceptance wins, exactly once, over the web and SMS together: ``offer_accept`` locks the
  shift row first (``SELECT … FOR UPDATE``), then the offer, then books through
  ``booking.booking_create`` (which checks every rule again, so eligibility is checked at the moment
  of acceptance) and, in the same transaction, marks the winner ACCEPTED and every other open offer
  of that shift TAKEN. A second acceptance waits for the lock and then sees TAKEN. The database has
  the last word too: one active booking per shift, one accepted offer per shift;
- every SMS is written to the outbox in the same transaction and delivered after commit;
- a refusal (expired, withdrawn, taken, declined) changes nothing except recording what the
  refusal found out (an offer found expired is marked so).

Lock order everywhere: offer send → shift → offer → user.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.roles import Role
from vikarieportalen.audit.services import audit_record
from vikarieportalen.notifications.rules import sms_text_check
from vikarieportalen.notifications.services import message_send_sms
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking import rules
from vikarieportalen.staffing.booking.candidates import candidate_list_for_shift
from vikarieportalen.staffing.booking.services import BookingRefused, booking_create
from vikarieportalen.staffing.models import (
    Booking,
    BookingSource,
    BookingStatus,
    Offer,
    OfferChannel,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.offers import rules as offer_rules

logger = logging.getLogger(__name__)

SMS_KIND_OFFER = "staffing_offer"
SMS_KIND_OFFER_CLOSED = "staffing_offer_closed"
SMS_KIND_OFFER_REPLY = "staffing_offer_reply"
MESSAGE_MAX = 300
TOP_N_MAX = 200
ROUND_SIZE_MAX = 100

# Refusal codes (``OfferRefused.code``).
TAKEN = "taken"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
DECLINED = "declined"
ACCEPTED = "accepted"
NOT_ELIGIBLE = "not_eligible"


class OfferRefused(Exception):
    """An answer or a send-out that was not made, with the reason in the active language."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def taken_text() -> str:
    return _("Sorry, the shift is already filled.")


def _may_staff(user: User) -> bool:
    return user.is_active and (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR))


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


# --- SMS texts -----------------------------------------------------------------------------------


def offer_link(offer: Offer) -> str:
    return f"{settings.PUBLIC_URL}/f/{offer.token}/"


def _when(shift: Shift) -> dict[str, str]:
    starts = rules.local(shift.starts_at)
    return {
        "date": date_format(starts.date(), "D j M"),
        "start": starts.strftime("%H:%M"),
        "end": rules.local(shift.ends_at).strftime("%H:%M"),
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
            "when": date_format(rules.local(answer_by), "j M H:i"),
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


def sms_record(
    *, user: User | None, to_number: str = "", key: str, kind: str, text: Callable[[], str]
) -> None:
    """Record an SMS in this transaction, in the recipient's language; sent after commit.

    Offers are urgent (a shift this morning cannot wait for quiet hours to end).
    """
    if user is not None and not user.mobile:
        logger.info("offer SMS %s: no mobile number", key)
        return
    language = (user.language if user is not None else "") or settings.LANGUAGE_CODE
    with translation.override(language):
        rendered = text()
    try:
        message_send_sms(
            text=rendered, kind=kind, idempotency_key=key, recipient=user, to_number=to_number, urgent=True
        )
    except ValidationError:
        logger.warning("offer SMS %s could not be recorded", key, exc_info=True)


def _send_offer_sms(offer: Offer, answer_by: dt.datetime | None) -> None:
    user = offer.substitute
    if not user.mobile:
        logger.info("offer %s: no mobile number, no SMS", offer.pk)
        return
    with translation.override(user.language or settings.LANGUAGE_CODE):
        text = offer_sms_text(offer=offer, answer_by=answer_by)
        try:
            sms_text_check(text, max_segments=settings.SMS_MAX_SEGMENTS)
        except ValidationError:
            text = offer_sms_text_short(offer=offer)
    sms_record(user=user, key=f"staffing:offer:{offer.pk}:sent", kind=SMS_KIND_OFFER, text=lambda: text)


def _tell_closed(offers: Sequence[Offer], *, withdrawn: bool) -> None:
    if not settings.OFFER_TELL_WHEN_CLOSED:
        return
    for offer in offers:
        if withdrawn:
            sms_record(
                user=offer.substitute,
                key=f"staffing:offer:{offer.pk}:withdrawn",
                kind=SMS_KIND_OFFER_CLOSED,
                text=partial(offer_withdrawn_sms_text, offer=offer),
            )
        else:
            sms_record(
                user=offer.substitute,
                key=f"staffing:offer:{offer.pk}:taken",
                kind=SMS_KIND_OFFER_CLOSED,
                text=partial(offer_taken_sms_text, offer=offer),
            )


# --- sending -------------------------------------------------------------------------------------


@dataclass
class SendResult:
    send: OfferSend
    offers: list[Offer] = field(default_factory=list)
    # (shift, substitute, reason) for each chosen person who was not offered the shift.
    skipped: list[tuple[Shift, User, str]] = field(default_factory=list)


def _lock_users(user_ids: Sequence[int]) -> None:
    list(User.objects.select_for_update(no_key=True).filter(pk__in=sorted(set(user_ids))).values_list("pk"))


def _taken_codes(users: Sequence[User]) -> dict[str, set[str]]:
    """Codes of open offers per mobile number (or per user without one): "JA 4711" must point at one."""
    mobiles = {user.mobile for user in users if user.mobile}
    taken: dict[str, set[str]] = defaultdict(set)
    rows = Offer.objects.filter(status=OfferStatus.OPEN, substitute__mobile__in=mobiles).values_list(
        "substitute__mobile", "code"
    )
    for mobile, code in rows:
        taken[mobile].add(code)
    no_mobile = [user.pk for user in users if not user.mobile]
    for user_id, code in Offer.objects.filter(
        status=OfferStatus.OPEN, substitute_id__in=no_mobile
    ).values_list("substitute_id", "code"):
        taken[f"user:{user_id}"].add(code)
    return taken


def _code_key(user: User) -> str:
    return user.mobile or f"user:{user.pk}"


def _offers_create(
    *,
    send: OfferSend,
    picks: Sequence[tuple[Shift, User]],
    round_number: int,
    answer_by: dt.datetime | None,
    by: User | None,
) -> list[Offer]:
    if not picks:
        return []
    _lock_users([user.pk for _shift, user in picks])
    taken = _taken_codes([user for _shift, user in picks])
    offers = []
    for shift, user in picks:
        key = _code_key(user)
        code = offer_rules.code_allocate(taken=taken[key])
        taken[key].add(code)
        offers.append(
            Offer(
                send=send,
                shift=shift,
                substitute=user,
                round=round_number,
                code=code,
                token=offer_rules.token_make(),
                expires_at=offer_rules.offer_expiry(shift_starts_at=shift.starts_at, answer_by=answer_by),
            )
        )
    created = Offer.objects.bulk_create(offers)
    for offer in created:
        audit_record(
            kind=StaffingAuditKind.OFFER_SENT,
            user=offer.substitute,
            actor=by,
            offer=offer.pk,
            send=send.pk,
            shift=offer.shift_id,
            workplace=offer.shift.workplace.name,
            starts_at=offer.shift.starts_at.isoformat(),
            round=round_number,
        )
        _send_offer_sms(offer, answer_by)
    return created


def _shift_open(shift: Shift, now: dt.datetime) -> str | None:
    """Why ``shift`` cannot be offered (in the active language), or None."""
    if shift.status == ShiftStatus.CANCELLED:
        return _("The shift is cancelled.")
    if shift.starts_at <= now:
        return _("The shift has already started.")
    if Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).exists():
        return _("The shift is already booked.")
    return None


@transaction.atomic
def offer_send(
    *,
    shifts: Sequence[Shift],
    by: User,
    substitutes: Sequence[User] | None = None,
    top_n: int | None = None,
    answer_by: dt.datetime | None = None,
    message: str = "",
    round_size: int | None = None,
    round_minutes: int | None = None,
) -> SendResult:
    """Offer each of ``shifts`` to the chosen ``substitutes``, or to each shift's ``top_n`` ranked
    candidates. Only those who may take the shift right now (every rule) and have not been offered
    it before get the offer; the others are listed in ``skipped``. Each offer gets an SMS.

    Offers are open until ``answer_by`` (None: until the shift starts). With ``round_size`` and
    ``round_minutes``, when nobody has accepted a shift after ``round_minutes`` the next
    ``round_size`` candidates get it (``offer_rounds_run``), until it starts.
    """
    if not _may_staff(by):
        raise PermissionDenied("Only the staffing centre sends offers.")
    if (substitutes is None) == (top_n is None):
        raise ValueError("Give either substitutes or top_n.")
    now = timezone.now()
    message = message.strip()
    if not shifts:
        raise OfferRefused("no_shifts", _("Choose at least one shift."))
    if len(message) > MESSAGE_MAX:
        raise OfferRefused(
            "message", _("Write the message in at most %(count)d characters.") % {"count": MESSAGE_MAX}
        )
    if top_n is not None and not 1 <= top_n <= TOP_N_MAX:
        raise OfferRefused("top_n", _("Choose between 1 and %(max)d candidates.") % {"max": TOP_N_MAX})
    if offer_rules.answer_by_check(answer_by=answer_by, now=now):
        raise OfferRefused("answer_by", _("The time to answer by has already passed."))
    if (round_size is None) != (round_minutes is None) or (
        round_size is not None and (not 1 <= round_size <= ROUND_SIZE_MAX or not round_minutes)
    ):
        raise OfferRefused("rounds", _("Give both how many get each new round and after how many minutes."))

    locked = list(
        Shift.objects.select_for_update(of=("self",))
        .select_related("workplace")
        .filter(pk__in=[shift.pk for shift in shifts])
        .order_by("pk")
    )
    send = OfferSend.objects.create(
        created_by=by,
        expires_at=answer_by,
        message=message,
        auto_round_size=round_size,
        auto_round_minutes=round_minutes,
    )
    result = SendResult(send=send)
    picks: list[tuple[Shift, User]] = []
    problems: list[str] = []
    for shift in locked:
        problem = _shift_open(shift, now)
        if problem:
            problems.append(problem)
            result.skipped.extend((shift, user, problem) for user in substitutes or [])
            continue
        eligible, _excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=0)
        offered = set(Offer.objects.filter(shift=shift).values_list("substitute_id", flat=True))
        if substitutes is None:
            chosen = [c.substitute for c in eligible if c.substitute.pk not in offered][: top_n or 0]
            picks.extend((shift, user) for user in chosen)
            continue
        eligible_ids = {c.substitute.pk: c.substitute for c in eligible}
        for user in substitutes:
            if user.pk in offered:
                result.skipped.append((shift, user, _("Already offered this shift.")))
            elif user.pk not in eligible_ids:
                result.skipped.append((shift, user, _("Cannot take the shift right now.")))
            else:
                picks.append((shift, eligible_ids[user.pk]))
    if not picks and problems and len(problems) == len(locked):
        raise OfferRefused("shift", problems[0])
    if not picks:
        raise OfferRefused(
            "nobody",
            _("Nobody could be offered the shift: everyone chosen is already offered it or cannot take it."),
        )
    result.offers = _offers_create(send=send, picks=picks, round_number=1, answer_by=answer_by, by=by)
    if round_size is not None and round_minutes is not None:
        send.next_round_at = offer_rules.next_round_at(
            last_round_at=now,
            round_minutes=round_minutes,
            latest_start=max(shift.starts_at for shift, _user in picks),
        )
        send.save(update_fields=["next_round_at"])
    return result


# --- answering -----------------------------------------------------------------------------------


def refusal_for_status(offer: Offer, now: dt.datetime) -> OfferRefused | None:
    if offer.status == OfferStatus.TAKEN:
        return OfferRefused(TAKEN, taken_text())
    if offer.status == OfferStatus.WITHDRAWN:
        return OfferRefused(WITHDRAWN, _("The staffing centre has withdrawn this offer."))
    if offer.status == OfferStatus.DECLINED:
        return OfferRefused(DECLINED, _("You have already declined this offer."))
    if offer.status == OfferStatus.EXPIRED or offer.expires_at <= now:
        return OfferRefused(
            EXPIRED,
            _("The offer expired %(when)s.")
            % {"when": date_format(rules.local(offer.expires_at), "j M H:i")},
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
    _tell_closed(others, withdrawn=status == OfferStatus.WITHDRAWN)


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


@transaction.atomic
def _accept_locked(*, offer_id: int, by: User, channel: str) -> _Outcome:
    now = timezone.now()
    seen = Offer.objects.select_related("substitute").get(pk=offer_id)
    if by.pk != seen.substitute_id and not _may_staff(by):
        raise PermissionDenied("Only the substitute answers their offer.")
    if seen.status not in (OfferStatus.OPEN, OfferStatus.ACCEPTED):
        # Closed for good (a committed TAKEN, WITHDRAWN …): refuse without waiting for the shift's lock.
        return _Outcome(seen, refusal_for_status(seen, now))
    shift = Shift.objects.select_for_update(of=("self",)).select_related("workplace").get(pk=seen.shift_id)
    offer = Offer.objects.select_for_update(of=("self",)).select_related("substitute").get(pk=offer_id)
    offer.shift = shift
    if by.pk != offer.substitute_id and not _may_staff(by):
        raise PermissionDenied("Only the substitute answers their offer.")
    if offer.status == OfferStatus.ACCEPTED:
        return _Outcome(offer)  # a second click, or the gateway posting the same reply again
    refused = refusal_for_status(offer, now)
    if refused is not None:
        if refused.code == EXPIRED and offer.status == OfferStatus.OPEN:
            Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.EXPIRED)
        return _Outcome(offer, refused)
    try:
        booking = booking_create(shift=shift, substitute=offer.substitute, by=by, source=BookingSource.OFFER)
    except BookingRefused as refusal:
        if rules.SHIFT_TAKEN in refusal.codes:
            _close_others(shift=shift, winner_id=None, status=OfferStatus.TAKEN)
            return _Outcome(offer, OfferRefused(TAKEN, taken_text()))
        if rules.SHIFT_CANCELLED in refusal.codes:
            _close_others(shift=shift, winner_id=None, status=OfferStatus.WITHDRAWN)
            return _Outcome(offer, OfferRefused(WITHDRAWN, _("The shift is cancelled.")))
        if rules.SHIFT_ENDED in refusal.codes:
            Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.EXPIRED)
            return _Outcome(offer, OfferRefused(EXPIRED, _("The shift has already ended.")))
        # No longer eligible (rest, availability, qualification …): the offer stays open.
        return _Outcome(
            offer,
            OfferRefused(
                NOT_ELIGIBLE, _("You cannot take this shift: %(reasons)s") % {"reasons": refusal.message}
            ),
        )
    offer.status = OfferStatus.ACCEPTED
    offer.responded_at = now
    offer.channel = channel
    offer.booking = booking
    offer.save(update_fields=["status", "responded_at", "channel", "booking"])
    _close_others(shift=shift, winner_id=offer.pk, status=OfferStatus.TAKEN)
    _audit_answer(offer, by=by, answer="accepted")
    return _Outcome(offer)


def offer_accept(*, offer: Offer, by: User, channel: str = OfferChannel.WEB) -> Offer:
    """Accept ``offer``: the substitute gets the shift unless someone was first, the offer is over,
    or a rule now stops it (``OfferRefused`` with the reason; nothing booked). Accepting an offer
    one already holds returns it unchanged, so a double click or a repeated SMS books once."""
    outcome = _accept_locked(offer_id=offer.pk, by=by, channel=channel)
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
    if by.pk != locked.substitute_id and not _may_staff(by):
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


@transaction.atomic
def offer_withdraw(*, send: OfferSend, by: User, offer: Offer | None = None) -> int:
    """The staffing centre withdraws the open offers of ``send`` (or just ``offer``); each
    substitute is told by SMS. Stops further automatic rounds. Returns how many were withdrawn."""
    if not _may_staff(by):
        raise PermissionDenied("Only the staffing centre withdraws offers.")
    locked_send = OfferSend.objects.select_for_update().get(pk=send.pk)
    open_offers = Offer.objects.filter(send=locked_send, status=OfferStatus.OPEN)
    if offer is not None:
        open_offers = open_offers.filter(pk=offer.pk)
    withdrawn = list(
        open_offers.select_for_update(of=("self",))
        .select_related("substitute", "shift__workplace")
        .order_by("pk")
    )
    Offer.objects.filter(pk__in=[o.pk for o in withdrawn]).update(status=OfferStatus.WITHDRAWN)
    if offer is None and locked_send.next_round_at is not None:
        locked_send.next_round_at = None
        locked_send.save(update_fields=["next_round_at"])
    for item in withdrawn:
        audit_record(
            kind=StaffingAuditKind.OFFER_WITHDRAWN,
            user=item.substitute,
            actor=by,
            offer=item.pk,
            send=send.pk,
            shift=item.shift_id,
        )
    _tell_closed(withdrawn, withdrawn=True)
    return len(withdrawn)


# --- jobs ----------------------------------------------------------------------------------------


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
        eligible, _excluded = candidate_list_for_shift(shift=shift, not_introduced_limit=0)
        offered = set(Offer.objects.filter(shift=shift).values_list("substitute_id", flat=True))
        fresh = [c.substitute for c in eligible if c.substitute.pk not in offered][: send.auto_round_size]
        picks.extend((shift, user) for user in fresh)
    send.rounds += 1
    made = _offers_create(
        send=send, picks=picks, round_number=send.rounds, answer_by=send.expires_at, by=None
    )
    send.next_round_at = (
        offer_rules.next_round_at(
            last_round_at=now,
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
