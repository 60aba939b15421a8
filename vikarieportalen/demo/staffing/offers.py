"""Demo data: offers (förfrågan) sent by the staffing centre (LILE7514).

Three send-outs, each of its own short afternoon shift in the coming days:
- open: JOSA9804 and two others have the offer waiting (JOSA sees it on the start page and under
  "My offers" and can accept it from the link);
- filled: offered to three, one accepted (so the shift is booked and the others' offers are TAKEN);
- with automatic rounds: offered to the top two, and a second round already sent to the next two.

Each send is known by its message; a run adds a send only when no send with that message has a
shift still to come, so a second run the same day (or while the shifts are ahead) changes nothing.
Every offer goes through the services, so the eligibility rules hold (availability is added for the
people chosen, as a substitute would mark it).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import FIRST_SUBSTITUTE, Count, local
from vikarieportalen.staffing.booking.candidates import candidate_check
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Introduction,
    OfferSend,
    Shift,
    ShiftReason,
    ShiftStatus,
    Workplace,
)
from vikarieportalen.staffing.offers import answers, tasks
from vikarieportalen.staffing.offers import services as offers

STAFF = "LILE7514"
OPEN_MESSAGE = "Vi behöver förstärkning på eftermiddagen. Först att svara ja får passet."
FILLED_MESSAGE = "Extra pass vid aktivitet på eftermiddagen."
ROUNDS_MESSAGE = "Kort pass, kan bli fler förfrågningar om ingen svarar."


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


def _open_send(josa: User, home: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """JOSA9804 and two others have the offer waiting, on the first coming day she may take it.

    She works most days of the demo's schedule, and which days depends on the weekday the demo is
    built on; each day is tried in a savepoint, so a day she may not take leaves nothing behind.
    """
    for offset in range(2, 14):
        day = today + dt.timedelta(days=offset)
        tally: list[tuple[str, bool]] = []

        def note(what: str, created: bool, tally: list[tuple[str, bool]] = tally) -> None:
            tally.append((what, created))

        with transaction.atomic():
            shift = _shift(home, day, note)
            others = _users(_free(_introduced(home, leave_out={josa.pk}), day)[:6])
            people = _ready(shift, [josa, *others], note)
            if josa not in people:
                transaction.set_rollback(True)
                continue
            offers.offer_send(
                shifts=[shift], by=staff, substitutes=[josa, *people[1:3]], message=OPEN_MESSAGE
            )
        for what, created in tally:
            count(what, created)
        count("offer send-outs", True)
        return


def _filled_send(josa: User, place: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """Three asked, the first accepted."""
    pool = _introduced(place, leave_out={josa.pk})
    found = _free_day(pool, today + dt.timedelta(days=3), today + dt.timedelta(days=13), at_least=3)
    if found is None:
        return
    day, free = found
    shift = _shift(place, day, count)
    ready = _ready(shift, _users(free[:6]), count)[:3]
    if ready:
        result = offers.offer_send(shifts=[shift], by=staff, substitutes=ready, message=FILLED_MESSAGE)
        answers.offer_accept(offer=result.offers[0], by=ready[0])
        count("offer send-outs", True)


def _rounds_send(josa: User, place: Workplace, *, staff: User, today: dt.date, count: Count) -> None:
    """Automatic rounds: the top two, then a second round to the next two."""
    pool = _introduced(place, leave_out={josa.pk})
    found = _free_day(pool, today + dt.timedelta(days=4), today + dt.timedelta(days=13), at_least=4)
    if found is None:
        return
    day, free = found
    shift = _shift(place, day, count)
    if len(_ready(shift, _users(free[:6]), count)) >= 2:
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
    for message, send, place in (
        (OPEN_MESSAGE, _open_send, workplaces[0]),
        (FILLED_MESSAGE, _filled_send, workplaces[-1]),
        (ROUNDS_MESSAGE, _rounds_send, workplaces[len(workplaces) // 2]),
    ):
        if _still_ahead(message, now):
            count("offer send-outs", False)
        else:
            send(josa, place, staff=staff, today=today, count=count)
