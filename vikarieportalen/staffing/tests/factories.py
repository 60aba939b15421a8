"""Factories for staffing data. Times are Europe/Stockholm local unless given as aware datetimes.

``ShiftFactory(workplace=wp, starts_at=at(2026, 12, 3, 7), ends_at=at(2026, 12, 3, 16), break_minutes=45)``
— ``day`` follows ``starts_at``. ``BookingFactory(shift=shift, substitute=sub)`` copies the shift's
times and workplace, like the booking service does (but checks no rules and sends no SMS).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

import factory

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.booking.facts import work_minutes_of
from vikarieportalen.staffing.models import (
    AreaOfWork,
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingSource,
    BookingStatus,
    Introduction,
    Qualification,
    Shift,
    ShiftReason,
    ShiftStatus,
    SubstituteProfile,
    SubstituteQualification,
    WeeklyAvailability,
    Workplace,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0) -> dt.datetime:
    """An aware Europe/Stockholm datetime (``fold=1``: the second 02:xx on the night clocks go back)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM, fold=fold)


def _in_days(days: int, hour: int, minute: int = 0) -> dt.datetime:
    today = dt.datetime.now(tz=STOCKHOLM).date() + dt.timedelta(days=days)
    return dt.datetime.combine(today, dt.time(hour, minute), tzinfo=STOCKHOLM)


class WorkplaceFactory(factory.django.DjangoModelFactory):
    """``WorkplaceFactory(managers=[manager])``."""

    class Meta:
        model = Workplace
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Äldreboendet Solrosen {n}")
    area = AreaOfWork.ELDERLY_CARE
    address = factory.Sequence(lambda n: f"Solrosvägen {n + 1}, 681 42 Kristinehamn")
    phone = "0550-880 00"
    is_active = True

    @factory.post_generation
    def managers(self, create: bool, extracted: Iterable[User] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.managers.add(*extracted)


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"kompetens-{n}")
    name = factory.Sequence(lambda n: f"Kompetens {n}")
    expires = False


class SubstituteProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubstituteProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(SubstituteFactory)
    is_bookable = True


class SubstituteQualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubstituteQualification

    substitute = factory.SubFactory(SubstituteFactory)
    qualification = factory.SubFactory(QualificationFactory)
    valid_until = None


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    substitute = factory.SubFactory(SubstituteFactory)
    workplace = factory.SubFactory(WorkplaceFactory)
    introduced_on = factory.LazyFunction(lambda: dt.datetime.now(tz=STOCKHOLM).date() - dt.timedelta(days=30))


class AvailabilityPeriodFactory(factory.django.DjangoModelFactory):
    """Available from 06:00 tomorrow for a week, by default."""

    class Meta:
        model = AvailabilityPeriod

    substitute = factory.SubFactory(SubstituteFactory)
    kind = AvailabilityKind.AVAILABLE
    starts_at = factory.LazyFunction(lambda: _in_days(1, 6))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=7))
    note = ""


class WeeklyAvailabilityFactory(factory.django.DjangoModelFactory):
    """Mondays 07:00–16:00, valid from a month ago, by default."""

    class Meta:
        model = WeeklyAvailability

    substitute = factory.SubFactory(SubstituteFactory)
    kind = AvailabilityKind.AVAILABLE
    weekday = 0
    starts = dt.time(7)
    ends = dt.time(16)
    valid_from = factory.LazyFunction(lambda: dt.datetime.now(tz=STOCKHOLM).date() - dt.timedelta(days=30))
    valid_until = None


class ShiftFactory(factory.django.DjangoModelFactory):
    """07:00–16:00 with 45 minutes' break, the day after tomorrow, by default."""

    class Meta:
        model = Shift
        skip_postgeneration_save = True

    workplace = factory.SubFactory(WorkplaceFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(2, 7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=9))
    day = factory.LazyAttribute(lambda o: o.starts_at.astimezone(STOCKHOLM).date())
    break_minutes = 45
    reason = ShiftReason.SICK_LEAVE
    note = ""
    status = ShiftStatus.ACTIVE

    @factory.post_generation
    def required_qualifications(
        self, create: bool, extracted: Iterable[Qualification] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            self.required_qualifications.add(*extracted)


def _work_minutes(o: Any) -> int:
    # The booking service's own rule: real minutes (also across a daylight-saving change) minus the break.
    return work_minutes_of(o.starts_at, o.ends_at, o.shift.break_minutes)


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking copied from its shift; no rules are checked (use booking_create for that)."""

    class Meta:
        model = Booking

    shift = factory.SubFactory(ShiftFactory)
    substitute = factory.SubFactory(SubstituteFactory)
    workplace = factory.LazyAttribute(lambda o: o.shift.workplace)
    starts_at = factory.LazyAttribute(lambda o: o.shift.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.shift.ends_at)
    work_minutes = factory.LazyAttribute(_work_minutes)
    status = BookingStatus.ACTIVE
    source = BookingSource.DIRECT


def substitute_ready_for(shift: Shift, **user_fields: Any) -> User:
    """A substitute who may take ``shift``: introduced at its workplace, available for it, holding
    its required qualifications."""
    substitute: User = SubstituteFactory(**user_fields)
    IntroductionFactory(substitute=substitute, workplace=shift.workplace)
    AvailabilityPeriodFactory(
        substitute=substitute,
        starts_at=shift.starts_at - dt.timedelta(hours=1),
        ends_at=shift.ends_at + dt.timedelta(hours=1),
    )
    for qualification in shift.required_qualifications.all():
        SubstituteQualificationFactory(substitute=substitute, qualification=qualification)
    return substitute
