"""Each retention rule with the clock past its limit: what goes, what stays, and what stays because
something kept still refers to it (privacy/retention: policy, selectors, services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django_tasks_db.models import DBTaskResult

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import MobileChange, PasswordResetAttempt, UserSession
from vikarieportalen.accounts.tests.factories import PayrollFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.audit.services import audit_record
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CertificateStatus
from vikarieportalen.certificates.tests.factories import booked_day, order
from vikarieportalen.notifications.jobs import scheduler
from vikarieportalen.notifications.models import Channel, Message, Status
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, TimeTransaction
from vikarieportalen.payroll.tests.factories import TimeReportFactory, TimeTransactionFactory
from vikarieportalen.privacy.retention.services import purge_expired_data
from vikarieportalen.privacy.retention.tests.conftest import NOW, days_ago
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import (
    Booking,
    BookingStatus,
    Offer,
    OfferSend,
    OfferStatus,
    TimeReport,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory
from vikarieportalen.support import services as support
from vikarieportalen.support.choices import CaseStatus
from vikarieportalen.support.models import SupportAttachment, SupportCase, private_storage
from vikarieportalen.support.tests.factories import case_open, pdf_upload

pytestmark = pytest.mark.django_db

SECOND = dt.timedelta(seconds=1)


def purge_at_now(clock) -> dict[str, int]:
    clock(NOW)
    return purge_expired_data()


# --- sessions and one-time codes: a day after they expired ----------------------------------------


def test_sessions_go_a_day_after_they_expired(clock) -> None:
    gone = Session.objects.create(session_key="a" * 32, session_data="", expire_date=days_ago(1) - SECOND)
    just_expired = Session.objects.create(
        session_key="b" * 32, session_data="", expire_date=days_ago(1) + SECOND
    )
    live = Session.objects.create(
        session_key="c" * 32, session_data="", expire_date=NOW + dt.timedelta(hours=1)
    )

    assert purge_at_now(clock)["sessions"] == 1
    assert set(Session.objects.values_list("session_key", flat=True)) == {just_expired.pk, live.pk}
    assert gone.pk not in Session.objects.values_list("session_key", flat=True)


def test_the_session_list_loses_rows_of_sessions_that_ended_more_than_a_day_ago(clock, settings) -> None:
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    settings.SESSION_IDLE_TIMEOUT_SECONDS = 30 * 60
    user = SubstituteFactory()

    def row(key: str, *, started: dt.datetime, seen: dt.datetime) -> UserSession:
        return UserSession.objects.create(session_key=key, user=user, started_at=started, last_seen_at=seen)

    row("ended-two-days-ago", started=days_ago(2.2), seen=days_ago(2))
    row("idle-since-yesterday-noon", started=days_ago(1.1), seen=days_ago(1) + dt.timedelta(hours=1))
    row("in-use", started=NOW - dt.timedelta(minutes=10), seen=NOW - dt.timedelta(minutes=1))

    assert purge_at_now(clock)["session_list"] == 1
    assert set(UserSession.objects.values_list("session_key", flat=True)) == {
        "idle-since-yesterday-noon",
        "in-use",
    }


def test_expired_codes_go_a_day_after_they_expired(clock) -> None:
    user = SubstituteFactory()
    for name, expires in (("old", days_ago(1) - SECOND), ("recent", days_ago(1) + SECOND)):
        PasswordResetAttempt.objects.create(
            username_given=name,
            salt="salt",
            code_hash="hash",
            created_at=expires - dt.timedelta(minutes=10),
            expires_at=expires,
        )
        MobileChange.objects.create(
            user=user, new_mobile="+46701234567", code_hash=name, expires_at=expires, closed_at=expires
        )
    open_change = MobileChange.objects.create(
        user=user, new_mobile="+46701234568", code_hash="open", expires_at=NOW + dt.timedelta(minutes=5)
    )

    counts = purge_at_now(clock)

    assert (counts["password_reset_codes"], counts["mobile_change_codes"]) == (1, 1)
    assert list(PasswordResetAttempt.objects.values_list("username_given", flat=True)) == ["recent"]
    assert set(MobileChange.objects.values_list("code_hash", flat=True)) == {"recent", open_change.code_hash}


# --- finished background tasks: TASKS_KEEP_FINISHED_DAYS (30) ---------------------------------------


def test_finished_task_results_go_after_thirty_days(clock, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert settings.TASKS_KEEP_FINISHED_DAYS == 30
    rows = {}
    for name, status, finished in (
        ("old-successful", "SUCCESSFUL", days_ago(30) - SECOND),
        ("old-failed", "FAILED", days_ago(31)),
        ("young", "SUCCESSFUL", days_ago(30) + SECOND),
        ("waiting", "READY", None),
    ):
        row = DBTaskResult.objects.get(id=scheduler.scheduled_job_run.enqueue(name=name).id)
        row.status, row.finished_at = status, finished
        row.save()
        rows[name] = row.id

    assert purge_at_now(clock)["task_results"] == 2
    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {rows["young"], rows["waiting"]}


# --- message bodies: blanked after 90 days, the outbox row stays -----------------------------------


def _message(key: str, *, status: str = Status.SENT, **fields: object) -> Message:
    fields.setdefault("channel", Channel.SMS)
    if fields["channel"] == Channel.SMS:
        fields.setdefault("to_number", "+46701234567")
    return Message.objects.create(
        idempotency_key=key,
        kind="staffing_booking_created",
        text="Du är bokad på Solbacken 12 maj 07.00–16.00.",
        status=status,
        **fields,
    )


def test_message_bodies_are_blanked_after_ninety_days_and_the_outbox_row_stays(clock) -> None:
    clock(days_ago(90) - SECOND)
    old = _message("old", sent_at=days_ago(90))
    old_email = _message(
        "old-email",
        channel=Channel.EMAIL,
        to_email="anna@example.se",
        subject="Ny bokning",
        status=Status.DELIVERED,
        redacted_text="Länk: ***",
    )
    stuck = _message("stuck", status=Status.QUEUED, next_attempt_at=days_ago(90))  # still to be sent
    clock(days_ago(90) + SECOND)
    young = _message("young")

    assert purge_at_now(clock)["message_bodies"] == 2

    old.refresh_from_db()
    old_email.refresh_from_db()
    assert (old.text, old.redacted_text) == ("", "")
    assert (old.status, old.to_number, old.kind, old.sent_at) == (
        Status.SENT,
        "+46701234567",
        "staffing_booking_created",
        days_ago(90),
    )
    assert (old_email.text, old_email.redacted_text, old_email.subject) == ("", "", "Ny bokning")
    for kept in (young, stuck):
        kept.refresh_from_db()
        assert kept.text.startswith("Du är bokad")
    assert Message.objects.count() == 4


# --- offers and send-outs: 2 years --------------------------------------------------------------


def test_answered_offers_go_after_two_years_and_their_send_out_with_the_last_of_them(clock) -> None:
    shift = ShiftFactory()

    def offer(send: OfferSend, status: str) -> Offer:
        return Offer.objects.create(
            send=send,
            shift=shift,
            substitute=SubstituteFactory(),
            code=str(Offer.objects.count() + 1000),
            token=f"token-{Offer.objects.count()}",
            status=status,
            expires_at=NOW + dt.timedelta(days=1) if status == OfferStatus.OPEN else days_ago(700),
            responded_at=None if status == OfferStatus.OPEN else days_ago(729),
        )

    clock(days_ago(730) - SECOND)
    send_all_old = OfferSend.objects.create()
    declined = offer(send_all_old, OfferStatus.DECLINED)
    send_mixed = OfferSend.objects.create()
    expired = offer(send_mixed, OfferStatus.EXPIRED)
    still_open = offer(send_mixed, OfferStatus.OPEN)  # cannot happen in practice; an open one waits
    clock(days_ago(730) + SECOND)
    send_young = OfferSend.objects.create()
    young = offer(send_young, OfferStatus.ACCEPTED)

    counts = purge_at_now(clock)

    assert (counts["offers"], counts["offer_sends"]) == (2, 1)
    assert set(Offer.objects.values_list("pk", flat=True)) == {still_open.pk, young.pk}
    assert set(OfferSend.objects.values_list("pk", flat=True)) == {send_mixed.pk, send_young.pk}
    assert not Offer.objects.filter(pk__in=[declined.pk, expired.pk]).exists()


# --- workplace requests: 2 years after their last step --------------------------------------------


def test_decided_workplace_requests_go_two_years_after_their_last_step(clock) -> None:
    clock(days_ago(800))

    def request(status: str, decided_at: dt.datetime | None) -> WorkplaceRequest:
        return WorkplaceRequest.objects.create(
            substitute=SubstituteFactory(), workplace=WorkplaceFactory(), status=status, decided_at=decided_at
        )

    old = request(WorkplaceRequestStatus.APPROVED, days_ago(730) - SECOND)
    withdrawn = request(WorkplaceRequestStatus.WITHDRAWN, None)  # last step: made 800 days ago
    decided_recently = request(WorkplaceRequestStatus.DECLINED, days_ago(730) + SECOND)
    still_open = request(WorkplaceRequestStatus.SUBMITTED, None)

    assert purge_at_now(clock)["workplace_requests"] == 2
    assert set(WorkplaceRequest.objects.values_list("pk", flat=True)) == {decided_recently.pk, still_open.pk}
    assert not WorkplaceRequest.objects.filter(pk__in=[old.pk, withdrawn.pk]).exists()


# --- support cases: 2 years after closing, with their files ----------------------------------------


def test_closed_support_cases_go_two_years_after_closing_with_their_files(clock) -> None:
    staff = PayrollFactory()

    def case_closed(at: dt.datetime) -> SupportCase:
        case = case_open(files=[pdf_upload()], now=at - dt.timedelta(days=30))
        support.case_status_set(case_id=case.pk, staff=staff, status=CaseStatus.CLOSED, now=at)
        return case

    old = case_closed(days_ago(730) - SECOND)
    young = case_closed(days_ago(730) + SECOND)
    solved_long_ago = case_open(files=[pdf_upload()], now=days_ago(900))
    support.case_status_set(
        case_id=solved_long_ago.pk, staff=staff, status=CaseStatus.SOLVED, now=days_ago(899)
    )
    files = {case.pk: case.attachments.get().file.name for case in (old, young, solved_long_ago)}
    storage = private_storage()
    assert all(storage.exists(name) for name in files.values())

    assert purge_at_now(clock)["support_cases"] == 1

    assert set(SupportCase.objects.values_list("pk", flat=True)) == {young.pk, solved_long_ago.pk}
    assert not SupportAttachment.objects.filter(case_id=old.pk).exists()
    assert not storage.exists(files[old.pk])
    assert storage.exists(files[young.pk])
    assert storage.exists(files[solved_long_ago.pk])


# --- accounting records: 7 years after the end of their calendar year ------------------------------
# NOW is 15 June 2026: what belongs to 2018 or earlier has had its time, 2019 is kept to 2026's end.


def _worked(clock, day: dt.date, *, exported_on: dt.date | None) -> TimeTransaction:
    clock(dt.datetime.combine(day + dt.timedelta(days=1), dt.time(9), tzinfo=NOW.tzinfo))
    booking = booked_day(SubstituteFactory(), day)
    line: TimeTransaction = TimeTransactionFactory(report=TimeReportFactory(booking=booking))
    if exported_on is not None:
        clock(dt.datetime.combine(exported_on, dt.time(9), tzinfo=NOW.tzinfo))
        line.batch = ExportBatch.objects.create(status=ExportStatus.DONE, transaction_count=1)
        line.save(update_fields=["batch"])
    return line


def test_pay_lines_exports_approvals_and_bookings_go_seven_years_after_their_year(clock) -> None:
    old = _worked(clock, dt.date(2018, 3, 14), exported_on=dt.date(2018, 4, 1))
    # Worked in 2018 but exported in 2019: the export is kept, and with it the line, approval, booking.
    exported_late = _worked(clock, dt.date(2018, 12, 20), exported_on=dt.date(2019, 1, 10))
    young = _worked(clock, dt.date(2019, 1, 2), exported_on=dt.date(2019, 2, 1))
    clock(dt.datetime(2018, 5, 1, 9, tzinfo=NOW.tzinfo))
    cancelled = booked_day(SubstituteFactory(), dt.date(2018, 5, 3), status=BookingStatus.CANCELLED)

    counts = purge_at_now(clock)

    assert {kind: counts[kind] for kind in ("pay_lines", "export_batches", "approved_hours", "bookings")} == {
        "pay_lines": 1,
        "export_batches": 1,
        "approved_hours": 1,
        "bookings": 2,
    }
    kept = (exported_late, young)
    assert set(TimeTransaction.objects.values_list("pk", flat=True)) == {line.pk for line in kept}
    assert set(ExportBatch.objects.values_list("pk", flat=True)) == {line.batch_id for line in kept}
    assert set(TimeReport.objects.values_list("pk", flat=True)) == {line.report_id for line in kept}
    assert set(Booking.objects.values_list("pk", flat=True)) == {line.report.booking_id for line in kept}
    assert not Booking.objects.filter(pk__in=[old.report.booking_id, cancelled.pk]).exists()


def test_an_unexported_old_pay_line_goes_and_a_running_export_stays(clock) -> None:
    unexported = _worked(clock, dt.date(2018, 3, 14), exported_on=None)
    clock(dt.datetime(2018, 6, 1, 9, tzinfo=NOW.tzinfo))
    running = ExportBatch.objects.create(status=ExportStatus.RUNNING)

    counts = purge_at_now(clock)

    assert (counts["pay_lines"], counts["export_batches"]) == (1, 0)
    assert not TimeTransaction.objects.filter(pk=unexported.pk).exists()
    assert ExportBatch.objects.filter(pk=running.pk).exists()


def test_settled_certificate_orders_go_seven_years_after_their_year(clock) -> None:
    def released(at: dt.datetime) -> CertificateOrder:
        clock(at)
        return order(
            kind=CertificateKind.SERVICE,
            status=CertificateStatus.RELEASED,
            released_at=at,
            pdf_sha256="a" * 64,
            verification_code="ABCD-1234",
        )

    old = released(dt.datetime(2018, 12, 31, 12, tzinfo=NOW.tzinfo))
    young = released(dt.datetime(2019, 1, 1, 12, tzinfo=NOW.tzinfo))
    clock(dt.datetime(2018, 2, 1, 12, tzinfo=NOW.tzinfo))
    still_open = order(kind=CertificateKind.SERVICE, status=CertificateStatus.ORDERED)

    assert purge_at_now(clock)["certificates"] == 1
    assert set(CertificateOrder.objects.values_list("pk", flat=True)) == {young.pk, still_open.pk}
    assert not CertificateOrder.objects.filter(pk=old.pk).exists()


# --- audit events: 2 years, but as long as what they tell of is kept --------------------------------


def test_audit_events_go_after_two_years_unless_what_they_tell_of_is_kept(clock) -> None:
    user = SubstituteFactory()
    clock(dt.datetime(2024, 1, 10, 9, tzinfo=NOW.tzinfo))  # within the 7 accounting years
    kept_booking = booked_day(user, dt.date(2024, 1, 9))
    kept_certificate = order(substitute=user, kind=CertificateKind.SERVICE)
    old = days_ago(730) - SECOND
    clock(old)
    login = audit_record(kind=AccountsAuditKind.LOGIN, user=user)
    about_booking = audit_record(kind=StaffingAuditKind.BOOKING_CREATED, user=user, booking=kept_booking.pk)
    about_certificate = audit_record(
        kind=AccountsAuditKind.LOGIN, user=user, certificate=kept_certificate.number
    )
    about_deleted_booking = audit_record(kind=StaffingAuditKind.BOOKING_CREATED, user=user, booking=999_999)
    clock(days_ago(730) + SECOND)
    recent = audit_record(kind=AccountsAuditKind.LOGIN, user=user)

    assert purge_at_now(clock)["audit_events"] == 2

    assert set(AuditEvent.objects.values_list("pk", flat=True)) == {
        about_booking.pk,
        about_certificate.pk,
        recent.pk,
    }
    assert not AuditEvent.objects.filter(pk__in=[login.pk, about_deleted_booking.pk]).exists()


def test_an_audit_event_goes_in_the_same_run_as_the_offer_it_tells_of(clock) -> None:
    clock(days_ago(800))
    send = OfferSend.objects.create()
    offer = Offer.objects.create(
        send=send,
        shift=ShiftFactory(),
        substitute=SubstituteFactory(),
        code="1234",
        token="t-1234",
        status=OfferStatus.DECLINED,
        expires_at=days_ago(799),
        responded_at=days_ago(799),
    )
    event = audit_record(kind=StaffingAuditKind.OFFER_ANSWERED, user=offer.substitute, offer=offer.pk)

    counts = purge_at_now(clock)

    assert (counts["offers"], counts["offer_sends"], counts["audit_events"]) == (1, 1, 1)
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
