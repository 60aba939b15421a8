from __future__ import annotations

from django.db.models import QuerySet

from vikarieportalen.accounts.models import User

from .models import Workplace


def workplace_list_managed(*, user: User) -> QuerySet[Workplace]:
    """The workplaces a manager manages, by name."""
    return Workplace.objects.filter(managers=user, is_active=True).order_by("name")
