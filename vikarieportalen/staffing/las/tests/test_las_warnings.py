"""The staffing centre is told, once a day, how many substitutes newly came near or passed a LAS limit."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.utils import translation

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.las.tests.helpers import book_days, day_range
from vikarieportalen.staffing.las.warnings import (
    WARNING_KIND,
    Entered,
    entered,
    las_warnings_send,
    previous_working_day,
)
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import user_with_role

STOCKHOLM = ZoneInfo("Europe/Stockholm")
OK, NEARING, OVER = las.LasState.OK, las.LasState.NEARING, las.LasState.OVER
SAV, PRIORITY = las.LasRule.SAV_CONVERSION.value, las.LasRule.PRIORITY.value


def test_previous_working_day_skips_the_weekend() -> None:
    assert previous_working_day(dt.date(2026, 11, 24)) == dt.date(2026, 11, 23)  # Tuesday → Monday
    assert previous_working_day(dt.date(2026, 11, 23)) == dt.date(2026, 11, 20)  # Monday → Friday
    assert previous_working_day(dt.date(2026, 11, 22)) == dt.date(2026, 11, 20)  # Sunday → Friday


def test_only_new_crossings_count_once_per_person_under_the_worse() -> None:
    before = {(1, SAV): NEARING, (2, SAV): OVER, (4, SAV): NEARING}
    now = {
        (1, SAV): NEARING,  # no news
        (2, SAV): OVER,  # no news
        (3, SAV): NEARING,  # new: nearing
        (3, PRIORITY): NEARING,  # the same person again
        (4, SAV): OVER,  # new: over (from nearing)
        (5, PRIORITY): OVER,  # new: over, straight from ok
    }
    assert entered(before=before, now=now) == Entered(nearing=1, over=2)
    assert not entered(before=now, now=now)


@pytest.fixture
def near_on_tuesday() -> None:
    """330 SÄV days up to Monday 23 November 2026 (just under the warning margin), one more on Tuesday."""
    person, workplace = SubstituteFactory(), WorkplaceFactory()
    book_days(person, workplace, [*day_range(dt.date(2025, 12, 28), 330), dt.date(2026, 11, 24)])


def _at(day: int, hour: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=STOCKHOLM)


@pytest.mark.django_db
@override_settings(LAS_WARNING_TIME="07:00", LAS_WARNING_EMAIL="", LAS_WARNING_DAYS=30)
def test_the_staffing_centre_hears_once_without_names(near_on_tuesday: None) -> None:
    staff = user_with_role(Role.STAFFING_CENTRE, email="louise@example.se", language="en")
    user_with_role(Role.STAFFING_CENTRE, email="")  # no address
    assert las_warnings_send(now=_at(24, 6)) == 0  # before seven
    with translation.override("en"):
        assert las_warnings_send(now=_at(24, 8)) == 1
        assert las_warnings_send(now=_at(24, 9)) == 1  # the same e-mail: recorded once
    mails = list(Message.objects.filter(kind=WARNING_KIND))
    assert [(m.recipient_id, m.channel) for m in mails] == [(staff.pk, "email")]
    assert "come near a LAS limit since the last working day: 1." in mails[0].text
    assert "/bemanning/las/" in mails[0].text


@pytest.mark.django_db
@override_settings(LAS_WARNING_TIME="07:00", LAS_WARNING_EMAIL="bemanning@example.se")
def test_nothing_new_or_a_weekend_sends_nothing(near_on_tuesday: None) -> None:
    assert las_warnings_send(now=_at(28, 9)) == 0  # Saturday
    assert las_warnings_send(now=_at(26, 9)) == 0  # Thursday: nothing changed since Wednesday
    assert las_warnings_send(now=_at(24, 9)) == 1  # Tuesday: to the shared mailbox
    assert list(Message.objects.values_list("to_email", flat=True)) == ["bemanning@example.se"]
