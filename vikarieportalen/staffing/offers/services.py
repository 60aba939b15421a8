"""Offers (förfrågan): the staffing centre sends shifts to chosen substitutes, and withdraws them.

Answers are in ``answers.py``, the expiry and round jobs in ``tasks.py``, the SMS in ``notify.py``.
Guarantees (see docs/offers.md):
- the first acceptance wins, exactly once, over the web and SMS together (``answers.offer_accept``);
- every SMS is written to the outbox in the same transaction and delivered after commit;
- a refusal (expired, withdrawn, taken, declined) changes nothing except recording what the
  refusal found out (an offer found expired is marked so).

Lock order everywhere: offer send → shift → offer → user.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.services import audit_batched, audit_record
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.selectors import message_by_key
from vikarieportalen.notifications.services import message_retry, messages_batched
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking.services import user_may_end_engagement
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftStatus,
)
from vikarieportalen.staffing.offers import rules as offer_rules
from vikarieportalen.staffing.offers.notify import (
    offer_series_sms_send,
    offer_sms_key,
    offer_sms_send,
    offers_closed_tell,
    offers_sms_dispatch,
)
from vikarieportalen.staffing.offers.selectors import offer_candidates_for

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


class OfferRefused(Refused):
    """An answer or a send-out that was not made, with the reason in the active language."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


def user_may_staff(user: User) -> bool:
    return user.is_active and (user.has_role(Role.STAFFING_CENTRE) or user.has_role(Role.ADMINISTRATOR))


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


def _offer_audit(
    kind: StaffingAuditKind, offer: Offer, *, by: User | None, send: OfferSend, **details: Any
) -> None:
    """An offer's audit row: the substitute it went to, who acted, its send and its shift."""
    audit_record(
        kind=kind,
        user=offer.substitute,
        actor=by,
        offer=offer.pk,
        send=send.pk,
        shift=offer.shift_id,
        **details,
    )


def offers_create(
    *,
    send: OfferSend,
    picks: Sequence[tuple[Shift, User]],
    round_number: int,
    answer_by: dt.datetime | None,
    by: User | None,
) -> list[Offer]:
    """One offer per (shift, substitute) in ``picks``, each audited and with its SMS (a round too)."""
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
    # One INSERT for the audit rows and one for the SMS, whose delivery goes in tasks of
    # SMS_BURST_BATCH; the SMS keys are new (they name offers made just now).
    with audit_batched(), messages_batched(new_keys=True):
        for offer in created:
            _sent_audit(offer, by=by, send=send, round_number=round_number)
            offer_sms_send(offer, answer_by)
    return created


def _sent_audit(offer: Offer, *, by: User | None, send: OfferSend, round_number: int, **details: Any) -> None:
    """An offer's "sent" audit row, with its shift's workplace and start and its round."""
    _offer_audit(
        StaffingAuditKind.OFFER_SENT,
        offer,
        by=by,
        send=send,
        workplace=offer.shift.workplace.name,
        starts_at=offer.shift.starts_at.isoformat(),
        round=round_number,
        **details,
    )


@transaction.atomic
def offer_series_send(
    *, shifts: Sequence[Shift], substitute: User, by: User, now: dt.datetime | None = None
) -> SendResult:
    """Offer every shift of ``shifts`` to ``substitute`` as one series offer: one send-out, one
    offer per shift, all sharing a ``series_key`` (the secret of the link /f/s/<key>/) and one
    reply number, audited one by one, and ONE SMS for them all. Each offer is open until its shift
    starts; accepting one goes through ``answers.offer_accept`` as any offer does.

    The caller (``staffing.series``) has checked the person against every rule, the series' shifts
    counted together; here a shift that is no longer open (cancelled, started, booked) or already
    offered to the person goes to ``skipped`` with the reason. Refused (``OfferRefused``, nothing
    saved) when no shift is left.
    """
    if not user_may_staff(by):
        raise PermissionDenied("Only the staffing centre sends offers.")
    now = now or timezone.now()
    if not shifts:
        raise OfferRefused("no_shifts", _("Choose at least one shift."))
    locked = list(
        Shift.objects.select_for_update(of=("self",))
        .select_related("workplace")
        .filter(pk__in=[shift.pk for shift in shifts])
        .order_by("pk")
    )
    offered = set(
        Offer.objects.filter(substitute=substitute, shift__in=locked).values_list("shift_id", flat=True)
    )
    send = OfferSend.objects.create(created_by=by)
    result = SendResult(send=send)
    chosen = _series_chosen(locked, offered=offered, substitute=substitute, now=now, result=result)
    if not chosen:
        raise OfferRefused(
            "nobody", result.skipped[0][2] if result.skipped else _("Choose at least one shift.")
        )
    result.offers = _series_offers_create(chosen, send=send, substitute=substitute)
    for offer in result.offers:
        _sent_audit(offer, by=by, send=send, round_number=1, series_offer=True)
    offer_series_sms_send(result.offers)
    return result


