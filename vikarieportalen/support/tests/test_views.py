"""Fråga lönesupport over HTTP: the substitute's flow, payroll's queue, bad input, audit, query counts."""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from vikarieportalen.accounts.tests.factories import AdministratorFactory, PayrollFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.intranet.tests.factories import FaqPageFactory
from vikarieportalen.notifications.models import Message
from vikarieportalen.support import services
from vikarieportalen.support.audit_kinds import SupportAuditKind
from vikarieportalen.support.choices import CaseStatus, MessageKind
from vikarieportalen.support.models import SupportAttachment, SupportCase, SupportMessage, SupportRating
from vikarieportalen.support.tests.factories import (
    PDF_BYTES,
    case_open,
    high_assurance_client,
    image_bytes,
    pdf_upload,
    png_upload,
)
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db

NEW = "/lonesupport/nytt/"


def case_url(case: SupportCase) -> str:
    return reverse("support:case_detail", kwargs={"case_id": case.pk})


def staff_url(case: SupportCase, action: str = "") -> str:
    return reverse("support:staff_case", kwargs={"case_id": case.pk}) + (f"{action}/" if action else "")


def open_form(**overrides: object) -> dict[str, object]:
    return {
        "topic": "salary",
        "subject": "Saknar OB-tillägg",
        "text": "Jag jobbade natt 3 juni.",
        **overrides,
    }


@pytest.fixture
def substitute() -> object:
    return SubstituteFactory()


@pytest.fixture
def client(substitute: object) -> Client:
    return high_assurance_client(substitute)  # type: ignore[arg-type]


# The substitute -----------------------------------------------------------------------------


def test_a_low_assurance_login_is_sent_to_step_up(substitute: object) -> None:
    response = client_logged_in(substitute).get(NEW)  # type: ignore[arg-type]
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/starkare-inloggning/?next=")


def test_substitute_opens_a_case_with_attachments(client: Client, substitute: object) -> None:
    response = client.post(NEW, open_form(attachments=[pdf_upload("lön.pdf"), png_upload("bild.png")]))
    case = SupportCase.objects.get()
    assert response.status_code == 302 and response["Location"] == case_url(case)
    assert case.requester == substitute and case.status == CaseStatus.NEW
    assert sorted(case.attachments.values_list("display_name", flat=True)) == ["bild.png", "lön.pdf"]
    page = client.get(case_url(case))
    assert page.status_code == 200
    assert "lön.pdf" in page.content.decode()


def test_new_case_form_shows_phone_hours_and_the_faq_link(client: Client) -> None:
    from vikarieportalen.intranet.models import ContactCard, OpeningHours

    card = ContactCard.objects.create(name="Lönecentrum", phone="0550-869 60")
    OpeningHours.objects.create(contact=card, weekday=0, opens="08:00", closes="12:00")
    faq = FaqPageFactory()
    html = client.get(NEW).content.decode()
    assert "0550-869 60" in html and 'id="support-phone-title"' in html
    assert f'href="{faq.url}"' in html
    assert 'hx-get="/lonesupport/forslag/"' in html


