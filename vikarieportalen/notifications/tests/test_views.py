import pytest
from django.urls import reverse

from vikarieportalen.notifications import services
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.notifications.sms_backends import PermanentSmsError, locmem
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db


def sent_message(substitute, key="k", capture=None):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        message = services.message_send_sms(
            recipient=substitute, text="Hej", kind="staffing_offer", idempotency_key=key
        )
    message.refresh_from_db()
    return message


def callback_url(secret: str = "callback-secret-for-tests") -> str:  # noqa: S107
    return reverse("notifications:sms_delivery_report", kwargs={"secret": secret})


def test_delivery_report_updates_status(client, noon, substitute, django_capture_on_commit_callbacks) -> None:
    message = sent_message(substitute, capture=django_capture_on_commit_callbacks)
    response = client.post(
        callback_url(), {"id": message.gateway_id, "status": "delivered", "delivered": "2025-06-11T10:00:01"}
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Status.DELIVERED


def test_delivery_report_with_wrong_secret_is_not_found(
    client, noon, substitute, django_capture_on_commit_callbacks
) -> None:
    message = sent_message(substitute, capture=django_capture_on_commit_callbacks)
    response = client.post(callback_url("guess"), {"id": message.gateway_id, "status": "delivered"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_delivery_report_when_no_secret_is_configured_is_not_found(client, settings) -> None:
    settings.SMS_CALLBACK_SECRET = ""
    assert client.post(callback_url("x"), {"id": "1", "status": "delivered"}).status_code == 404


def test_unknown_and_repeated_reports_are_accepted_and_ignored(
    client, noon, substitute, django_capture_on_commit_callbacks
) -> None:
    message = sent_message(substitute, capture=django_capture_on_commit_callbacks)
    assert client.post(callback_url(), {"id": "nope", "status": "delivered"}).status_code == 200
    assert client.post(callback_url(), {"id": message.gateway_id, "status": "delivered"}).status_code == 200
    assert client.post(callback_url(), {"id": message.gateway_id, "status": "failed"}).status_code == 200
    assert client.post(callback_url(), {}).status_code == 200
    message.refresh_from_db()
    assert message.status == Status.DELIVERED


def test_outbox_sends_anonymous_users_to_login(client) -> None:
    response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_outbox_is_forbidden_for_substitutes(client, substitute) -> None:
    client.force_login(substitute)
    assert client.get(reverse("notifications:outbox")).status_code == 403


def test_outbox_lists_and_filters_for_the_staffing_centre(
    client,
    noon,
    substitute,
    staffing_centre,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
) -> None:
    for number in range(5):
        sent_message(substitute, key=f"k{number}", capture=django_capture_on_commit_callbacks)
    Message.objects.filter(idempotency_key="k0").update(
        status=Status.FAILED, last_error="HTTP 400: bad number"
    )
    client = client_logged_in(staffing_centre)  # staff read the outbox after a strong login
    with django_assert_max_num_queries(13):  # 13: the months of push notices and SMS (one query)
        response = client.get(reverse("notifications:outbox"))
    assert response.status_code == 200
    assert response.content.count(b"<tr>") == 6
    response = client.get(reverse("notifications:outbox"), {"status": "failed", "recipient": "Johansson"})
    assert response.content.count(b"<tr>") == 2
    assert b"bad number" in response.content


def test_outbox_query_count_does_not_grow_with_messages(
    client, noon, substitute, staffing_centre, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    client = client_logged_in(staffing_centre)  # staff read the outbox after a strong login
    sent_message(substitute, key="a", capture=django_capture_on_commit_callbacks)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("notifications:outbox"))  # warms the caches (the footer's page URLs: site roots)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications:outbox"))
    for number in range(10):
        sent_message(substitute, key=f"more{number}", capture=django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notifications:outbox"))
    assert len(many) == len(few)


def test_staff_can_send_a_failed_message_again(
    client, noon, substitute, staffing_centre, django_capture_on_commit_callbacks
) -> None:
    locmem.failures.append(PermanentSmsError("HTTP 402"))
    message = sent_message(substitute, capture=django_capture_on_commit_callbacks)
    assert message.status == Status.FAILED
    client = client_logged_in(staffing_centre)  # staff read the outbox after a strong login
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("notifications:message_retry", args=[message.pk]), {"next": "https://evil.example/"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:outbox")
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_substitute_cannot_retry(client, noon, substitute, django_capture_on_commit_callbacks) -> None:
    locmem.failures.append(PermanentSmsError("HTTP 402"))
    message = sent_message(substitute, capture=django_capture_on_commit_callbacks)
    client.force_login(substitute)
    assert client.post(reverse("notifications:message_retry", args=[message.pk])).status_code == 403
    message.refresh_from_db()
    assert message.status == Status.FAILED
