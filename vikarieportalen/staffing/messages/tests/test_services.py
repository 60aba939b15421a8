"""Group messages through the database: who is in the group, the outbox rows, the offer send-out,
and the inbox of replies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.time import local_instant
from vikarieportalen.notifications.inbound import InboundSms, inbound_sms_dispatch
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.messages.selectors import GroupChoice, group_select
from vikarieportalen.staffing.messages.services import (
    SMS_KIND_GROUP,
    group_message_preview,
    group_message_send,
)
from vikarieportalen.staffing.models import GroupMessage, InboundMessage, Offer
from vikarieportalen.staffing.offers.notify import SMS_KIND_OFFER
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteQualificationFactory,
    WorkplaceFactory,
    substitute_ready_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def solbacken():
    return WorkplaceFactory(name="Solbacken")


def _introduced(workplace, n: int) -> list:
    return [IntroductionFactory(workplace=workplace).substitute for _ in range(n)]


def test_the_group_is_chosen_by_introduction_qualification_and_availability(solbacken) -> None:
    introduced = _introduced(solbacken, 3)
    SubstituteFactory()  # not introduced: never in the group
    SubstituteFactory(mobile="")  # no number: never counted
    nurse = QualificationFactory(name="Undersköterska")
    SubstituteQualificationFactory(substitute=introduced[0], qualification=nurse)
    SubstituteQualificationFactory(substitute=introduced[1], qualification=nurse)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    start, end = local_instant(tomorrow, dt.time(7)), local_instant(tomorrow, dt.time(12))
    AvailabilityPeriodFactory(substitute=introduced[1], starts_at=start - dt.timedelta(hours=1), ends_at=end)
    today = timezone.localdate()

    assert set(group_select(choice=GroupChoice(workplace=solbacken), today=today)) == set(introduced)
    by_area = group_select(choice=GroupChoice(area=solbacken.area), today=today)
    assert set(by_area) == set(introduced)
    assert set(
        group_select(choice=GroupChoice(workplace=solbacken, qualification=nurse), today=today)
    ) == set(introduced[:2])
    available = GroupChoice(workplace=solbacken, available_from=start, available_until=end)
    assert group_select(choice=available, today=today) == [introduced[1]]
    nobody_near_las = GroupChoice(workplace=solbacken, las_state=las.LasState.OVER)
    assert group_select(choice=nobody_near_las, today=today) == []
    assert len(group_select(choice=GroupChoice(workplace=solbacken, las_state="ok"), today=today)) == 3


def test_a_group_message_is_one_outbox_row_per_person_and_waits_for_the_morning(solbacken) -> None:
    people = _introduced(solbacken, 3)
    by = StaffingCentreFactory()

    sent = group_message_send(
        by=by, choice=GroupChoice(workplace=solbacken), text="Vi behöver folk i morgon!"
    )

    rows = Message.objects.filter(kind=SMS_KIND_GROUP)
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(p.pk for p in people)
    assert {row.text for row in rows} == {"Vi behöver folk i morgon!"}
    assert not any(row.urgent for row in rows)  # about no particular time: quiet hours apply
    assert (sent.recipient_count, sent.segments, sent.cost_ore) == (3, 1, 3 * 45)
    assert sent.recipients.count() == 3


def test_a_group_message_about_this_morning_is_urgent(solbacken) -> None:
    _introduced(solbacken, 1)
    now = timezone.now()
    choice = GroupChoice(workplace=solbacken, available_from=now + dt.timedelta(hours=1))
    assert group_message_preview(choice=choice, text="Nu!").urgent
    later = GroupChoice(workplace=solbacken, available_from=now + dt.timedelta(days=9))
    assert not group_message_preview(choice=later, text="Sen").urgent


def test_bad_input_sends_nothing(solbacken) -> None:
    by = StaffingCentreFactory()
    with pytest.raises(Refused) as refused:
        group_message_send(by=by, choice=GroupChoice(workplace=solbacken), text="Hej")
    assert refused.value.code == "no_recipients"
    _introduced(solbacken, 2)
    with pytest.raises(Refused) as refused:
        group_message_send(by=by, choice=GroupChoice(workplace=solbacken), text="  ")
    assert refused.value.code == "empty_text"
    assert not GroupMessage.objects.exists()
    assert not Message.objects.exists()


def test_caps_per_message_and_per_day_and_the_confirmation(solbacken, settings) -> None:
    settings.GROUP_MESSAGE_MAX_RECIPIENTS = 3
    settings.GROUP_MESSAGE_MAX_RECIPIENTS_PER_DAY = 5
    settings.GROUP_MESSAGE_CONFIRM_ABOVE = 2
    by = StaffingCentreFactory()
    people = _introduced(solbacken, 4)
    choice = GroupChoice(workplace=solbacken)
    with pytest.raises(Refused) as refused:
        group_message_send(by=by, choice=choice, text="Hej", confirmed=True)
    assert refused.value.code == "over_cap"
    people[3].delete()
    with pytest.raises(Refused) as refused:
        group_message_send(by=by, choice=choice, text="Hej")
    assert refused.value.code == "confirm"
    group_message_send(by=by, choice=choice, text="Hej", confirmed=True)
    with pytest.raises(Refused) as refused:
        group_message_send(by=by, choice=choice, text="Hej igen", confirmed=True)
    assert refused.value.code == "over_day_cap"
    assert Message.objects.count() == 3


def test_a_group_that_changed_since_the_preview_is_shown_again(solbacken) -> None:
    _introduced(solbacken, 2)
    with pytest.raises(Refused) as refused:
        group_message_send(
            by=StaffingCentreFactory(), choice=GroupChoice(workplace=solbacken), text="Hej", previewed_count=1
        )
    assert refused.value.code == "changed"
    assert not Message.objects.exists()


def test_with_a_shift_the_group_gets_the_offer_and_a_yes_books_through_the_offers() -> None:
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    shift = ShiftFactory(starts_at=start, ends_at=start + dt.timedelta(hours=8))
    first, second = substitute_ready_for(shift), substitute_ready_for(shift)
    choice = GroupChoice(workplace=shift.workplace, shift=shift)

    sent = group_message_send(by=StaffingCentreFactory(), choice=choice, text="Akut: kan du i morgon?")

    assert sent.offer_send is not None and sent.offer_send.message == "Akut: kan du i morgon?"
    assert sent.recipient_count == 2
    assert Message.objects.filter(kind=SMS_KIND_OFFER).count() == 2
    assert not Message.objects.filter(kind=SMS_KIND_GROUP).exists()
    code = Offer.objects.get(substitute=first).code
    assert _in(first.mobile, f"JA {code}") == "staffing.offers"
    assert Offer.objects.get(substitute=first).status == "accepted"
    assert not InboundMessage.objects.exists()
    del second


def _in(sender: str, text: str, gateway_id: str = "in-1") -> str | None:
    return inbound_sms_dispatch(
        InboundSms(
            gateway_id=gateway_id, sender=sender, to="+46766860000", text=text, received_at=timezone.now()
        )
    )


def test_a_reply_to_a_group_message_lands_in_the_inbox_once_and_gets_no_help_sms(solbacken) -> None:
    [person] = _introduced(solbacken, 1)
    sent = group_message_send(
        by=StaffingCentreFactory(), choice=GroupChoice(workplace=solbacken), text="Kan du?"
    )
    outbox_before = Message.objects.count()

    assert _in(person.mobile, "Ja, jag kan komma kl 8!") == "staffing.group_messages"
    assert _in(person.mobile, "Ja, jag kan komma kl 8!") == "staffing.group_messages"  # posted twice

    [inbound] = InboundMessage.objects.all()
    assert (inbound.sender, inbound.group_message, inbound.text) == (person, sent, "Ja, jag kan komma kl 8!")
    assert Message.objects.count() == outbox_before


def test_a_strangers_sms_is_not_kept() -> None:
    assert _in("+46709998877", "Hej") is None
    assert not InboundMessage.objects.exists()


def test_other_text_from_a_known_person_is_kept_without_a_group_message() -> None:
    person = SubstituteFactory()
    assert _in(person.mobile, "Jag är sjuk i morgon") is None
    assert InboundMessage.objects.get().group_message is None
