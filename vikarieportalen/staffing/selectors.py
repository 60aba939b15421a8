from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import Booking, BookingStatus, Introduction, Workplace


def workplace_list_managed(*, user: User) -> QuerySet[Workplace]:
    """The workplaces a manager manages, by name."""
    return Workplace.objects.filter(managers=user, is_active=True).order_by("name")


def profile_managed_workplaces(user: User) -> dict[str, list[Workplace]]:
    """The section staffing adds to *Mina uppgifter*: a manager's workplaces (registered in apps.py)."""
    if not user.has_role(Role.WORKPLACE_MANAGER):
        return {"managed_workplaces": []}
    return {"managed_workplaces": list(workplace_list_managed(user=user))}


def substitute_areas(*, user: User) -> set[str]:
    """The areas of work (``AreaOfWork`` values) of the active workplaces a substitute is introduced at.

    News and required trainings aimed at an area reach the substitutes working in it.
    """
    if not user.is_authenticated:
        return set()
    return set(
        Workplace.objects.filter(introductions__substitute=user, is_active=True)
        .values_list("area", flat=True)
        .distinct()
    )


def booking_next_for(*, substitute: User) -> Booking | None:
    """The substitute's next active booking that has not ended yet: its times and its workplace's
    name, what the start page's panel shows. Every substitute's start page reads it, so only those
    columns are read (building the query costs more than running it); any other field is read on
    first use, one query each."""
    return (
        Booking.objects.filter(substitute=substitute, status=BookingStatus.ACTIVE, ends_at__gt=timezone.now())
        .select_related("workplace")
        .only("starts_at", "ends_at", "workplace__name")
        .order_by("starts_at")
        .first()
    )


def booking_list_running_for(*, substitute: User, now: dt.datetime) -> list[Booking]:
    """The substitute's active bookings that have started and not yet ended, with the workplace."""
    return list(
        Booking.objects.filter(
            substitute=substitute, status=BookingStatus.ACTIVE, starts_at__lte=now, ends_at__gt=now
        )
        .select_related("workplace")
        .order_by("starts_at", "pk")
    )


def booking_list_future_for(*, substitute: User, now: dt.datetime) -> list[Booking]:
    """The substitute's active bookings that have not started, soonest first, with the workplace."""
    return list(
        Booking.objects.filter(substitute=substitute, status=BookingStatus.ACTIVE, starts_at__gt=now)
        .select_related("workplace")
        .order_by("starts_at", "pk")
    )


def introduction_list_for(*, substitute: User) -> list[Introduction]:
    """The workplaces ``substitute`` is introduced at, by workplace name (one query)."""
    return list(
        Introduction.objects.filter(substitute=substitute)
        .select_related("workplace")
        .order_by("workplace__name")
    )


def user_name_match(word: str) -> Q:
    """Users whose names or username contain ``word``, in any case (the pool's and lists' search)."""
    return (
        Q(preferred_given_name__icontains=word)
        | Q(given_names__icontains=word)
        | Q(family_name__icontains=word)
        | Q(username__icontains=word)
    )


def staffing_centre_recipients(*, shared_mailbox: str) -> list[tuple[User | None, str]]:
    """Whom an e-mail to the staffing centre goes to, as (person, address) pairs for
    ``message_send_email``: the shared mailbox alone when one is set, otherwise every active
    staffing-centre user with an address (each in their own language)."""
    if shared_mailbox:
        return [(None, shared_mailbox)]
    staff = User.objects.filter(groups__name=Role.STAFFING_CENTRE.value, is_active=True).exclude(email="")
    return [(person, "") for person in staff.order_by("pk").distinct()]
