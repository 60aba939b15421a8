"""The demo's push notices: devices turned on over time, and the history's offers told through the outbox."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.conf import settings
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.demo.common import FIRST_SUBSTITUTE
from vikarieportalen.demo.staffing.push_notices import demo_push_build
from vikarieportalen.notifications.models import (
    Channel,
    Message,
    NoticeCategory,
    NoticePreference,
    PushSubscription,
    Status,
)
from vikarieportalen.notifications.push.rules import endpoint_problem, keys_valid
from vikarieportalen.notifications.selectors import push_months
from vikarieportalen.staffing.models import Offer, OfferSend, OfferStatus
from vikarieportalen.staffing.offers.notify import offer_sms_key
from vikarieportalen.staffing.tests.factories import ShiftFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)
NUMBERS = itertools.count(5000)


def _history() -> list[Offer]:
    """Forty offers over the two weeks before NOW, to Sara and twenty others."""
    people = [SubstituteFactory(username=FIRST_SUBSTITUTE)] + [SubstituteFactory() for _ in range(20)]
    offers = []
    for n in range(40):
        sent = NOW - dt.timedelta(days=14) + dt.timedelta(hours=8 * n)
        shift = ShiftFactory(
            starts_at=sent + dt.timedelta(days=1), ends_at=sent + dt.timedelta(days=1, hours=8)
        )
        offer = Offer.objects.create(
            send=OfferSend.objects.create(),
            shift=shift,
            substitute=people[n % len(people)],
            code=str(next(NUMBERS)),
            token=f"demo-push-test-{next(NUMBERS)}",
            status=OfferStatus.TAKEN,  # another accepted it: no answer time of theirs
            expires_at=shift.starts_at,
        )
        Offer.objects.filter(pk=offer.pk).update(created_at=sent)
        offers.append(offer)
    return offers


def test_the_history_is_told_as_push_or_sms_and_a_second_run_adds_nothing() -> None:
    offers = _history()
    counted: list[bool] = []

    demo_push_build(count=lambda _what, created: counted.append(created), now=NOW)
    rows = Message.objects.count()
    demo_push_build(count=lambda _what, created: counted.append(created), now=NOW)

    assert counted[-1] is False and all(counted[:-1]) and len(counted) > 2
    assert Message.objects.count() == rows
    sms = {m.idempotency_key: m for m in Message.objects.filter(channel=Channel.SMS)}
    assert set(sms) == {offer_sms_key(offer) for offer in offers}  # every offer told once
    assert not Message.objects.filter(status__in=[Status.QUEUED, Status.WAITING]).exists()  # all settled
    pushes = list(Message.objects.filter(channel=Channel.PUSH))
    assert 0 < len(pushes) < len(offers)
    for push in pushes:  # only to someone whose device was on by then, with its stand-in SMS
        device = PushSubscription.objects.get(user=push.recipient)
        assert device.created_at <= push.created_at
        stand_in = Message.objects.filter(fallback_for=push).first()
        if stand_in is None:  # chose both: the SMS went as well
            assert sms[push.idempotency_key.removesuffix(":push")].status == Status.SENT
            continue
        opened_in_time = push.opened_at is not None and push.opened_at - push.created_at <= dt.timedelta(
            minutes=settings.PUSH_FALLBACK_MINUTES
        )
        assert stand_in.status == (Status.SKIPPED if opened_in_time else Status.SENT)


def test_sara_has_a_device_and_choices_and_the_outbox_shows_the_push_share() -> None:
    _history()
    demo_push_build(count=lambda _what, _created: None, now=NOW)

    device = PushSubscription.objects.get(user__username=FIRST_SUBSTITUTE)
    assert device.device_label and keys_valid(p256dh=device.p256dh, auth=device.auth)
    assert endpoint_problem(device.endpoint, allowed=settings.PUSH_ALLOWED_SERVICES) is None
    assert set(NoticePreference.objects.filter(user=device.user).values_list("category", flat=True)) == set(
        NoticeCategory.values
    )
    months = push_months(now=NOW)
    assert sum(m.push for m in months) > 0 and sum(m.segments_saved for m in months) > 0
    assert all(0 < m.push_share < 1 for m in months)
    assert timezone.is_aware(device.created_at)
