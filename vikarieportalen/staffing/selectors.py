from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.models import Booking, BookingStatus, Workplace


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
    """The substitute's next active booking that has not ended yet, with its shift's workplace."""
    return (
        Booking.objects.filter(substitute=substitute, status=BookingStatus.ACTIVE, ends_at__gt=timezone.now())
        .select_related("workplace", "shift")
        .order_by("starts_at")
        .first()
    )
