"""Demo data: offers (förfrågan) sent by the staffing centre (LILE7514).

Three send-outs, each of its own short afternoon shift in the coming days:
- open: JOSA9804 and two others have the offer waiting (JOSA sees it on the start page and under
  "My offers" and can accept it from the link, or answer YES or NO by SMS: the outbox's simulated
  reply in `make run`); the SMS to the last of the others failed (the gateway reported it not
  delivered), so the send-out's page shows a failed SMS to send again or someone else to pick;
- filled: offered to three, one accepted (so the shift is booked and the others' offers are TAKEN);
- with automatic rounds: offered to the top two, and a second round already sent to the next two.

The README promises JOSA9804 an open offer, so a run sends her one whenever she has none waiting
(she answered the last one, or it ran out); the other two sends are known by their message, and a
run adds one only when no send with that message has a shift still to come. So a second run the
same day (or while the shifts are ahead) changes nothing.
Every offer goes through the services, so the eligibility rules hold (availability is added for the
people chosen, as a substitute would mark it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import DAYS_AHEAD, FIRST_SUBSTITUTE, Count, local
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.notifications.rules import DELIVERY_REPORT_FAILED
from vikarieportalen.staffing.booking.candidates import candidate_check
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Introduction,
    Offer,
    OfferSend,
    OfferStatus,
    Shift,
    ShiftReason,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.offers import answers, tasks
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.notify import offer_sms_key

STAFF = "LILE7514"
OPEN_MESSAGE = "Vi behöver förstärkning på eftermiddagen. Först att svara ja får passet."
FILLED_MESSAGE = "Extra pass vid aktivitet på eftermiddagen."
ROUNDS_MESSAGE = "Kort pass, kan bli fler förfrågningar om ingen svarar."
# Days ahead tried for JOSA9804's open offer: the demo's two coming weeks, then four more.
OPEN_SEARCH_DAYS = DAYS_AHEAD + 28


def _still_ahead(message: str, now: dt.datetime) -> bool:
    return OfferSend.objects.filter(message=message, offers__shift__starts_at__gt=now).exists()


def _free(user_ids: list[int], day: dt.date) -> list[int]:
    """Those with no active booking from the day before ``day`` to the day after."""
    busy = set(
        Booking.objects.filter(
            substitute_id__in=user_ids,
            status=BookingStatus.ACTIVE,
            starts_at__lt=local(day + dt.timedelta(days=2), dt.time(0)),
            ends_at__gt=local(day - dt.timedelta(days=1), dt.time(0)),
        ).values_list("substitute_id", flat=True)
    )
    return [pk for pk in user_ids if pk not in busy]


def _free_day(
    user_ids: list[int], first: dt.date, last: dt.date, *, at_least: int
) -> tuple[dt.date, list[int]] | None:
    """The first day on which at least ``at_least`` of these people are free, and who they are."""
    day = first
    while day <= last:
        free = _free(user_ids, day)
        if len(free) >= at_least:
            return day, free
        day += dt.timedelta(days=1)
    return None


def _shift(workplace: Workplace, day: dt.date, count: Count) -> Shift:
    starts, ends = local(day, dt.time(13)), local(day, dt.time(16, 30))
    shift, created = Shift.objects.get_or_create(
        workplace=workplace,
        starts_at=starts,
        ends_at=ends,
        status=ShiftStatus.ACTIVE,
        defaults={
            "day": day,
            "break_minutes": 0,
            "reason": ShiftReason.EXTRA_NEED,
            "note": "Eftermiddagsförstärkning, utevistelse med de boende.",
        },
    )
    count("shifts", created)
    return shift


def _ready(shift: Shift, people: list[User], count: Count) -> list[User]:
    """Mark the people available for ``shift`` and keep those who may take it under every rule."""
    ready = []
    for person in people:
        _period, created = AvailabilityPeriod.objects.get_or_create(
            substitute=person,
            kind=AvailabilityKind.AVAILABLE,
            starts_at=shift.starts_at - dt.timedelta(hours=1),
            ends_at=shift.ends_at + dt.timedelta(hours=1),
        )
        count("availability periods", created)
        if candidate_check(shift=shift, substitute=person).eligible:
            ready.append(person)
    return ready


def _introduced(workplace: Workplace, *, leave_out: set[int]) -> list[int]:
    return list(
        Introduction.objects.filter(workplace=workplace, substitute__is_active=True)
        .exclude(substitute_id__in=leave_out)
        .order_by("substitute__username")
        .values_list("substitute_id", flat=True)
    )


def _users(ids: list[int]) -> list[User]:
    return list(User.objects.filter(pk__in=ids).order_by("username"))


class _NotThisDay(Exception):
    """Rolls back a day's attempt at the open send."""


