"""The pages: ordering with bad input, own certificates only, HR's queue and audit, verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates import services
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.models import CertificateKind, CertificateOrder, CertificateStatus
from vikarieportalen.certificates.tests.factories import order, worked_day
from vikarieportalen.core.roles import Role
from vikarieportalen.support.tests.factories import high_assurance_client
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english, user_with_role

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def substitute() -> User:
    user: User = SubstituteFactory(mobile="+46701234567", language="en")
    return user


@pytest.fixture
def client(substitute: User) -> Client:
    return high_assurance_client(substitute)


@pytest.fixture
def hr() -> User:
    return user_with_role(Role.HR_SERVICE)


def released(substitute: User, hr: User) -> CertificateOrder:
    worked_day(substitute, D(2025, 3, 3))
    made = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.SERVICE,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    return services.certificate_release(order=made, by=hr)


def test_a_substitute_orders_an_employer_certificate(client: Client, substitute: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    response = client.post(
        "/intyg/bestall/arbetsgivarintyg/",
        {"period_from": "2025-01-01", "period_to": "2025-06-30", "purpose": "A-kassa", "recipient": ""},
    )
    made = CertificateOrder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intyg/{made.pk}/"
    assert (made.kind, made.status, made.purpose) == (
        CertificateKind.EMPLOYER,
        CertificateStatus.ORDERED,
        "A-kassa",
    )
    page = english(client).get(f"/intyg/{made.pk}/")
    assert made.number and made.number in page.content.decode()


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        (
            "/intyg/bestall/arbetsgivarintyg/",
            {"period_from": "2025-06-01", "period_to": "2025-01-01"},
            "period_to",
        ),
        (
            "/intyg/bestall/tjanstgoringsintyg/",
            {"period_from": "2025-01-01", "period_to": "2099-01-01"},
            "period_to",
        ),
        (
            "/intyg/bestall/tjanstgoringsintyg/",
            {"period_from": "1990-01-01", "period_to": "2025-01-01"},
            "period_from",
        ),
        ("/intyg/bestall/tjanstgoringsintyg/", {"period_from": "igår", "period_to": ""}, "period_from"),
        ("/intyg/bestall/forlorad-arbetsinkomst/", {"dates": "2025-03-03, 3 mars"}, "dates"),
        ("/intyg/bestall/forlorad-arbetsinkomst/", {"dates": ""}, "dates"),
        ("/intyg/bestall/arsinkomst/", {"year_from": "2025", "year_to": "2024"}, "year_to"),
        ("/intyg/bestall/arsinkomst/", {"year_from": "1900", "year_to": "2024"}, "year_from"),
    ],
)
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_stored(
    client: Client, substitute: User, url: str, data: dict[str, str], field: str
) -> None:
    worked_day(substitute, D(2025, 3, 3))
    response = english(client).post(url, data)
    assert response.status_code == 200
    assert f'id="id_{field}-error"' in response.content.decode()
    assert not CertificateOrder.objects.exists()


def test_a_period_with_no_work_gets_a_clear_message_and_nothing_is_stored(
    client: Client, substitute: User
) -> None:
    worked_day(substitute, D(2025, 3, 3))
    response = english(client).post(
        "/intyg/bestall/arbetsgivarintyg/", {"period_from": "2024-01-01", "period_to": "2024-12-31"}
    )
    assert response.status_code == 200
    assert "There are no approved hours to certify" in response.content.decode()
    assert not CertificateOrder.objects.exists()
    assert not AuditEvent.objects.filter(kind=CertificatesAuditKind.CERTIFICATE_ORDERED).exists()


def test_an_unknown_kind_is_not_found(client: Client) -> None:
    assert client.get("/intyg/bestall/korkort/").status_code == 404


def test_nobody_reads_another_substitutes_certificate(client: Client, hr: User) -> None:
    other = SubstituteFactory()
    theirs = released(other, hr)
    for url in (f"/intyg/{theirs.pk}/", f"/intyg/{theirs.pk}/pdf/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/intyg/{theirs.pk}/avbestall/").status_code == 404


def test_the_substitute_downloads_their_released_pdf(client: Client, substitute: User, hr: User) -> None:
    mine = released(substitute, hr)
    response = client.get(f"/intyg/{mine.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content == bytes(mine.pdf)
    home = english(client).get("/intyg/").content.decode()
    assert f"/intyg/{mine.pk}/pdf/" in home


def test_an_open_order_has_no_pdf_and_can_be_cancelled(client: Client, substitute: User) -> None:
    mine = order(substitute=substitute)
    assert client.get(f"/intyg/{mine.pk}/pdf/").status_code == 404
    assert client.post(f"/intyg/{mine.pk}/avbestall/").status_code == 302
    mine.refresh_from_db()
    assert mine.status == CertificateStatus.CANCELLED


def test_hr_completes_signs_and_releases_and_every_view_is_audited(substitute: User, hr: User) -> None:
    worked_day(substitute, D(2025, 3, 3))
    made = services.certificate_order_create(
        substitute=substitute,
        kind=CertificateKind.EMPLOYER,
        period_from=D(2025, 1, 1),
        period_to=D(2025, 12, 31),
    )
    staff = client_logged_in(hr)
    assert english(staff).get("/intyg/ko/").status_code == 200
    assert english(staff).get(f"/intyg/ko/{made.pk}/").status_code == 200
    preview = staff.get(f"/intyg/ko/{made.pk}/forhandsgranska/")
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    refused = english(staff).post(f"/intyg/ko/{made.pk}/signera/")
    assert refused.status_code == 400 and "Fill in the reason" in refused.content.decode()
    assert (
        staff.post(
            f"/intyg/ko/{made.pk}/uppgifter/",
            {"end_reason": "Behovet upphörde", "further_work": "no", "hr_note": ""},
        ).status_code
        == 302
    )
    assert staff.post(f"/intyg/ko/{made.pk}/signera/").status_code == 302
    made.refresh_from_db()
    assert made.status == CertificateStatus.RELEASED and made.signed_by == hr
    assert staff.get(f"/intyg/ko/{made.pk}/pdf/").status_code == 200
    views = AuditEvent.objects.filter(
        kind=CertificatesAuditKind.CERTIFICATE_VIEWED, user=substitute, actor=hr
    )
    assert sorted(views.values_list("details__what", flat=True)) == sorted(
        ["order", "preview", "order", "pdf"]
    )


def test_a_bad_further_work_answer_changes_nothing(substitute: User, hr: User) -> None:
    made = order(substitute=substitute)
    response = client_logged_in(hr).post(f"/intyg/ko/{made.pk}/uppgifter/", {"further_work": "maybe"})
    assert response.status_code == 400
    made.refresh_from_db()
    assert made.status == CertificateStatus.ORDERED and made.further_work == ""


def test_the_queue_does_not_grow_in_queries(hr: User) -> None:
    order()
    assert_queries_do_not_grow(client_logged_in(hr), "/intyg/ko/", lambda: [order() for _ in range(5)])


def test_the_public_check_tells_genuine_changed_and_forged(substitute: User, hr: User) -> None:
    mine = released(substitute, hr)
    public = Client()
    url = f"/intyg/kontroll/?nummer={mine.number}&kod={mine.verification_code}"
    genuine = english(public).get(url).content.decode()
    assert "The certificate is genuine" in genuine and mine.get_kind_display() in genuine
    assert substitute.family_name not in genuine
    from django.core.files.uploadedfile import SimpleUploadedFile

    same = SimpleUploadedFile("intyg.pdf", bytes(mine.pdf), content_type="application/pdf")
    body = {"nummer": mine.number, "kod": mine.verification_code}
    assert (
        "it is unchanged" in english(public).post("/intyg/kontroll/", {**body, "fil": same}).content.decode()
    )
    changed = SimpleUploadedFile("intyg.pdf", bytes(mine.pdf) + b"\n", content_type="application/pdf")
    assert (
        "The file has been changed"
        in english(public).post("/intyg/kontroll/", {**body, "fil": changed}).content.decode()
    )
    events, orders = AuditEvent.objects.count(), CertificateOrder.objects.count()
    forged = english(public).get("/intyg/kontroll/?nummer=INT-2026-123456&kod=ABCD-EFGH-JKMN")
    assert forged.status_code == 200 and "No such certificate" in forged.content.decode()
    assert (AuditEvent.objects.count(), CertificateOrder.objects.count()) == (events, orders)


@override_settings(CERTIFICATE_VERIFY_THROTTLE_LOOKUPS=2)
def test_guessing_is_throttled() -> None:
    public = Client()
    for _ in range(2):
        assert public.get("/intyg/kontroll/?nummer=INT-2026-000001&kod=ABCD-EFGH-JKMN").status_code == 200
    assert public.get("/intyg/kontroll/?nummer=INT-2026-000001&kod=ABCD-EFGH-JKMN").status_code == 429
