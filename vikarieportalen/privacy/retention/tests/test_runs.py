"""The purge as a whole: a dry run changes nothing, a second run deletes nothing more, a run stopped
half-way loses nothing that should stay; the command and the daily job."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.tests.factories import PayrollFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.audit.services import audit_record
from vikarieportalen.notifications.jobs import scheduler
from vikarieportalen.notifications.models import Channel, Message, Status
from vikarieportalen.notifications.services import message_retry
from vikarieportalen.privacy.retention import services
from vikarieportalen.privacy.retention.policy import RULES
from vikarieportalen.privacy.retention.services import purge_expired_data
from vikarieportalen.privacy.retention.tests.conftest import NOW, days_ago
from vikarieportalen.support import services as support
from vikarieportalen.support.choices import CaseStatus
from vikarieportalen.support.models import SupportCase, private_storage
from vikarieportalen.support.tests.factories import case_open, pdf_upload

pytestmark = pytest.mark.django_db


def _old_message(key: str, *, status: str = Status.SENT) -> Message:
    return Message.objects.create(
        idempotency_key=key,
        channel=Channel.SMS,
        to_number="+46701234567",
        kind="staffing_booking_created",
        text="Du är bokad på Solbacken.",
        status=status,
    )


@pytest.fixture
def expired_and_kept(clock) -> dict[str, object]:
    """Three old logins, one closed case with a file and one old message (all expired), and what stays."""
    user = SubstituteFactory()
    clock(days_ago(1000))
    old_logins = [audit_record(kind=AccountsAuditKind.LOGIN, user=user) for _ in range(3)]
    case = case_open(requester=user, files=[pdf_upload()], now=days_ago(1000))
    support.case_status_set(
        case_id=case.pk, staff=PayrollFactory(), status=CaseStatus.CLOSED, now=days_ago(999)
    )
    message = _old_message("old")
    clock(days_ago(10))
    recent_login = audit_record(kind=AccountsAuditKind.LOGIN, user=user)
    recent_message = _old_message("recent")
    clock(NOW)
    return {
        "old_logins": old_logins,
        "case": case,
        "file": case.attachments.get().file.name,
        "message": message,
        "recent_login": recent_login,
        "recent_message": recent_message,
    }


def test_a_dry_run_counts_what_would_go_and_changes_nothing(expired_and_kept) -> None:
    events_before = AuditEvent.objects.count()

    counts = purge_expired_data(dry_run=True)

    assert list(counts) == [rule.kind for rule in RULES]
    assert (counts["support_cases"], counts["message_bodies"]) == (1, 1)
    # The case's own events (opening it) are old too, so they count: 3 logins and the case's event.
    assert counts["audit_events"] >= 3
    assert AuditEvent.objects.count() == events_before
    assert SupportCase.objects.filter(pk=expired_and_kept["case"].pk).exists()
    assert private_storage().exists(expired_and_kept["file"])
    expired_and_kept["message"].refresh_from_db()
    assert expired_and_kept["message"].text


def test_a_second_run_deletes_nothing_more(expired_and_kept) -> None:
    first = purge_expired_data()
    assert (first["support_cases"], first["message_bodies"]) == (1, 1)
    assert first["audit_events"] >= 3

    second = purge_expired_data()

    assert set(second.values()) == {0}
    assert not private_storage().exists(expired_and_kept["file"])
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [expired_and_kept["recent_login"].pk]
    expired_and_kept["recent_message"].refresh_from_db()
    assert expired_and_kept["recent_message"].text


def test_a_run_stopped_after_its_first_batch_loses_nothing_that_should_stay(
    expired_and_kept, monkeypatch
) -> None:
    audit_rule = next(rule for rule in RULES if rule.kind == "audit_events")
    batches: list[int] = []

    def purge_then_crash(rows, *, now):
        if batches:
            raise RuntimeError("the machine went down")
        batches.append(audit_rule.purge(rows, now=now))
        return batches[-1]

    crashing = [
        dataclasses.replace(rule, purge=purge_then_crash) if rule is audit_rule else rule for rule in RULES
    ]
    monkeypatch.setattr(services, "RULES", crashing)
    old_logins = {event.pk for event in expired_and_kept["old_logins"]}
    with pytest.raises(RuntimeError):
        purge_expired_data(batch_size=1)

    assert batches == [1]  # one batch of one event went, the second batch rolled back
    left = set(AuditEvent.objects.values_list("pk", flat=True))
    assert expired_and_kept["recent_login"].pk in left
    assert len(old_logins & left) >= 2

    monkeypatch.setattr(services, "RULES", RULES)
    assert purge_expired_data(batch_size=1)["audit_events"] >= 2  # the next run finishes the rest
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [expired_and_kept["recent_login"].pk]


def test_a_batch_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match=r"batch.size"):
        purge_expired_data(batch_size=0)


def test_the_command_prints_per_kind_what_a_dry_run_would_purge(expired_and_kept) -> None:
    out = io.StringIO()
    call_command("purge_expired_data", "--dry-run", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == [*(rule.kind for rule in RULES), "total"]
    assert any(line.split()[:3] == ["support_cases", "1", "would"] for line in lines)
    assert "RETENTION_SUPPORT_CASES_DAYS=730" in out.getvalue()
    assert lines[-1].endswith("(dry run: nothing changed)")
    assert SupportCase.objects.filter(pk=expired_and_kept["case"].pk).exists()


def test_the_command_purges_without_dry_run(expired_and_kept) -> None:
    out = io.StringIO()
    call_command("purge_expired_data", "--batch-size", "2", stdout=out)

    assert any(line.split()[:3] == ["support_cases", "1", "purged"] for line in out.getvalue().splitlines())
    assert not SupportCase.objects.filter(pk=expired_and_kept["case"].pk).exists()


@pytest.mark.parametrize("size", ["0", "many"])
def test_the_command_refuses_a_bad_batch_size_and_changes_nothing(expired_and_kept, size: str) -> None:
    with pytest.raises(CommandError, match=r"batch.size"):
        call_command("purge_expired_data", "--batch-size", size, stdout=io.StringIO())
    assert SupportCase.objects.filter(pk=expired_and_kept["case"].pk).exists()


def test_the_purge_is_a_daily_scheduled_job_that_logs_its_counts(expired_and_kept, caplog) -> None:
    job = next(job for job in scheduler.JOBS if job.name == "privacy.purge_expired_data")
    assert job.every == dt.timedelta(days=1)

    with caplog.at_level("INFO"):
        scheduler.scheduled_job_run.enqueue(name="privacy.purge_expired_data")  # immediate in tests

    assert "retention support_cases: 1 purged" in caplog.text
    assert "scheduled job privacy.purge_expired_data: {'sessions': 0" in caplog.text
    assert not SupportCase.objects.filter(pk=expired_and_kept["case"].pk).exists()


def test_a_message_whose_text_was_purged_cannot_be_sent_again(clock) -> None:
    clock(days_ago(100))
    failed = _old_message("failed", status=Status.FAILED)
    clock(NOW)
    assert purge_expired_data()["message_bodies"] == 1

    with pytest.raises(ValidationError) as refused:
        message_retry(message_id=failed.pk)

    assert refused.value.code == "text_gone"
    failed.refresh_from_db()
    assert (failed.status, failed.text) == (Status.FAILED, "")