def _open_offer_waiting(josa: User, now: dt.datetime) -> bool:
    """A single offer waiting for her (her series offer is demo/staffing/series_offer.py's)."""
    return Offer.objects.filter(
        substitute=josa, status=OfferStatus.OPEN, expires_at__gt=now, shift__starts_at__gt=now, series_key=""
    ).exists()


def _sms_failed(offer: Offer) -> None:
    """As if the gateway had reported the offer's SMS not delivered to the phone."""
    Message.objects.filter(idempotency_key=offer_sms_key(offer)).update(
        status=Status.FAILED,
        next_attempt_at=None,
        attempts=1,
        last_error=DELIVERY_REPORT_FAILED,
    )


def _open_send(josa: User, home: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """JOSA9804 and two others have the offer waiting, on the first coming day she may take it.

    She works most days of the demo's schedule, and which days depends on the weekday the demo is
    built on; she may also have marked days she cannot work, or used up the month's hours. So the
    days after the demo's four weeks are tried too. Each day is tried in a savepoint, so a day she
    may not take (or a shift she was offered before) leaves nothing behind.
    """
    for offset in range(2, OPEN_SEARCH_DAYS):
        day = today + dt.timedelta(days=offset)
        tally: list[tuple[str, bool]] = []

        def note(what: str, created: bool, tally: list[tuple[str, bool]] = tally) -> None:
            tally.append((what, created))

        try:
            with transaction.atomic():
                shift = _shift(home, day, note)
                others = _users(_free(_introduced(home, leave_out={josa.pk}), day)[:6])
                people = _ready(shift, [josa, *others], note)
                if josa not in people:
                    raise _NotThisDay
                result = offers.offer_send(
                    shifts=[shift], by=staff, substitutes=[josa, *people[1:3]], message=OPEN_MESSAGE
                )
                if all(offer.substitute_id != josa.pk for offer in result.offers):
                    raise _NotThisDay  # she was offered this shift before (and answered)
                others_offered = [offer for offer in result.offers if offer.substitute_id != josa.pk]
                if others_offered:
                    _sms_failed(others_offered[-1])
        except (_NotThisDay, offers.OfferRefused):
            continue
        for what, created in tally:
            count(what, created)
        count("offer send-outs", True)
        return


def _shift_and_ready(
    josa: User, place: Workplace, *, today: dt.date, count: Count, days_ahead: int, at_least: int
) -> tuple[Shift, list[User]] | None:
    """A shift at ``place`` on the first day from ``days_ahead`` days on (up to 13) when at least
    ``at_least`` of its other introduced substitutes are free, and up to six of them who may take it."""
    found = _free_day(
        _introduced(place, leave_out={josa.pk}),
        today + dt.timedelta(days=days_ahead),
        today + dt.timedelta(days=13),
        at_least=at_least,
    )
    if found is None:
        return None
    day, free = found
    shift = _shift(place, day, count)
    return shift, _ready(shift, _users(free[:6]), count)


def _filled_send(josa: User, place: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """Three asked, the first accepted."""
    found = _shift_and_ready(josa, place, today=today, count=count, days_ahead=3, at_least=3)
    if found is None:
        return
    shift, ready = found[0], found[1][:3]
    if ready:
        result = offers.offer_send(shifts=[shift], by=staff, substitutes=ready, message=FILLED_MESSAGE)
        answers.offer_accept(offer=result.offers[0], by=ready[0])
        count("offer send-outs", True)


def _rounds_send(josa: User, place: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """Automatic rounds: the top two, then a second round to the next two."""
    found = _shift_and_ready(josa, place, today=today, count=count, days_ahead=4, at_least=4)
    if found is None:
        return
    shift, ready = found
    if len(ready) >= 2:
        result = offers.offer_send(
            shifts=[shift], by=staff, top_n=2, message=ROUNDS_MESSAGE, round_size=2, round_minutes=30
        )
        send = result.send
        if send.next_round_at is not None:
            tasks.offer_rounds_run(now=send.next_round_at)
        count("offer send-outs", True)


def demo_offers_build(*, count: Count) -> None:
    staff = User.objects.filter(username=STAFF).first()
    josa = User.objects.filter(username=FIRST_SUBSTITUTE).first()
    if staff is None or josa is None:
        return
    now = timezone.now()
    today = timezone.localdate()
    workplaces = list(
        Workplace.objects.filter(introductions__substitute=josa, is_active=True).order_by("name").distinct()
    )
    if not workplaces:
        return
    if _open_offer_waiting(josa, now):
        count("offer send-outs", False)
    else:
        _open_send(josa, workplaces[0], staff=staff, today=today, count=count)
    for message, send, place in (
        (FILLED_MESSAGE, _filled_send, workplaces[-1]),
        (ROUNDS_MESSAGE, _rounds_send, workplaces[len(workplaces) // 2]),
    ):
        if _still_ahead(message, now):
            count("offer send-outs", False)
        else:
            send(josa, place, staff=staff, today=today, count=count)
