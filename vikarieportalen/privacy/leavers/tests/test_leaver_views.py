"""HR's pages over HTTP: find the person, confirm what will happen, end the engagement."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    HrServiceFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.privacy.leavers import services
from vikarieportalen.privacy.leavers.tests.helpers import booking_at, open_offer
from vikarieportalen.staffing.models import BookingStatus, OfferStatus
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in

pytestmark = pytest.mark.django_db

EN, SV = "en", "sv"


def speaking(client: Client, language: str) -> Client:
    """``client`` with ``language`` chosen on the language switch (a browser's language decides nothing)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def hr_client():
    return client_logged_in(HrServiceFactory())


@pytest.fixture
def substitute():
    return SubstituteFactory(preferred_given_name="Sara", family_name="Johansson", employee_number="E-4711")


def _end_url(user) -> str:
    return f"/konto/hr/vikarie/{user.pk}/avsluta-anstallning/"


def test_hr_finds_the_person_by_employee_number_and_name(hr_client, substitute):
    other = SubstituteFactory(preferred_given_name="Karl", family_name="Andersson")
    for query in ("e-4711", "sara joh"):
        page = speaking(hr_client, EN).get("/konto/hr/vikarier/", {"q": query}).content.decode()
        assert f"/konto/hr/vikarie/{substitute.pk}/" in page
        # By the link, not the name: the logged-in HR person's random name may be "Andersson" too.
        assert f"/konto/hr/vikarie/{other.pk}/" not in page


def test_the_search_finds_nobody_for_a_word_nobody_has(hr_client, substitute):
    page = speaking(hr_client, SV).get("/konto/hr/vikarier/", {"q": "zzzz"}).content.decode()
    assert "Ingen timvikarie matchar sökningen." in page


def test_the_persons_page_leads_to_ending_the_engagement(hr_client, substitute):
    page = speaking(hr_client, SV).get(f"/konto/hr/vikarie/{substitute.pk}/").content.decode()
    assert "Sara Johansson" in page and "E-4711" in page
    assert _end_url(substitute) in page and "Avsluta anställning" in page


def test_the_confirmation_lists_the_bookings_and_offers_that_will_go(hr_client, substitute):
    booking = booking_at(substitute, 48)
    offer = open_offer(substitute, 96)
    page = speaking(hr_client, EN).get(_end_url(substitute)).content.decode()
    assert "Bookings to be cancelled" in page and booking.workplace.name in page
    assert "Offers to be withdrawn" in page and offer.shift.workplace.name in page
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE  # looking changes nothing


def test_ending_in_swedish(hr_client, substitute):
    booking = booking_at(substitute, 48)
    offer = open_offer(substitute)
    response = speaking(hr_client, SV).post(_end_url(substitute), {"confirm": "on"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/konto/hr/vikarie/{substitute.pk}/"
    assert "Anställningen för Sara Johansson är avslutad och kontot stängt." in page
    assert "Avbokade pass: 1, återkallade förfrågningar: 1." in page
    substitute.refresh_from_db()
    booking.refresh_from_db()
    offer.refresh_from_db()
    assert not substitute.is_active and substitute.engagement_ended_at is not None
    assert booking.status == BookingStatus.CANCELLED and offer.status == OfferStatus.WITHDRAWN


def test_ending_in_english(hr_client, substitute):
    response = speaking(hr_client, EN).post(_end_url(substitute), {"confirm": "on"}, follow=True)
    page = response.content.decode()
    assert "Sara Johansson&#x27;s engagement has ended and the account is closed." in page
    assert "Ended " in page  # the person's page now says when and by whom


def test_without_the_tick_nothing_ends(hr_client, substitute):
    booking = booking_at(substitute, 48)
    response = speaking(hr_client, EN).post(_end_url(substitute), {})
    assert response.status_code == 400
    assert "Tick the box to confirm that the engagement is to end." in response.content.decode()
    substitute.refresh_from_db()
    booking.refresh_from_db()
    assert substitute.is_active and booking.status == BookingStatus.ACTIVE


@pytest.mark.parametrize(
    ("headers", "text"), [(EN, "is working a shift right now"), (SV, "arbetar ett pass just nu")]
)
def test_a_running_shift_is_refused_with_a_message_and_the_shift_stays(hr_client, substitute, headers, text):
    running = booking_at(substitute, -1)
    page = speaking(hr_client, headers).get(_end_url(substitute)).content.decode()
    assert text in page  # said before HR even tries
    response = speaking(hr_client, headers).post(_end_url(substitute), {"confirm": "on"})
    assert response.status_code == 409
    assert text in response.content.decode()
    substitute.refresh_from_db()
    running.refresh_from_db()
    assert substitute.is_active and running.status == BookingStatus.ACTIVE
    assert not AuditEvent.objects.filter(kind=PrivacyAuditKind.ENGAGEMENT_ENDED).exists()


def test_ending_twice_says_so_and_changes_nothing(hr_client, substitute):
    hr_client.post(_end_url(substitute), {"confirm": "on"})
    substitute.refresh_from_db()
    ended_at = substitute.engagement_ended_at
    response = speaking(hr_client, EN).post(_end_url(substitute), {"confirm": "on"}, follow=True)
    assert "engagement has already ended" in response.content.decode()
    substitute.refresh_from_db()
    assert substitute.engagement_ended_at == ended_at
    assert AuditEvent.objects.filter(kind=PrivacyAuditKind.ENGAGEMENT_ENDED).count() == 1


def test_a_non_substitute_has_no_engagement_page(hr_client):
    manager = WorkplaceManagerFactory()
    assert hr_client.get(f"/konto/hr/vikarie/{manager.pk}/").status_code == 404
    assert hr_client.post(_end_url(manager), {"confirm": "on"}).status_code == 404
    manager.refresh_from_db()
    assert manager.is_active


@pytest.mark.parametrize("factory", [StaffingCentreFactory, WorkplaceManagerFactory, SubstituteFactory])
def test_a_forged_post_by_someone_not_hr_is_refused(substitute, factory):
    booking = booking_at(substitute, 48)
    client = client_logged_in(factory(), strong=True)
    assert client.post(_end_url(substitute), {"confirm": "on"}).status_code == 403
    substitute.refresh_from_db()
    booking.refresh_from_db()
    assert substitute.is_active and booking.status == BookingStatus.ACTIVE


def test_an_administrator_may_end_an_engagement(substitute):
    client = client_logged_in(AdministratorFactory())
    assert client.post(_end_url(substitute), {"confirm": "on"}).status_code == 302
    substitute.refresh_from_db()
    assert not substitute.is_active


def test_hr_with_a_password_only_login_is_sent_to_step_up(substitute):
    client = client_logged_in(HrServiceFactory(), strong=False)
    response = client.post(_end_url(substitute), {"confirm": "on"})
    assert response.status_code == 302 and "/konto/starkare-inloggning/" in response["Location"]
    substitute.refresh_from_db()
    assert substitute.is_active


def test_the_menu_shows_hr_the_page(hr_client):
    assert "/konto/hr/vikarier/" in speaking(hr_client, EN).get("/konto/hr/").content.decode()


def test_the_search_takes_as_many_queries_for_many_people_as_for_one(hr_client):
    SubstituteFactory(family_name="Lindqvist")

    def grow() -> None:
        for _ in range(5):
            ended = SubstituteFactory(family_name="Lindqvist")
            services.engagement_end(user=ended, by=None)

    assert_queries_do_not_grow(hr_client, "/konto/hr/vikarier/?q=lindqvist", grow)
