import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from vikarieportalen.accounts.tests.factories import AdministratorFactory
from vikarieportalen.notifications import delivery, services
from vikarieportalen.notifications.kinds import message_kinds
from vikarieportalen.notifications.models import Channel, Message, Status
from vikarieportalen.notifications.sms_backends import PermanentSmsError, TemporarySmsError, locmem
from vikarieportalen.notifications.tests.conftest import NOON, STOCKHOLM
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db


def send_offer(substitute, key="offer-1", **kwargs):  # type: ignore[no-untyped-def]
    return services.message_send_sms(
        recipient=substitute,
        text="Pass på Örby 06:30. Svara på länken.",
        kind="staffing_offer",
        idempotency_key=key,
        **kwargs,
    )


def test_sms_is_recorded_and_delivered_after_commit(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
        assert locmem.outbox == []  # nothing leaves before commit
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.gateway_id
    assert [(sms.to, sms.text) for sms in locmem.outbox] == [("+46701234567", message.text)]
    assert locmem.outbox[0].callback_url == (
        "https://portal.example.se/notifications/sms/callback-secret-for-tests/delivered/"
    )


def test_rolled_back_transaction_sends_nothing(noon, substitute, django_capture_on_commit_callbacks) -> None:
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        send_offer(substitute)
        raise Abort
    assert callbacks == []
    assert not Message.objects.exists()
    assert locmem.outbox == []


def test_same_idempotency_key_twice_records_and_sends_once(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = send_offer(substitute)
        second = send_offer(substitute)
    with django_capture_on_commit_callbacks(execute=True):
        third = send_offer(substitute)
    assert first.pk == second.pk == third.pk
    assert Message.objects.count() == 1
    assert len(locmem.outbox) == 1


@pytest.mark.parametrize(
    ("number", "code"),
    [("0701", "invalid_phone"), ("not a number", "invalid_phone"), ("08-123 456 78", "not_mobile")],
)
def test_invalid_or_non_mobile_numbers_are_refused_and_nothing_is_queued(noon, db, number, code) -> None:
    with pytest.raises(ValidationError) as caught:
        services.message_send_sms(to_number=number, text="Hej", kind="staffing_offer", idempotency_key="k")
    assert caught.value.code == code
    assert not Message.objects.exists()


def test_recipient_without_mobile_number_is_refused(noon, substitute) -> None:
    substitute.mobile = ""
    with pytest.raises(ValidationError) as caught:
        send_offer(substitute)
    assert caught.value.code == "no_number"


def test_too_long_text_is_refused(noon, substitute) -> None:
    with pytest.raises(ValidationError) as caught:
        services.message_send_sms(recipient=substitute, text="x" * 500, kind="k", idempotency_key="k")
    assert caught.value.code == "too_long"
    assert not Message.objects.exists()


def test_lazy_text_is_rendered_in_the_recipients_language(noon, substitute) -> None:
    substitute.language = "sv"
    message = services.message_send_sms(
        recipient=substitute, text=gettext_lazy("Skip to content"), kind="test", idempotency_key="lang"
    )
    assert message.text == "Hoppa till innehållet"


def test_texts_made_for_a_recipient_are_in_their_language_or_the_sites(substitute) -> None:
    from django.utils.translation import gettext

    substitute.language = "en"
    with services.in_recipient_language(substitute):
        assert gettext("Skip to content") == "Skip to content"
    substitute.language = ""
    with services.in_recipient_language(substitute):
        assert gettext("Skip to content") == "Hoppa till innehållet"
    with services.in_recipient_language(None):  # an address only
        assert gettext("Skip to content") == "Hoppa till innehållet"


def test_temporary_failure_is_retried_with_backoff_then_sent(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    locmem.failures.append(TemporarySmsError("HTTP 503"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    message.refresh_from_db()
    assert message.status == Status.QUEUED
    assert message.attempts == 1
    assert "503" in message.last_error
    assert message.next_attempt_at == NOON + dt.timedelta(seconds=30)
    assert delivery.message_deliver(message_id=message.pk) is None  # not due yet

    noon.shift(dt.timedelta(seconds=30))
    delivered = delivery.message_deliver(message_id=message.pk)
    assert delivered is not None
    assert delivered.status == Status.SENT
    assert delivered.attempts == 2
    assert len(locmem.outbox) == 1


def test_permanent_failure_is_not_retried(noon, substitute, django_capture_on_commit_callbacks) -> None:
    locmem.failures.append(PermanentSmsError("HTTP 400: Invalid to number"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 1
    assert "Invalid to number" in message.last_error
    assert message.next_attempt_at is None


def test_gives_up_after_the_maximum_number_of_attempts(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    locmem.failures.extend(TemporarySmsError("timed out") for _ in range(10))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    for _ in range(10):
        noon.shift(dt.timedelta(hours=1))
        delivery.message_deliver(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.attempts == 4
    assert locmem.outbox == []


def test_non_urgent_sms_in_quiet_hours_is_held_until_morning(
    time_machine, substitute, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(dt.datetime(2025, 6, 11, 22, 0, tzinfo=STOCKHOLM), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    message.refresh_from_db()
    assert message.status == Status.HELD
    assert message.next_attempt_at == dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)
    assert locmem.outbox == []

    time_machine.move_to(dt.datetime(2025, 6, 12, 7, 0, 30, tzinfo=STOCKHOLM), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.messages_enqueue_due() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(locmem.outbox) == 1


def test_urgent_sms_goes_at_once_in_quiet_hours(
    time_machine, substitute, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(dt.datetime(2025, 6, 11, 23, 30, tzinfo=STOCKHOLM), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute, urgent=True)
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_retry_falling_into_quiet_hours_waits_for_morning(
    time_machine, substitute, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(dt.datetime(2025, 6, 11, 20, 59, 50, tzinfo=STOCKHOLM), tick=False)
    locmem.failures.append(TemporarySmsError("HTTP 502"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    message.refresh_from_db()
    assert message.status == Status.HELD
    assert message.next_attempt_at == dt.datetime(2025, 6, 12, 7, 0, tzinfo=STOCKHOLM)


def test_email_goes_through_django_mail_and_the_same_outbox(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send_email(
            recipient=substitute,
            subject="Your password expires",
            text="In five days.",
            kind="password_expiry",
            idempotency_key="e1",
        )
        services.message_send_email(
            recipient=substitute,
            subject="Your password expires",
            text="In five days.",
            kind="password_expiry",
            idempotency_key="e1",
        )
    message.refresh_from_db()
    assert message.channel == Channel.EMAIL
    assert message.status == Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["sara@example.se"]
    assert mail.outbox[0].extra_headers["Message-ID"] == message.gateway_id


def test_email_is_not_held_in_quiet_hours(
    time_machine, substitute, django_capture_on_commit_callbacks
) -> None:
    time_machine.move_to(dt.datetime(2025, 6, 11, 23, 0, tzinfo=STOCKHOLM), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send_email(
            recipient=substitute, subject="S", text="T", kind="k", idempotency_key="e"
        )
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_refused_email_recipient_fails_without_retry(
    noon, substitute, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    def refuse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise smtplib.SMTPRecipientsRefused({"sara@example.se": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send_email(
            recipient=substitute, subject="S", text="T", kind="k", idempotency_key="e"
        )
    message.refresh_from_db()
    assert message.status == Status.FAILED


def test_invalid_email_is_refused(noon, db) -> None:
    with pytest.raises(ValidationError):
        services.message_send_email(
            to_email="not-an-address", subject="S", text="T", kind="k", idempotency_key="e"
        )
    assert not Message.objects.exists()


def test_delivery_report_marks_delivered_and_ignores_repeats_and_unknown_ids(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    message.refresh_from_db()
    assert services.message_delivery_report(gateway_id=message.gateway_id, status="delivered") is True
    assert services.message_delivery_report(gateway_id=message.gateway_id, status="delivered") is False
    assert services.message_delivery_report(gateway_id=message.gateway_id, status="failed") is False
    assert services.message_delivery_report(gateway_id="unknown", status="delivered") is False
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert message.delivered_at == NOON


def test_delivering_twice_sends_once(noon, substitute, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    assert delivery.message_deliver(message_id=message.pk) is None
    assert delivery.message_deliver(message_id=message.pk) is None
    assert len(locmem.outbox) == 1


def test_scheduler_skips_messages_handed_over_recently(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        send_offer(substitute)  # committed, but its task was lost
    assert services.messages_enqueue_due() == 0
    noon.shift(dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.messages_enqueue_due() == 1
    assert len(locmem.outbox) == 1
    assert services.messages_enqueue_due() == 0


def test_send_interrupted_by_a_crash_is_sent_again_after_the_lease(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:
    """Killed after the gateway accepted, before recording it: the duplicate the crash window allows."""
    with django_capture_on_commit_callbacks(execute=False):
        message = send_offer(substitute)
    claimed = delivery._claim(message.pk, now=NOON)  # the worker claims, then dies
    assert claimed is not None
    assert delivery.message_deliver(message_id=message.pk) is None  # lease still held
    noon.shift(dt.timedelta(seconds=121))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.messages_enqueue_due() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 2


def test_staff_retry_of_failed_message(noon, substitute, django_capture_on_commit_callbacks) -> None:
    locmem.failures.append(PermanentSmsError("HTTP 402: out of credit"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_offer(substitute)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_retry(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == Status.SENT
    with pytest.raises(ValidationError):
        services.message_retry(message_id=message.pk)


# A secret in the text (a code, a link) --------------------------------------------------------


def send_code(substitute, code="483920"):  # type: ignore[no-untyped-def]
    return services.message_send_sms(
        text=f"Din kod är {code}.",
        kind="login_code",
        idempotency_key="code-1",
        recipient=substitute,
        urgent=True,
        secret=code,
    )


def test_the_gateway_gets_the_code_and_the_stored_text_loses_it_once_sent(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        message = send_code(substitute)
    assert locmem.outbox[-1].text == "Din kod är 483920."
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.text == "Din kod är […]." and "483920" not in message.text


def test_a_code_that_failed_for_good_is_forgotten_and_cannot_be_sent_again(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    locmem.failures.append(PermanentSmsError("HTTP 400: Invalid to number"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_code(substitute)
    message.refresh_from_db()
    assert message.status == Status.FAILED and "483920" not in message.text
    with pytest.raises(ValidationError) as refused:
        services.message_retry(message_id=message.pk)
    assert refused.value.code == "secret_gone"


def test_a_temporary_failure_keeps_the_code_for_the_next_try(
    noon, substitute, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    locmem.failures.append(TemporarySmsError("HTTP 503"))
    with django_capture_on_commit_callbacks(execute=True):
        message = send_code(substitute)
    message.refresh_from_db()
    assert message.status == Status.QUEUED and "483920" in message.text


def test_the_admin_never_shows_the_code(noon, substitute, admin_user) -> None:  # type: ignore[no-untyped-def]
    message = send_code(substitute)  # not yet sent: the stored text still holds the code
    url = f"/admin/notifications/message/{message.pk}/change/"
    page = client_logged_in(admin_user).get(url).content.decode()
    assert "Din kod är […]." in page and "483920" not in page


def test_a_secret_that_is_not_in_the_text_is_a_programming_error(noon, substitute) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        services.message_send_sms(
            text="Din kod är 1.",
            kind="login_code",
            idempotency_key="code-2",
            recipient=substitute,
            secret="2",
        )
    assert not Message.objects.exists()


def test_a_kind_no_app_declared_is_refused_and_nothing_is_recorded(substitute) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImproperlyConfigured, match="not declared"):
        services.message_send_sms(text="Hej", kind="undeclared", idempotency_key="u-1", recipient=substitute)
    assert not Message.objects.filter(idempotency_key="u-1").exists()


def test_the_outbox_names_each_kind_in_the_readers_language(substitute) -> None:  # type: ignore[no-untyped-def]
    message = services.message_send_sms(
        text="Hej", kind="staffing_booking_created", idempotency_key="b-1", recipient=substitute
    )
    with translation.override("sv"):
        assert message.kind_label == "Bokning"
    with translation.override("en"):
        assert message.kind_label == "Booking"
    page = client_logged_in(AdministratorFactory()).get(reverse("notifications:outbox")).text
    assert "<td>Bokning</td>" in page and "staffing_booking_created</td>" not in page


def test_every_kind_the_apps_declare_has_a_swedish_label() -> None:
    untranslated = []
    for value, label in message_kinds.choices():
        if value in {"k", "test"}:  # this module's own
            continue
        with translation.override("sv"):
            swedish = str(label)
        with translation.override("en"):
            english = str(label)
        if swedish == english:
            untranslated.append(value)
    assert untranslated == []


def test_batched_sms_are_written_together_once_per_key_and_sent_after_commit(
    noon, substitute, django_capture_on_commit_callbacks, django_assert_num_queries
) -> None:
    first = send_offer(substitute, key="b-1")
    # Four queries: the check in the block, the keys already used, the recipients' push choices (one
    # query for the whole batch), one INSERT.
    with (
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        django_assert_num_queries(4),
        services.messages_batched(),
    ):
        send_offer(substitute, key="b-1")  # already used: not written again
        send_offer(substitute, key="b-2")
        send_offer(substitute, key="b-2")
        assert not Message.objects.filter(idempotency_key="b-2").exists()
    assert sorted(Message.objects.values_list("idempotency_key", flat=True)) == ["b-1", "b-2"]
    assert Message.objects.get(idempotency_key="b-2").status == Status.SENT
    assert Message.objects.get(idempotency_key="b-1").pk == first.pk


def test_a_batch_that_fails_writes_no_sms(noon, substitute) -> None:
    with pytest.raises(RuntimeError), transaction.atomic(), services.messages_batched(new_keys=True):
        send_offer(substitute, key="lost")
        raise RuntimeError
    assert not Message.objects.filter(idempotency_key="lost").exists()
