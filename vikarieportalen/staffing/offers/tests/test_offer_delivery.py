"""What became of each offer SMS: the selector, the send-out's and the shift's pages (live with
htmx), and sending a failed SMS again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.notifications.rules import DELIVERY_REPORT_FAILED
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import Offer, OfferStatus
from vikarieportalen.staffing.offers import answers
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.offers.notify import offer_sms_key
from vikarieportalen.staffing.offers.rules import SmsState
from vikarieportalen.staffing.offers.selectors import offer_send_detail, offer_shift_recipients
from vikarieportalen.staffing.tests.factories import ShiftFactory, substitute_ready_for
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english, user_with_role

pytestmark = pytest.mark.django_db

FAILED_REASON = DELIVERY_REPORT_FAILED


def _soon(hours: float) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=3, hours=hours)


@pytest.fixture
def shift():
    return ShiftFactory(starts_at=_soon(0), ends_at=_soon(3))


@pytest.fixture
def staff():
    return StaffingCentreFactory()


@pytest.fixture
def sent(shift, staff):
    people = [substitute_ready_for(shift, language="en") for _ in range(3)]
    return offers.offer_send(shifts=[shift], by=staff, substitutes=people).offers


def _message(offer: Offer) -> Message:
    return Message.objects.get(idempotency_key=offer_sms_key(offer))


def _set(offer: Offer, status: str, **fields: object) -> None:
    pending = status in (Status.QUEUED, Status.HELD, Status.SENDING)
    Message.objects.filter(idempotency_key=offer_sms_key(offer)).update(
        status=status,
        next_attempt_at=fields.pop("next_attempt_at", timezone.now() if pending else None),
        **fields,
    )


def _failed_one(sent: list[Offer]) -> None:
    _set(sent[0], Status.DELIVERED, delivered_at=timezone.now())
    _set(sent[1], Status.FAILED, last_error=FAILED_REASON)
    _set(sent[2], Status.DELIVERED, delivered_at=timezone.now())


# --- the selector ----------------------------------------------------------------------------------


def test_each_recipient_has_their_sms_state_and_answer(sent, shift):
    seven = _soon(-10)
    _set(sent[0], Status.DELIVERED)
    _set(sent[1], Status.FAILED, last_error=FAILED_REASON)
    _set(sent[2], Status.HELD, next_attempt_at=seven)
    answers.offer_decline(offer=sent[0], by=sent[0].substitute)
    detail = offer_send_detail(send_id=sent[0].send_id)
    (group,) = detail.shifts
    by_offer = {recipient.offer.pk: recipient for recipient in group.recipients}
    assert by_offer[sent[0].pk].sms.state == SmsState.DELIVERED
    assert by_offer[sent[0].pk].answer == OfferStatus.DECLINED
    assert by_offer[sent[1].pk].sms.state == SmsState.FAILED
    assert by_offer[sent[1].pk].sms.reason == FAILED_REASON
    assert by_offer[sent[1].pk].may_resend and by_offer[sent[1].pk].sms_missed
    assert by_offer[sent[2].pk].sms.held_until == seven
    assert not detail.summary.final and not detail.summary.all_delivered
    shift_view = offer_shift_recipients(shift=shift)
    assert [r.sms.state for r in shift_view.recipients] == [r.sms.state for r in group.recipients]


def test_a_person_without_a_mobile_number_is_told_as_no_sms(shift, staff):
    person = substitute_ready_for(shift)
    person.mobile = ""
    person.save(update_fields=["mobile"])
    (offer,) = offers.offer_send(shifts=[shift], by=staff, substitutes=[person]).offers
    (recipient,) = offer_shift_recipients(shift=shift).recipients
    assert recipient.offer == offer and recipient.sms.state == SmsState.NONE and recipient.sms_missed


def _queries(work) -> int:
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


def test_the_selectors_take_as_many_queries_for_one_recipient_as_for_many(shift, staff):
    first = substitute_ready_for(shift)
    (offer,) = offers.offer_send(shifts=[shift], by=staff, substitutes=[first]).offers
    send_id = offer.send_id
    one_send = _queries(lambda: offer_send_detail(send_id=send_id))
    one_shift = _queries(lambda: offer_shift_recipients(shift=shift))
    more = [substitute_ready_for(shift) for _ in range(4)]
    offers.offer_send(shifts=[shift], by=staff, substitutes=more)
    Offer.objects.exclude(send_id=send_id).update(send_id=send_id)
    assert Offer.objects.filter(send_id=send_id).count() == 5
    assert _queries(lambda: offer_send_detail(send_id=send_id)) == one_send == 3
    assert _queries(lambda: offer_shift_recipients(shift=shift)) == one_shift == 2


# --- the pages -------------------------------------------------------------------------------------


def test_the_send_out_page_says_which_sms_failed_and_never_that_everyone_got_it(sent, staff):
    _failed_one(sent)
    response = english(client_logged_in(staff)).get(
        reverse("staffing:offer_send_detail", args=[sent[0].send_id])
    )
    assert response.status_code == 200
    text = response.text
    assert "failed: 1" in text and "delivered: 2" in text and "The phone could not be reached." in text
    assert FAILED_REASON not in text  # the outbox's own words, for staff in their language
    assert "were delivered" not in text
    assert 'data-sms="failed"' in text and "Send the SMS again" in text
    assert reverse("staffing:offer_send_shift", args=[sent[1].shift_id]) in text  # pick another person
    assert "hx-get" not in text  # every SMS is final: no polling


def test_the_page_says_everyone_got_it_only_when_every_sms_was_delivered(sent, staff):
    for offer in sent:
        _set(offer, Status.DELIVERED, delivered_at=timezone.now())
    response = english(client_logged_in(staff)).get(
        reverse("staffing:offer_send_detail", args=[sent[0].send_id])
    )
    assert "All 3 SMS were delivered." in response.text


def test_the_page_polls_while_an_sms_may_still_change_and_loads_htmx(sent, staff):
    _failed_one(sent)
    _set(sent[2], Status.HELD, next_attempt_at=_soon(-12))
    url = reverse("staffing:offer_send_detail", args=[sent[0].send_id])
    response = english(client_logged_in(staff)).get(url)
    partial = reverse("staffing:offer_send_recipients", args=[sent[0].send_id])
    assert f'hx-get="{partial}"' in response.text and 'hx-trigger="every 5s"' in response.text
    assert "django_htmx/htmx" in response.text  # the script from static files, no inline code
    assert "held until" in response.text


def test_the_partial_is_the_recipients_alone_and_stops_polling_when_all_are_final(sent, staff):
    client = english(client_logged_in(staff))
    partial = reverse("staffing:offer_send_recipients", args=[sent[0].send_id])
    _set(sent[0], Status.SENDING)
    response = client.get(partial, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="offer-recipients"')
    assert "<html" not in response.text and "hx-get" in response.text
    _failed_one(sent)
    assert "hx-get" not in client.get(partial, headers={"HX-Request": "true"}).text


def test_the_partial_of_an_unknown_send_is_a_404(staff):
    response = client_logged_in(staff).get(reverse("staffing:offer_send_recipients", args=[999999]))
    assert response.status_code == 404


def test_the_partial_takes_the_same_queries_for_more_recipients(sent, staff, shift):
    url = reverse("staffing:offer_send_recipients", args=[sent[0].send_id])

    def grow() -> None:
        more = [substitute_ready_for(shift) for _ in range(3)]
        offers.offer_send(shifts=[shift], by=staff, substitutes=more)
        Offer.objects.update(send_id=sent[0].send_id)

    assert_queries_do_not_grow(client_logged_in(staff), url, grow)


def test_the_candidate_page_shows_everyone_offered_with_their_sms(sent, staff, shift):
    _failed_one(sent)
    response = english(client_logged_in(staff)).get(reverse("staffing:shift_candidates", args=[shift.pk]))
    assert response.status_code == 200
    assert 'id="shift-offers"' in response.text and "failed: 1" in response.text
    assert f'id="offered-{sent[1].pk}"' in response.text and "Send the SMS again" in response.text
    partial = english(client_logged_in(staff)).get(
        reverse("staffing:offer_shift_recipients", args=[shift.pk]), headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200 and partial.text.lstrip().startswith('<section id="shift-offers"')


def test_the_candidate_page_without_offers_has_no_offer_section(staff, shift):
    response = client_logged_in(staff).get(reverse("staffing:shift_candidates", args=[shift.pk]))
    assert 'id="shift-offers"' not in response.text and "django_htmx/htmx" not in response.text


def test_the_page_is_in_swedish(sent, staff):
    _failed_one(sent)
    _set(sent[2], Status.HELD, next_attempt_at=_soon(-12))
    response = client_logged_in(staff).get(reverse("staffing:offer_send_detail", args=[sent[0].send_id]))
    assert "Misslyckat" in response.text and "Skicka sms:et igen" in response.text
    assert "hålls till" in response.text.lower()


# --- sending it again ------------------------------------------------------------------------------


def _resend(client, offer: Offer, **data: str):
    return client.post(reverse("staffing:offer_sms_resend", args=[offer.pk]), data)


def test_a_failed_offer_sms_is_sent_again_and_audited(sent, staff):
    _failed_one(sent)
    Message.objects.filter(pk=_message(sent[1]).pk).update(attempts=3)
    response = _resend(english(client_logged_in(staff)), sent[1])
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:offer_send_detail", args=[sent[1].send_id])
    message = _message(sent[1])
    assert message.status in (Status.QUEUED, Status.HELD) and message.attempts == 0
    event = AuditEvent.objects.get(kind=StaffingAuditKind.OFFER_SMS_RESENT)
    assert event.user == sent[1].substitute and event.actor == staff
    assert event.details["offer"] == sent[1].pk and event.details["message"] == message.pk


def test_after_sending_again_it_goes_back_to_the_page_it_came_from(sent, staff, shift):
    _failed_one(sent)
    back = reverse("staffing:shift_candidates", args=[shift.pk])
    response = _resend(client_logged_in(staff), sent[1], next=back)
    assert response["Location"] == back
    response = _resend(client_logged_in(staff), sent[1], next="https://evil.example/")
    assert response["Location"] == reverse("staffing:offer_send_detail", args=[sent[1].send_id])


def _outbox_and_audit() -> tuple[list[tuple[int, str, int]], int]:
    return (
        sorted(Message.objects.values_list("pk", "status", "attempts")),
        AuditEvent.objects.filter(kind=StaffingAuditKind.OFFER_SMS_RESENT).count(),
    )


@pytest.mark.parametrize(
    ("prepare", "says"),
    [
        (lambda sent: None, "Endast ett sms som misslyckades kan skickas igen"),  # sent[0] delivered
        (
            lambda sent: _set(sent[0], Status.HELD, next_attempt_at=_soon(-12)),
            "Endast ett sms som misslyckades",
        ),
        (
            lambda sent: (
                _set(sent[0], Status.FAILED, last_error=FAILED_REASON),
                answers.offer_decline(offer=sent[0], by=sent[0].substitute),
            ),
            "Förfrågan är inte längre öppen",
        ),
        (
            lambda sent: (
                _set(sent[0], Status.FAILED, last_error=FAILED_REASON),
                Offer.objects.filter(pk=sent[0].pk).update(
                    expires_at=timezone.now() - dt.timedelta(minutes=1)
                ),
            ),
            "Förfrågan är inte längre öppen",
        ),
    ],
)
def test_a_resend_that_makes_no_sense_is_refused_in_swedish_and_changes_nothing(sent, staff, prepare, says):
    _failed_one(sent)
    prepare(sent)
    before = _outbox_and_audit()
    client = client_logged_in(staff)
    response = _resend(client, sent[0])
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert says in page.text
    assert _outbox_and_audit() == before


def test_a_resend_of_an_offer_without_sms_is_refused(shift, staff):
    person = substitute_ready_for(shift)
    person.mobile = ""
    person.save(update_fields=["mobile"])
    (offer,) = offers.offer_send(shifts=[shift], by=staff, substitutes=[person]).offers
    client = english(client_logged_in(staff))
    page = client.get(_resend(client, offer)["Location"])
    assert "no usable mobile number" in page.text
    assert not Message.objects.exists()


def test_a_resend_of_an_unknown_offer_is_a_404(staff):
    assert _resend(client_logged_in(staff), Offer(pk=999999)).status_code == 404


@pytest.mark.parametrize("role", [Role.SUBSTITUTE, Role.WORKPLACE_MANAGER, Role.PAYROLL, Role.HR_SERVICE])
def test_only_the_staffing_centre_and_administrators_send_again(sent, role):
    _failed_one(sent)
    before = _outbox_and_audit()
    response = _resend(client_logged_in(user_with_role(role)), sent[1])
    assert response.status_code == 403
    assert _outbox_and_audit() == before


def test_an_administrator_may_send_again(sent):
    _failed_one(sent)
    response = _resend(client_logged_in(user_with_role(Role.ADMINISTRATOR)), sent[1])
    assert response.status_code == 302
    assert _message(sent[1]).status in (Status.QUEUED, Status.HELD)


def test_a_technical_failure_is_shown_as_written_and_marked_as_english(sent, staff):
    _set(sent[1], Status.FAILED, last_error="SmsError: 401 Unauthorized")
    text = client_logged_in(staff).get(reverse("staffing:offer_send_detail", args=[sent[0].send_id])).text
    assert '<span class="sms-state__reason" lang="en">SmsError: 401 Unauthorized</span>' in text