def _series_chosen(
    locked: Sequence[Shift], *, offered: set[int], substitute: User, now: dt.datetime, result: SendResult
) -> list[Shift]:
    """The shifts still open and not yet offered to ``substitute``, by start; the others go to
    ``result.skipped`` with the reason."""
    chosen: list[Shift] = []
    for shift in sorted(locked, key=lambda item: (item.starts_at, item.pk)):
        problem = _shift_open(shift, now)
        if problem is None and shift.pk in offered:
            problem = _("Already offered this shift.")
        if problem is not None:
            result.skipped.append((shift, substitute, problem))
        else:
            chosen.append(shift)
    return chosen


def _series_offers_create(shifts: Sequence[Shift], *, send: OfferSend, substitute: User) -> list[Offer]:
    """One offer per shift to ``substitute``, sharing one reply code and one ``series_key``."""
    _lock_users([substitute.pk])
    key = _code_key(substitute)
    code = offer_rules.code_allocate(taken=_taken_codes([substitute])[key])
    series_key = offer_rules.token_make()
    return Offer.objects.bulk_create(
        Offer(
            send=send,
            shift=shift,
            substitute=substitute,
            code=code,
            token=offer_rules.token_make(),
            series_key=series_key,
            expires_at=offer_rules.offer_expiry(shift_starts_at=shift.starts_at, answer_by=None),
        )
        for shift in shifts
    )


def offers_round_went_at(offers: Sequence[Offer], *, now: dt.datetime) -> dt.datetime:
    """When a round's SMS reach people: now, or when quiet hours end if they wait. The next round
    counts from then, so a night's rounds do not pile up to go out together in the morning."""
    return offers_sms_dispatch(offers).held_until or now


def _shift_open(shift: Shift, now: dt.datetime) -> str | None:
    """Why ``shift`` cannot be offered (in the active language), or None."""
    if shift.status == ShiftStatus.CANCELLED:
        return _("The shift is cancelled.")
    if shift.starts_at <= now:
        return _("The shift has already started.")
    if Booking.objects.filter(shift=shift, status=BookingStatus.ACTIVE).exists():
        return _("The shift is already booked.")
    return None


def _send_check(
    *,
    shifts: Sequence[Shift],
    message: str,
    top_n: int | None,
    answer_by: dt.datetime | None,
    round_size: int | None,
    round_minutes: int | None,
    now: dt.datetime,
) -> None:
    """Refuse a send-out whose choices do not make sense, before anything is locked."""
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


