"""Reads for leavers: HR's list of substitutes, what ending an engagement would do, who is due
for anonymisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from vikarieportalen.accounts.models import User
from vikarieportalen.certificates.models import CertificateOrder, CertificateStatus
from vikarieportalen.core.roles import Role
from vikarieportalen.payroll.models import TimeTransaction
from vikarieportalen.privacy.leavers import rules
from vikarieportalen.staffing.models import Booking, BookingStatus, Offer, OfferStatus
from vikarieportalen.staffing.selectors import (
    booking_list_future_for,
    booking_list_running_for,
    user_name_match,
)
from vikarieportalen.support.choices import CaseStatus
from vikarieportalen.support.models import SupportCase

SEARCH_LIMIT = 50


def substitute_search(*, query: str, limit: int = SEARCH_LIMIT) -> list[User]:
    """Substitutes (current and former, not anonymised) whose name, username or employee number
    matches every word of ``query``; by name, at most ``limit``. Empty query: nobody."""
    words = query.split()
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= user_name_match(word) | Q(employee_number__iexact=word)
    return list(
        User.objects.filter(condition, groups__name=Role.SUBSTITUTE.value, anonymised_at__isnull=True)
        .distinct()
        .order_by("family_name", "preferred_given_name", "pk")[:limit]
    )


def substitute_get_for_hr(*, user_id: int) -> User:
    """A substitute, current or former (DoesNotExist for anyone else)."""
    return User.objects.select_related("engagement_ended_by").get(
        pk=user_id, groups__name=Role.SUBSTITUTE.value
    )


def user_is_substitute(user: User) -> bool:
    return user.groups.filter(name=Role.SUBSTITUTE.value).exists()


@dataclass(frozen=True)
class EngagementEndPreview:
    """What ending ``user``'s engagement now would do, or why it cannot be done now."""

    running: list[Booking]  # a shift under way: ending is refused until it is over
    bookings: list[Booking]  # bookings not yet started: cancelled
    offers: list[Offer]  # open offers: withdrawn


def engagement_end_preview(*, user: User, now: dt.datetime) -> EngagementEndPreview:
    return EngagementEndPreview(
        running=booking_list_running_for(substitute=user, now=now),
        bookings=booking_list_future_for(substitute=user, now=now),
        offers=list(
            Offer.objects.filter(substitute=user, status=OfferStatus.OPEN)
            .select_related("shift__workplace")
            .order_by("shift__starts_at", "pk")
        ),
    )


def _needs_name() -> Q:
    """What still needs the person's name, so anonymisation waits (as conditions on User):
    hours not yet approved, pay lines not yet exported, an open support case, a certificate
    being handled."""
    person = OuterRef("pk")
    hours_waiting = Booking.objects.filter(
        substitute=person, status=BookingStatus.ACTIVE, time_report__isnull=True
    )
    unexported = TimeTransaction.objects.filter(substitute=person, batch__isnull=True)
    open_case = SupportCase.objects.filter(requester=person).exclude(
        status__in=[CaseStatus.SOLVED, CaseStatus.CLOSED]
    )
    open_order = CertificateOrder.objects.filter(
        substitute=person, status__in=[CertificateStatus.ORDERED, CertificateStatus.IN_REVIEW]
    )
    return Exists(hours_waiting) | Exists(unexported) | Exists(open_case) | Exists(open_order)


def leavers_due_for_anonymisation(*, now: dt.datetime, years: int | None = None) -> QuerySet[User]:
    """Leavers whose engagement ended at least ``years`` (RETENTION_LEAVER_YEARS) ago, not yet
    anonymised, with nothing left that needs their name; oldest end first."""
    years = settings.RETENTION_LEAVER_YEARS if years is None else years
    return leavers_ended_before(rules.anonymise_due_before(now=now, years=years))


def leavers_ended_before(before: dt.datetime) -> QuerySet[User]:
    """Leavers whose engagement ended at or before ``before``, not yet anonymised, with nothing left
    that needs their name (the retention purge's rule reads this)."""
    return (
        User.objects.filter(engagement_ended_at__lte=before, anonymised_at__isnull=True, is_active=False)
        .exclude(_needs_name())
        .order_by("engagement_ended_at", "pk")
    )


def leaver_is_due(*, user: User, now: dt.datetime, years: int | None = None) -> bool:
    return leavers_due_for_anonymisation(now=now, years=years).filter(pk=user.pk).exists()


@dataclass(frozen=True)
class MissingFromFile:
    """Current substitutes the HR file leaves out: ``missing`` by employee number; ``unnumbered``
    have none in the portal, so the file cannot speak for them (they are left alone)."""

    missing: list[User]
    unnumbered: list[User]


def substitutes_missing_from_file(*, employee_numbers: Iterable[str]) -> MissingFromFile:
    current = list(
        User.objects.filter(
            is_active=True, engagement_ended_at__isnull=True, groups__name=Role.SUBSTITUTE.value
        )
        .distinct()
        .order_by("family_name", "preferred_given_name", "pk")
    )
    numbered = {user.pk: user.employee_number for user in current if user.employee_number}
    missing = set(rules.missing_from_file(active=numbered, in_file=employee_numbers))
    return MissingFromFile(
        missing=[user for user in current if user.pk in missing],
        unnumbered=[user for user in current if not user.employee_number],
    )