def test_faq_suggestions_match_typed_words_and_are_escaped(client: Client) -> None:
    from vikarieportalen.intranet.models import FaqEntry

    page = FaqPageFactory()
    FaqEntry.objects.create(
        page=page,
        topic="Lön",
        question="När betalas lönen ut?",
        answer="<p>Den 25:e <b>varje</b> månad.</p>",
        sort_order=0,
    )
    FaqEntry.objects.create(
        page=page, topic="Övrigt", question="Parkering", answer="<p>Vid entrén.</p>", sort_order=1
    )
    response = client.get(
        "/lonesupport/forslag/", {"subject": "lönen", "text": "<script>x</script>"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "När betalas lönen ut?" in html and "Parkering" not in html
    assert "<script>" not in html and "<b>" not in html
    assert "<html" not in html  # a fragment for htmx
    full = client.get("/lonesupport/forslag/", {"subject": "lönen"})
    assert "<html" in full.content.decode()  # without JavaScript: a whole page


def test_payroll_reply_reaches_the_substitute_but_notes_never_do(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    staff = client_logged_in(PayrollFactory())
    staff.post(staff_url(case, "anteckning"), {"note-text": "HEMLIG-ANTECKNING om personen"})
    staff.post(staff_url(case, "svara"), {"reply-text": "Vi rättar det i juni.", "reply-status": "waiting"})
    html = client.get(case_url(case)).content.decode()
    assert "Vi rättar det i juni." in html
    assert "HEMLIG-ANTECKNING" not in html
    assert Message.objects.filter(kind="support_reply", recipient=substitute).count() == 1
    # The substitute answers: back with payroll.
    response = client.post(case_url(case) + "svara/", {"text": "Tack, men gäller även maj."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_substitute_rates_a_solved_case_once(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    services.case_reply_by_staff(
        case_id=case.pk, staff=PayrollFactory(), text="Klart", status=CaseStatus.SOLVED
    )
    assert client.post(case_url(case) + "betyg/", {"score": "5", "comment": "Bra"}).status_code == 302
    again = english(client).post(case_url(case) + "betyg/", {"score": "1"}, follow=True)
    assert SupportRating.objects.get(case=case).score == 5
    assert again.status_code == 200 and 'class="message message--error"' in again.content.decode()


def test_html_in_a_message_is_shown_as_text(client: Client) -> None:
    client.post(NEW, open_form(subject="<b>fet</b>", text='<script>alert("x")</script>\nrad två'))
    case = SupportCase.objects.get()
    assert case.subject == "<b>fet</b>"  # stored as typed, never trusted
    html = client.get(case_url(case)).content.decode()
    assert (
        "<script>alert" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>rad två" in html
    )
    assert "<b>fet</b>" not in html


# Bad input: a clear message, nothing stored ----------------------------------------------------


def _refused(response: object, field: str) -> str:
    assert response.status_code == 200  # type: ignore[attr-defined]
    form = response.context["form"]  # type: ignore[attr-defined]
    assert field in form.errors, form.errors
    assert not SupportCase.objects.exists() and not SupportAttachment.objects.exists()
    return " ".join(form.errors[field])


def test_a_file_that_claims_to_be_pdf_but_is_not_is_refused(client: Client) -> None:
    fake = SimpleUploadedFile(
        "lonespec.pdf", b"MZ\x90\x00\x03 not a pdf at all", content_type="application/pdf"
    )
    assert "PDF, JPEG or PNG" in _refused(
        english(client).post(NEW, open_form(attachments=[fake])), "attachments"
    )


def test_html_named_pdf_and_a_png_named_pdf_and_a_broken_pdf_are_refused(client: Client) -> None:
    for upload in (
        SimpleUploadedFile("a.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"),
        SimpleUploadedFile("b.pdf", image_bytes("PNG"), content_type="application/pdf"),
        SimpleUploadedFile("c.pdf", b"%PDF-1.7\nno end marker", content_type="application/pdf"),
        SimpleUploadedFile("d.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, content_type="image/png"),
    ):
        _refused(client.post(NEW, open_form(attachments=[upload])), "attachments")


def test_a_path_in_a_file_name_is_stripped(client: Client) -> None:
    client.post(NEW, open_form(attachments=[pdf_upload("../../../etc/lön.pdf")]))
    attachment = SupportAttachment.objects.get()
    assert attachment.display_name == "lön.pdf"
    assert ".." not in attachment.file.name and "etc" not in attachment.file.name


def test_empty_text_is_refused(client: Client) -> None:
    _refused(client.post(NEW, open_form(text="   \n  ")), "text")


def test_unknown_topic_is_refused(client: Client) -> None:
    _refused(client.post(NEW, open_form(topic="bonus")), "topic")


@override_settings(SUPPORT_MAX_ATTACHMENTS=2)
def test_too_many_attachments_are_refused(client: Client) -> None:
    message = _refused(
        client.post(
            NEW, open_form(attachments=[pdf_upload("1.pdf"), pdf_upload("2.pdf"), pdf_upload("3.pdf")])
        ),
        "attachments",
    )
    assert "2" in message


@override_settings(SUPPORT_MAX_ATTACHMENT_MB=1)
def test_a_file_over_the_limit_is_refused_while_streaming(client: Client) -> None:
    big = SimpleUploadedFile("stor.pdf", PDF_BYTES[:-6] + b"0" * (1024 * 1024 + 10) + b"%%EOF\n")
    _refused(client.post(NEW, open_form(attachments=[big])), "attachments")


def test_a_2_gb_upload_is_refused_before_its_body_is_read(client: Client) -> None:
    # The body here is tiny; the test client's payload raises if anything reads beyond it, so a
    # 413 proves the view answered from the Content-Length header alone.
    response = client.generic(
        "POST",
        NEW,
        data=b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2 * 1024**3),
    )
    assert response.status_code == 413
    assert 'href="/lonesupport/nytt/"' in response.content.decode()
    assert not SupportCase.objects.exists()


def test_one_huge_file_within_the_request_limit_is_dropped_while_streaming(client: Client) -> None:
    # 11 MB passes the request limit (5 × 10 MB) but not the per-file one: the handler drops it.
    huge = BytesIO(PDF_BYTES + b"0" * (11 * 1024 * 1024))
    huge.name = "enorm.pdf"
    _refused(client.post(NEW, open_form(attachments=[huge])), "attachments")


def test_posting_to_someone_elses_case_is_404_and_stores_nothing(client: Client) -> None:
    other = case_open()
    assert client.post(case_url(other) + "svara/", {"text": "Intrång"}).status_code == 404
    assert client.post(case_url(other) + "betyg/", {"score": "1"}).status_code == 404
    assert client.get(case_url(other)).status_code == 404
    assert other.messages.count() == 1 and not SupportRating.objects.exists()


def test_nobody_reads_another_substitutes_attachment(client: Client) -> None:
    other = case_open(files=[pdf_upload()])
    attachment = other.attachments.get()
    assert (
        client.get(reverse("support:attachment", kwargs={"attachment_id": attachment.pk})).status_code == 404
    )


def test_rating_an_unsolved_case_is_refused(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    response = client.post(case_url(case) + "betyg/", {"score": "4"}, follow=True)
    assert response.status_code == 200 and "message--error" in response.content.decode()
    assert not SupportRating.objects.exists()


def test_a_rating_outside_1_to_5_is_refused(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    services.case_status_set(case_id=case.pk, staff=PayrollFactory(), status=CaseStatus.SOLVED)
    response = client.post(case_url(case) + "betyg/", {"score": "9"})
    assert response.status_code == 200 and "score" in response.context["rating_form"].errors
    assert not SupportRating.objects.exists()


def test_writing_in_a_closed_case_is_refused(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    services.case_status_set(case_id=case.pk, staff=PayrollFactory(), status=CaseStatus.CLOSED)
    response = client.post(case_url(case) + "svara/", {"text": "Hallå"}, follow=True)
    assert "message--error" in response.content.decode()
    assert case.messages.count() == 1


# Attachments are served safely ------------------------------------------------------------------


def test_own_attachment_is_served_as_a_download_with_nosniff(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute, files=[pdf_upload("lön maj.pdf")])  # type: ignore[arg-type]
    response = client.get(reverse("support:attachment", kwargs={"attachment_id": case.attachments.get().pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "l%C3%B6n%20maj.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]


# Payroll ------------------------------------------------------------------------------------------


def test_every_staff_view_of_a_case_or_file_is_audited() -> None:
    case = case_open(files=[pdf_upload()])
    staff_user = PayrollFactory()
    staff = client_logged_in(staff_user)
    assert staff.get(staff_url(case)).status_code == 200
    staff.get(reverse("support:attachment", kwargs={"attachment_id": case.attachments.get().pk}))
    events = AuditEvent.objects.filter(actor=staff_user).order_by("pk")
    assert [e.kind for e in events] == [
        SupportAuditKind.SUPPORT_CASE_VIEWED,
        SupportAuditKind.SUPPORT_ATTACHMENT_VIEWED,
    ]
    assert all(e.user == case.requester and e.details["case"] == case.pk for e in events)


def test_substitute_views_of_their_own_case_are_not_staff_audit_events(
    client: Client, substitute: object
) -> None:
    case = case_open(requester=substitute)  # type: ignore[arg-type]
    client.get(case_url(case))
    assert not AuditEvent.objects.filter(kind=SupportAuditKind.SUPPORT_CASE_VIEWED).exists()


def test_staff_page_shows_notes_and_the_queue_filters() -> None:
    staff_user = PayrollFactory()
    mine = case_open(subject="Min fråga")
    other = case_open(subject="Annans fråga", topic="tax")
    services.case_assign(case_id=mine.pk, staff=staff_user, assignee=staff_user)
    services.case_note_add(case_id=mine.pk, staff=staff_user, text="Anteckning för lön")
    staff = client_logged_in(staff_user)
    assert "Anteckning för lön" in staff.get(staff_url(mine)).content.decode()
    only_mine = staff.get("/lonesupport/ko/", {"assignee": "me"}).content.decode()
    assert "Min fråga" in only_mine and "Annans fråga" not in only_mine
    tax = staff.get("/lonesupport/ko/", {"topic": "tax"}).content.decode()
    assert "Annans fråga" in tax and "Min fråga" not in tax
    unassigned = staff.get("/lonesupport/ko/", {"assignee": "none"}).content.decode()
    assert "Annans fråga" in unassigned and "Min fråga" not in unassigned
    assert other.pk


def test_queue_sorts_by_due_time_first() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    se = ZoneInfo("Europe/Stockholm")
    later = case_open(subject="Sen", now=dt.datetime(2026, 6, 16, 9, tzinfo=se))
    earlier = case_open(subject="Tidig", now=dt.datetime(2026, 6, 15, 9, tzinfo=se))
    staff = client_logged_in(PayrollFactory())
    rows = [row["case"].pk for row in staff.get("/lonesupport/ko/").context["rows"]]
    assert rows.index(earlier.pk) < rows.index(later.pk)


def test_staff_assign_to_a_colleague_and_take_a_case() -> None:
    me, colleague = PayrollFactory(), PayrollFactory()
    case = case_open()
    staff = client_logged_in(me)
    assert staff.post(staff_url(case, "tilldela"), {"assign-assignee": str(colleague.pk)}).status_code == 302
    case.refresh_from_db()
    assert case.assignee == colleague
    staff.post(staff_url(case, "tilldela"), {"assign-assignee": str(me.pk)})
    case.refresh_from_db()
    assert case.assignee == me
    history = staff.get(staff_url(case, "")).content.decode().split('id="history-title"', 1)[1]
    # The history names whom the case went to, and who did it: not the assigner as the assignee.
    first, second = re.findall(r"Tilldelat\s*\(till ([^)]*)\)\s*av ([^<\n]*)", history)
    assert first == (colleague.get_full_name(), me.get_full_name())
    assert second == (me.get_full_name(), me.get_full_name())


def test_staff_cannot_assign_to_someone_outside_payroll() -> None:
    case = case_open()
    staff = client_logged_in(PayrollFactory())
    response = staff.post(staff_url(case, "tilldela"), {"assign-assignee": str(SubstituteFactory().pk)})
    assert response.status_code == 200 and response.context["assign_form"].errors
    case.refresh_from_db()
    assert case.assignee is None


def test_staff_status_change_that_is_not_allowed_gives_a_message() -> None:
    case = case_open()
    staff = client_logged_in(AdministratorFactory())
    staff.post(staff_url(case, "status"), {"status-status": "closed"})
    response = staff.post(staff_url(case, "status"), {"status-status": "in_progress"}, follow=True)
    assert "message--error" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_empty_staff_reply_is_refused_and_nothing_is_sent() -> None:
    case = case_open()
    staff = client_logged_in(PayrollFactory())
    response = staff.post(staff_url(case, "svara"), {"reply-text": "  ", "reply-status": "waiting"})
    assert response.status_code == 200 and response.context["reply_form"].errors
    assert not SupportMessage.objects.filter(kind=MessageKind.REPLY).exists()
    assert not Message.objects.exists() and not mail.outbox


def test_ratings_page_shows_averages_per_handler() -> None:
    staff_user = PayrollFactory(preferred_given_name="Eva", family_name="Lönnqvist")
    for score in (5, 4):
        case = case_open()
        services.case_reply_by_staff(
            case_id=case.pk, staff=staff_user, text="Klart", status=CaseStatus.SOLVED
        )
        services.case_rate(case_id=case.pk, requester=case.requester, score=score)
    response = client_logged_in(PayrollFactory()).get("/lonesupport/ko/betyg/")
    assert response.status_code == 200
    assert response.context["overall"] == {"count": 2, "average": 4.5}
    assert [(row.label, row.count, row.average) for row in response.context["by_staff"]] == [
        ("Eva Lönnqvist", 2, 4.5)
    ]


# Query counts -------------------------------------------------------------------------------------


def _grow_cases(requester: object | None = None, count: int = 4) -> None:
    staff = PayrollFactory()
    for index in range(count):
        case = case_open(requester=requester, subject=f"Fråga {index}", files=[pdf_upload()])  # type: ignore[arg-type]
        services.case_reply_by_staff(case_id=case.pk, staff=staff, text="Svar", status=CaseStatus.IN_PROGRESS)
        services.case_note_add(case_id=case.pk, staff=staff, text="Not")


def test_queue_query_count_does_not_grow() -> None:
    _grow_cases(count=1)
    assert_queries_do_not_grow(client_logged_in(PayrollFactory()), "/lonesupport/ko/", _grow_cases)


def test_own_cases_query_count_does_not_grow(client: Client, substitute: object) -> None:
    _grow_cases(requester=substitute, count=1)
    assert_queries_do_not_grow(client, "/lonesupport/", lambda: _grow_cases(requester=substitute))


def test_case_pages_query_count_does_not_grow_with_messages(client: Client, substitute: object) -> None:
    case = case_open(requester=substitute, files=[pdf_upload()])  # type: ignore[arg-type]
    staff_user = PayrollFactory()

    def more_messages() -> None:
        for _ in range(3):
            services.case_reply_by_staff(
                case_id=case.pk, staff=staff_user, text="Svar", status=CaseStatus.WAITING
            )
            services.case_answer_by_substitute(
                case_id=case.pk, requester=substitute, text="Svar tillbaka", files=[]
            )  # type: ignore[arg-type]
            services.case_note_add(case_id=case.pk, staff=staff_user, text="Not")

    assert_queries_do_not_grow(client, case_url(case), more_messages)
    assert_queries_do_not_grow(client_logged_in(staff_user), staff_url(case), more_messages)