def _picks(
    shifts: Sequence[Shift],
    *,
    substitutes: Sequence[User] | None,
    top_n: int | None,
    now: dt.datetime,
    result: SendResult,
) -> list[tuple[Shift, User]]:
    """Who gets each shift: those chosen, or the ``top_n`` best, who may take it and were not offered
    it before; the chosen others go to ``result.skipped``. Refused when nobody is left."""
    picks: list[tuple[Shift, User]] = []
    problems: list[str] = []
    for shift in shifts:
        problem = _shift_open(shift, now)
        if problem:
            problems.append(problem)
            result.skipped.extend((shift, user, problem) for user in substitutes or [])
            continue
        eligible, offered = offer_candidates_for(shift=shift)
        if substitutes is None:
            chosen = [user for user in eligible if user.pk not in offered][: top_n or 0]
            picks.extend((shift, user) for user in chosen)
            continue
        eligible_ids = {user.pk: user for user in eligible}
        for user in substitutes:
            if user.pk in offered:
                result.skipped.append((shift, user, _("Already offered this shift.")))
            elif user.pk not in eligible_ids:
                result.skipped.append((shift, user, _("Cannot take the shift right now.")))
            else:
                picks.append((shift, eligible_ids[user.pk]))
    if not picks and problems and len(problems) == len(shifts):
        raise OfferRefused("shift", problems[0])
    if not picks:
        raise OfferRefused(
            "nobody",
            _("Nobody could be offered the shift: everyone chosen is already offered it or cannot take it."),
        )
    return picks


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
    ``round_size`` candidates get it (``tasks.offer_rounds_run``), until it starts.
    """
    if not user_may_staff(by):
        raise PermissionDenied("Only the staffing centre sends offers.")
    if (substitutes is None) == (top_n is None):
        raise ValueError("Give either substitutes or top_n.")
    now = timezone.now()
    message = message.strip()
    _send_check(
        shifts=shifts,
        message=message,
        top_n=top_n,
        answer_by=answer_by,
        round_size=round_size,
        round_minutes=round_minutes,
        now=now,
    )
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
    picks = _picks(locked, substitutes=substitutes, top_n=top_n, now=now, result=result)
    result.offers = offers_create(send=send, picks=picks, round_number=1, answer_by=answer_by, by=by)
    if round_size is not None and round_minutes is not None:
        send.next_round_at = offer_rules.next_round_at(
            last_round_at=offers_round_went_at(result.offers, now=now),
            round_minutes=round_minutes,
            latest_start=max(shift.starts_at for shift, _user in picks),
        )
        send.save(update_fields=["next_round_at"])
    return result


@transaction.atomic
def offer_withdraw(*, send: OfferSend, by: User, offer: Offer | None = None) -> int:
    """The staffing centre withdraws the open offers of ``send`` (or just ``offer``); each
    substitute is told by SMS. Stops further automatic rounds. Returns how many were withdrawn."""
    if not user_may_staff(by):
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
        _offer_audit(StaffingAuditKind.OFFER_WITHDRAWN, item, by=by, send=send)
    offers_closed_tell(withdrawn, withdrawn=True)
    return len(withdrawn)


def _resend_refused(code: str) -> OfferRefused:
    messages = {
        "not_open": _("The offer is no longer open, so its SMS is not sent again. Pick another person."),
        "no_sms": _("This offer has no SMS to send again: the person has no usable mobile number."),
        "not_failed": _("Only an SMS that failed can be sent again; this one has not failed."),
    }
    return OfferRefused(code, messages[code])


@transaction.atomic
def offer_sms_resend(*, offer: Offer, by: User, now: dt.datetime | None = None) -> None:
    """Send a failed offer SMS again, the same text to the same number (staff action, audited).

    Refused, changing nothing, when the offer is no longer open or its SMS has not failed.
    """
    if not user_may_staff(by):
        raise PermissionDenied("Only the staffing centre sends offer SMS again.")
    now = now or timezone.now()
    locked = (
        Offer.objects.select_for_update(of=("self",)).select_related("substitute", "send").get(pk=offer.pk)
    )
    key = offer_sms_key(locked)
    message = message_by_key(idempotency_keys=[key]).get(key)
    sms = offer_rules.sms_delivery(
        status=message.status if message else None,
        next_attempt_at=None,
        sent_at=None,
        last_error="",
        now=now,
    )
    answer = offer_rules.offer_answer_state(status=locked.status, expires_at=locked.expires_at, now=now)
    refusal = offer_rules.sms_resend_refusal(answer_state=answer, sms=sms.state)
    if refusal is not None:
        raise _resend_refused(refusal)
    assert message is not None  # noqa: S101 - a failed SMS has its row
    try:
        message_retry(message_id=message.pk)
    except ValidationError as exc:
        raise OfferRefused(exc.code or "retry", " ".join(exc.messages)) from exc
    _offer_audit(StaffingAuditKind.OFFER_SMS_RESENT, locked, by=by, send=locked.send, message=message.pk)


@transaction.atomic
def offers_withdraw_for_leaver(*, substitute: User, by: User | None) -> list[Offer]:
    """Withdraw every open offer to ``substitute``: their engagement ends (HR, or with ``by`` None
    the HR import). Each is withdrawn as the staffing centre withdraws one (audit row, SMS to the
    holder when OFFER_TELL_WHEN_CLOSED); the send-outs go on for everyone else."""
    if by is not None and not user_may_end_engagement(by):
        raise PermissionDenied("Only HR ends a substitute's engagement.")
    withdrawn: list[Offer] = []
    open_offers = Offer.objects.filter(substitute=substitute, status=OfferStatus.OPEN)
    send_ids = set(open_offers.values_list("send_id", flat=True))
    # The lock order of every offer service: the send-out before its offers.
    for send in OfferSend.objects.select_for_update().filter(pk__in=send_ids).order_by("pk"):
        offers = list(
            Offer.objects.filter(send=send, substitute=substitute, status=OfferStatus.OPEN)
            .select_for_update(of=("self",))
            .select_related("substitute", "shift__workplace")
            .order_by("pk")
        )
        Offer.objects.filter(pk__in=[o.pk for o in offers]).update(status=OfferStatus.WITHDRAWN)
        for item in offers:
            _offer_audit(StaffingAuditKind.OFFER_WITHDRAWN, item, by=by, send=send, reason="engagement_ended")
        withdrawn.extend(offers)
    offers_closed_tell(withdrawn, withdrawn=True)
    return withdrawn
