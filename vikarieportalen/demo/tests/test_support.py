"""The demo's support cases: every status, a rating, no SMS; a second run makes nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from vikarieportalen.accounts.tests.factories import PayrollFactory, SubstituteFactory
from vikarieportalen.demo.support import demo_support_load
from vikarieportalen.notifications.models import Message
from vikarieportalen.support.choices import CaseStatus, MessageKind
from vikarieportalen.support.models import SupportAttachment, SupportCase, SupportMessage, SupportRating

pytestmark = pytest.mark.django_db


def test_demo_cases_are_made_once_in_every_status() -> None:
    for number in ("V10001", "V10002", "V10003", "V10004"):
        SubstituteFactory(employee_number=number)
    eva = PayrollFactory(employee_number="P20011")
    PayrollFactory(employee_number="P20012")
    now = dt.datetime(2026, 6, 17, 7, 30, tzinfo=ZoneInfo("Europe/Stockholm"))  # before the day's first case

    assert demo_support_load(now=now) == 6
    assert demo_support_load(now=now) == 0

    assert set(SupportCase.objects.values_list("status", flat=True)) == {
        CaseStatus.NEW,
        CaseStatus.IN_PROGRESS,
        CaseStatus.WAITING,
        CaseStatus.SOLVED,
        CaseStatus.CLOSED,
    }
    assert SupportCase.objects.filter(created_at__gt=now).count() == 0
    rating = SupportRating.objects.get()
    assert rating.score == 5 and rating.handled_by == eva
    assert SupportMessage.objects.filter(kind=MessageKind.NOTE).count() == 2
    assert SupportAttachment.objects.get().content_type == "image/png"
    assert not Message.objects.exists()  # the demo tells nobody
