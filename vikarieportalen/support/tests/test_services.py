"""The support services: statuses and their clock, replies and notifications, reopening, ratings, files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import storages
from django.test import override_settings

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    EditorFactory,
    PayrollFactory,
    SubstituteFactory,
)
from vikarieportalen.notifications.models import Channel, Message
from vikarieportalen.support import services
from vikarieportalen.support.choices import CaseStatus, EventKind, MessageKind
from vikarieportalen.support.models import (
    CaseEvent,
    StatusPeriod,
    SupportAttachment,
    SupportCase,
    SupportMessage,
)
from vikarieportalen.support.selectors import case_clock, case_get_for_staff
from vikarieportalen.support.tests.factories import case_open, jpeg_upload, pdf_upload, png_upload

SE = ZoneInfo("Europe/Stockholm")
pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SE)


def test_opening_a_case_starts_the_clock_and_sets_the_due_time() -> None:
    case = case_open(now=at(6, 15, 9))  # Monday 09:00
    assert case.status == CaseStatus.NEW
    assert case.due_at == at(6, 17, 9)  # 16 working hours later
    assert case.messages.get().kind == MessageKind.SUBSTITUTE
    assert list(case.status_periods.values_list("status", "ended_at")) == [(CaseStatus.NEW, None)]
    assert case.events.get().kind == EventKind.OPENED


@override_settings(SUPPORT_DUE_BUSINESS_HOURS=4)
def test_due_time_follows_the_setting() -> None:
    assert case_open(now=at(6, 15, 15)).due_at == at(6, 16, 11)


def test_waiting_for_the_substitute_pauses_the_clock_exactly() -> None:
    staff = PayrollFactory()
    with time_machine.travel(at(6, 15, 9), tick=False):
        case = case_open()
    with time_machine.travel(at(6, 15, 11), tick=False):  # 2 h in: payroll asks something back
        services.case_reply_by_staff(case_id=case.pk, staff=staff, text="Vilket datum gäller det?")
    case.refresh_from_db()
    assert case.status == CaseStatus.WAITING and case.due_at is None
    assert case.assignee == staff
    with time_machine.travel(at(6, 17, 13), tick=False):  # two days later the substitute answers
        services.case_answer_by_substitute(case_id=case.pk, requester=case.requester, text="Den 12 maj.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS  # back with the person handling it
    # 14 working hours were left at 13:00 Wednesday: 3 h Wednesday, 8 h Thursday, then midsummer eve
    # and the weekend, and 3 h on Monday.
    assert case.due_at == at(6, 22, 11)
    loaded = case_get_for_staff(case_id=case.pk)
    clock = case_clock(case=loaded, now=at(6, 18, 9))
    assert (clock.hours, clock.minutes) == (6, 0)  # 2 h before the pause, 3 h Wednesday, 1 h Thursday
    assert StatusPeriod.objects.filter(case=case, ended_at__isnull=True).count() == 1


def test_reply_tells_the_substitute_by_sms_without_the_content() -> None:
    substitute = SubstituteFactory(language="en")
    case = case_open(requester=substitute)
    message = services.case_reply_by_staff(
        case_id=case.pk, staff=PayrollFactory(), text="Din skattetabell är 33, kolumn 1."
    )
    sms = Message.objects.get(kind="support_reply")
    assert sms.channel == Channel.SMS and sms.recipient == substitute
    assert "33" not in sms.text and "skattetabell" not in sms.text
    assert case.reference in sms.text and f"/lonesupport/arenden/{case.pk}/" in sms.text
    assert sms.text.startswith("Payroll has answered")  # the substitute's language
    assert sms.idempotency_key == f"support-reply-{message.pk}"


def test_reply_goes_by_e_mail_to_a_substitute_without_a_mobile() -> None:
    case = case_open(requester=SubstituteFactory(mobile=""))
    services.case_reply_by_staff(case_id=case.pk, staff=PayrollFactory(), text="Svar med personlig info")
    mail = Message.objects.get(kind="support_reply")
    assert mail.channel == Channel.EMAIL and "personlig" not in mail.text


def test_internal_note_notifies_nobody_and_changes_no_status() -> None:
    case = case_open()
    services.case_note_add(case_id=case.pk, staff=PayrollFactory(), text="Kolla med Solbacken")
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW
    assert not Message.objects.exists()
    assert case.messages.filter(kind=MessageKind.NOTE).count() == 1


def test_only_payroll_and_administrators_handle_cases() -> None:
    case = case_open()
    for outsider in (SubstituteFactory(), EditorFactory()):
        with pytest.raises(services.SupportRefused):
            services.case_reply_by_staff(case_id=case.pk, staff=outsider, text="Hej")
        with pytest.raises(services.SupportRefused):
            services.case_note_add(case_id=case.pk, staff=outsider, text="Hej")
    services.case_note_add(case_id=case.pk, staff=AdministratorFactory(), text="Hej")
    with pytest.raises(services.SupportRefused):
        services.case_assign(case_id=case.pk, staff=PayrollFactory(), assignee=EditorFactory())


def test_assigning_a_new_case_puts_it_in_progress_and_is_recorded() -> None:
    staff, colleague = PayrollFactory(), PayrollFactory()
    case = case_open()
    services.case_assign(case_id=case.pk, staff=staff, assignee=colleague)
    case.refresh_from_db()
    assert case.assignee == colleague and case.status == CaseStatus.IN_PROGRESS
    assigned = CaseEvent.objects.get(case=case, kind=EventKind.ASSIGNED)
    assert assigned.actor == staff and assigned.details == {"from": None, "to": colleague.pk}
    services.case_assign(case_id=case.pk, staff=staff, assignee=None)
    case.refresh_from_db()
    assert case.assignee is None


def test_substitute_reply_reopens_a_solved_case_within_the_window() -> None:
    staff = PayrollFactory()
    case = case_open(now=at(6, 1, 9))
    services.case_reply_by_staff(
        case_id=case.pk, staff=staff, text="Rättat.", status=CaseStatus.SOLVED, now=at(6, 1, 10)
    )
    services.case_answer_by_substitute(
        case_id=case.pk, requester=case.requester, text="Fortfarande fel", now=at(6, 10, 9)
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.solved_at is None and case.due_at is not None


@override_settings(SUPPORT_REOPEN_DAYS=7)
def test_substitute_reply_after_the_window_is_refused_and_changes_nothing() -> None:
    case = case_open(now=at(6, 1, 9))
    services.case_reply_by_staff(
        case_id=case.pk, staff=PayrollFactory(), text="Klart.", status=CaseStatus.SOLVED, now=at(6, 1, 10)
    )
    with pytest.raises(services.SupportRefused) as refused:
        services.case_answer_by_substitute(
            case_id=case.pk, requester=case.requester, text="Hej igen", now=at(6, 9, 9)
        )
    assert refused.value.reason == services.SupportError.TOO_LATE
    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED and case.messages.count() == 2


def test_closed_case_is_final() -> None:
    staff = PayrollFactory()
    case = case_open()
    services.case_status_set(case_id=case.pk, staff=staff, status=CaseStatus.CLOSED)
    with pytest.raises(services.SupportRefused):
        services.case_answer_by_substitute(case_id=case.pk, requester=case.requester, text="Hallå?")
    with pytest.raises(services.SupportRefused):
        services.case_status_set(case_id=case.pk, staff=staff, status=CaseStatus.IN_PROGRESS)
    with pytest.raises(services.SupportRefused):
        services.case_reply_by_staff(case_id=case.pk, staff=staff, text="Svar")
    assert SupportMessage.objects.filter(case=case).count() == 1


def test_substitute_cannot_write_in_someone_elses_case() -> None:
    case = case_open()
    with pytest.raises(SupportCase.DoesNotExist):
        services.case_answer_by_substitute(case_id=case.pk, requester=SubstituteFactory(), text="Intrång")
    assert case.messages.count() == 1


def test_rating_is_once_and_only_after_solving_and_credits_the_replier() -> None:
    staff = PayrollFactory()
    case = case_open()
    with pytest.raises(services.SupportRefused) as refused:
        services.case_rate(case_id=case.pk, requester=case.requester, score=5)
    assert refused.value.reason == services.SupportError.NOT_SOLVED
    services.case_reply_by_staff(case_id=case.pk, staff=staff, text="Klart", status=CaseStatus.SOLVED)
    rating = services.case_rate(case_id=case.pk, requester=case.requester, score=4, comment=" Snabbt! ")
    assert rating.handled_by == staff and rating.comment == "Snabbt!"
    with pytest.raises(services.SupportRefused) as again:
        services.case_rate(case_id=case.pk, requester=case.requester, score=1)
    assert again.value.reason == services.SupportError.ALREADY_RATED
    with pytest.raises(SupportCase.DoesNotExist):
        services.case_rate(case_id=case.pk, requester=SubstituteFactory(), score=1)


@override_settings(SUPPORT_REOPEN_DAYS=14)
def test_solved_cases_close_after_the_window_and_the_job_is_idempotent() -> None:
    case = case_open(now=at(6, 1, 9))
    services.case_status_set(
        case_id=case.pk, staff=PayrollFactory(), status=CaseStatus.SOLVED, now=at(6, 1, 10)
    )
    assert services.cases_close_solved(now=at(6, 15, 9)) == 0
    assert services.cases_close_solved(now=at(6, 15, 11)) == 1
    assert services.cases_close_solved(now=at(6, 16, 11)) == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.solved_at == at(6, 1, 10)


def test_attachments_are_stored_privately_under_generated_names() -> None:
    case = case_open(files=[pdf_upload("C:\\Users\\sara\\lön maj.pdf"), png_upload(), jpeg_upload()])
    stored = list(SupportAttachment.objects.filter(case=case).order_by("pk"))
    assert [a.display_name for a in stored] == ["lön maj.pdf", "skarmbild.png", "foto.jpg"]
    assert [a.content_type for a in stored] == ["application/pdf", "image/png", "image/jpeg"]
    for attachment in stored:
        assert attachment.file.storage is storages["private"]
        assert "lön" not in attachment.file.name and "skarmbild" not in attachment.file.name
        assert attachment.file.name.startswith("support/")
        assert storages["private"].exists(attachment.file.name)


def test_a_failing_save_leaves_no_file_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    before = set(_stored_names())

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(SupportAttachment, "save", fail)
    with pytest.raises(RuntimeError):
        case_open(files=[pdf_upload()])
    assert set(_stored_names()) == before
    assert not SupportCase.objects.exists()


def _stored_names() -> list[str]:
    storage = storages["private"]
    names: list[str] = []

    def walk(path: str) -> None:
        if not storage.exists(path or "."):
            return
        folders, files = storage.listdir(path)
        names.extend(f"{path}/{name}" for name in files)
        for folder in folders:
            walk(f"{path}/{folder}" if path else folder)

    walk("")
    return names
