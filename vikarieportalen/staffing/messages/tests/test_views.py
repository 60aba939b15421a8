"""Group messages over HTTP: compose → preview → send, bad input, and the inbox."""

from __future__ import annotations

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.messages.services import SMS_KIND_GROUP
from vikarieportalen.staffing.models import GroupMessage, InboundMessage
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory
from vikarieportalen.testing import Who, assert_queries_do_not_grow, client_for, client_logged_in

pytestmark = pytest.mark.django_db

NEW = "/bemanning/utskick/nytt/"


@pytest.fixture
def staff():
    return StaffingCentreFactory()


@pytest.fixture
def solbacken():
    workplace = WorkplaceFactory(name="Solbacken")
    for _ in range(3):
        IntroductionFactory(workplace=workplace)
    return workplace


def _post(client, place, **extra):
    return client.post(
        NEW, {"text": "Vi behöver folk i morgon förmiddag på Solbacken", "workplace": place.pk, **extra}
    )


def test_compose_preview_send(staff, solbacken) -> None:
    client = client_logged_in(staff)
    assert client.get(NEW).status_code == 200

    preview = _post(client, solbacken, step="preview")
    body = preview.content.decode()
    assert preview.status_code == 200
    assert "Förhandsgranska" in body and "Mottagare" in body
    assert preview.context["preview"].preview.recipients == 3
    assert preview.context["preview"].preview.cost_ore == 3 * 45
    assert not Message.objects.exists()

    sent = _post(client, solbacken, step="send", previewed_count=3)
    message = GroupMessage.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/bemanning/utskick/{message.pk}/"
    assert Message.objects.filter(kind=SMS_KIND_GROUP).count() == 3
    detail = client.get(sent["Location"])
    assert "Solbacken" in detail.content.decode()
    assert "Solbacken" in client.get("/bemanning/utskick/").content.decode()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"text": ""}, "Skriv meddelandet."),
        ({"workplace": "", "area": "school"}, "Ingen finns i gruppen du valde."),
        ({"day": "2026-12-24", "available_from": "08:00"}, "ange datum och båda tiderna"),
        ({"previewed_count": 2}, "Gruppen har ändrats sedan förhandsgranskningen"),
    ],
)
def test_bad_input_is_refused_in_swedish_and_sends_nothing(staff, solbacken, data, expected) -> None:
    response = _post(client_logged_in(staff), solbacken, step="send", **{"previewed_count": 3, **data})
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not GroupMessage.objects.exists()
    assert not Message.objects.exists()


def test_above_the_threshold_the_box_must_be_ticked(staff, solbacken, settings) -> None:
    settings.GROUP_MESSAGE_CONFIRM_ABOVE = 2
    client = client_logged_in(staff)
    refused = _post(client, solbacken, step="send", previewed_count=3)
    assert "kryssa i rutan" in refused.content.decode()
    assert not Message.objects.exists()
    sent = _post(client, solbacken, step="send", previewed_count=3, confirm="on")
    assert sent.status_code == 302
    assert Message.objects.count() == 3


def test_the_inbox_lists_and_marks_handled(staff, solbacken) -> None:
    person = solbacken.introductions.first().substitute
    inbound = InboundMessage.objects.create(
        gateway_id="g1",
        sender_number=person.mobile,
        sender=person,
        text="Jag kan!",
        received_at=timezone.now(),
    )
    client = client_logged_in(staff)
    body = client.get("/bemanning/inkorg/").content.decode()
    assert "Jag kan!" in body and person.get_full_name() in body

    response = client.post(f"/bemanning/inkorg/{inbound.pk}/hanterad/", {"handled": "1"})
    assert response.status_code == 302
    inbound.refresh_from_db()
    assert inbound.handled_by == staff and inbound.handled_at is not None
    assert "Jag kan!" not in client.get("/bemanning/inkorg/").content.decode()
    assert "Jag kan!" in client.get("/bemanning/inkorg/?visa=handled").content.decode()


def test_the_inbox_needs_a_strong_login(staff) -> None:
    response = client_for(Who.STAFFING_CENTRE, user=staff, strong=False).get("/bemanning/inkorg/")
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def _grow(n: int):
    def grow() -> None:
        for k in range(n):
            person = IntroductionFactory().substitute
            message = GroupMessage.objects.create(
                created_by=StaffingCentreFactory(),
                text="Hej",
                group="alla",
                recipient_count=1,
                segments=1,
                cost_ore=45,
            )
            InboundMessage.objects.create(
                gateway_id=f"grow-{n}-{k}",
                sender_number=person.mobile,
                sender=person,
                text="Ja",
                received_at=timezone.now(),
                group_message=message,
                handled_at=timezone.now() if k % 2 else None,
                handled_by=StaffingCentreFactory() if k % 2 else None,
            )

    return grow


@pytest.mark.parametrize("url", ["/bemanning/utskick/", "/bemanning/inkorg/?visa=all"])
def test_list_pages_take_a_fixed_number_of_queries(staff, url) -> None:
    client = client_logged_in(staff)
    _grow(1)()
    assert_queries_do_not_grow(client, url, _grow(5))
