"""The demo's group messages: two sent by LILE7514, four replies in the inbox (one handled), and a
second run that adds nothing (without building the whole demo municipality)."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.demo.staffing.group_messages import demo_group_messages_build
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.models import GroupMessage, InboundMessage
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory

pytestmark = pytest.mark.django_db


def test_demo_group_messages_have_replies_and_a_second_run_adds_nothing() -> None:
    StaffingCentreFactory(username="LILE7514")
    workplace = WorkplaceFactory(name="Solbackens äldreboende")
    IntroductionFactory(workplace=workplace, substitute=SubstituteFactory(username="JOSA9804"))
    for _ in range(4):
        IntroductionFactory(workplace=workplace)
    counted: list[bool] = []

    demo_group_messages_build(count=lambda _what, created: counted.append(created))
    assert GroupMessage.objects.count() == 2
    assert InboundMessage.objects.count() == 4
    assert InboundMessage.objects.filter(handled_at__isnull=False).count() == 1
    assert all(reply.group_message is not None for reply in InboundMessage.objects.all())
    outbox = Message.objects.count()

    counted.clear()
    demo_group_messages_build(count=lambda _what, created: counted.append(created))
    assert not any(counted)
    assert (GroupMessage.objects.count(), InboundMessage.objects.count(), Message.objects.count()) == (
        2,
        4,
        outbox,
    )
