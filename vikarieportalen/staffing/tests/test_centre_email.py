"""The one loop that e-mails the staffing centre: each person in their language, or the shared
mailbox alone, and an address the outbox refuses does not stop the others."""

from __future__ import annotations

import pytest
from django.utils.translation import get_language

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.centre_email import staffing_centre_email_send
from vikarieportalen.staffing.reopened.notify import EMAIL_KIND_REOPENED as KIND

pytestmark = pytest.mark.django_db


def _texts() -> tuple[str, str]:
    return f"Subject {get_language()}", "Text"


def test_each_staffing_centre_person_gets_one_email_in_their_language() -> None:
    first = StaffingCentreFactory(language="sv")
    second = StaffingCentreFactory(language="en")
    recorded = staffing_centre_email_send(
        shared_mailbox="", texts=_texts, kind=KIND, idempotency_key="test:1", about="test"
    )
    assert recorded == 2
    sent = {m.recipient_id: m for m in Message.objects.filter(kind=KIND)}
    assert set(sent) == {first.pk, second.pk}
    assert sent[first.pk].idempotency_key == f"test:1:{first.pk}"
    assert sent[first.pk].subject == "Subject sv" and sent[second.pk].subject == "Subject en"


def test_a_shared_mailbox_gets_it_alone_and_a_refused_address_records_nothing() -> None:
    StaffingCentreFactory()
    recorded = staffing_centre_email_send(
        shared_mailbox="bemanning@example.se", texts=_texts, kind=KIND, idempotency_key="k", about="t"
    )
    assert recorded == 1
    assert list(Message.objects.values_list("to_email", "idempotency_key")) == [
        ("bemanning@example.se", "k:bemanning@example.se")
    ]
    refused = staffing_centre_email_send(
        shared_mailbox="not an address", texts=_texts, kind=KIND, idempotency_key="k2", about="t"
    )
    assert refused == 0
    assert Message.objects.count() == 1
