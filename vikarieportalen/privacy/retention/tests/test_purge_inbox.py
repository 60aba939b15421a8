"""Retention of group messages and the staffing centre's SMS inbox: texts blanked after 90 days,
rows gone after two years (privacy/retention/policy.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.privacy.retention.services import purge_expired_data
from vikarieportalen.privacy.retention.tests.conftest import NOW, days_ago
from vikarieportalen.staffing.models import GroupMessage, GroupMessageRecipient, InboundMessage

pytestmark = pytest.mark.django_db

SECOND = dt.timedelta(seconds=1)


def _inbound(gateway_id: str, *, received_at: dt.datetime, **fields) -> InboundMessage:
    return InboundMessage.objects.create(
        gateway_id=gateway_id,
        sender_number="+46701234567",
        text="Jag kan!",
        received_at=received_at,
        **fields,
    )


def test_inbound_texts_are_blanked_after_ninety_days_and_the_row_stays(clock) -> None:
    person = SubstituteFactory()
    old = _inbound("old", received_at=days_ago(90) - SECOND, sender=person)
    young = _inbound("young", received_at=days_ago(90) + SECOND)
    clock(NOW)

    assert purge_expired_data()["inbound_sms_texts"] == 1

    old.refresh_from_db()
    young.refresh_from_db()
    assert (old.text, old.sender, old.sender_number) == ("", person, "+46701234567")
    assert young.text == "Jag kan!"


def test_inbound_rows_and_group_messages_go_after_two_years(clock) -> None:
    person = SubstituteFactory()
    clock(days_ago(730) - SECOND)
    old_group = GroupMessage.objects.create(
        text="Hej", group="alla", recipient_count=1, segments=1, cost_ore=45
    )
    GroupMessageRecipient.objects.create(message=old_group, substitute=person)
    old = _inbound("old", received_at=days_ago(730) - SECOND, group_message=old_group)
    clock(days_ago(730) + SECOND)
    young_group = GroupMessage.objects.create(
        text="Hej", group="alla", recipient_count=0, segments=1, cost_ore=0
    )
    young = _inbound("young", received_at=days_ago(730) + SECOND, group_message=young_group)
    clock(NOW)

    counts = purge_expired_data()

    assert (counts["inbound_sms"], counts["group_messages"]) == (1, 1)
    assert not InboundMessage.objects.filter(pk=old.pk).exists()
    assert not GroupMessageRecipient.objects.exists()
    assert list(GroupMessage.objects.all()) == [young_group]
    young.refresh_from_db()
    assert young.group_message == young_group
