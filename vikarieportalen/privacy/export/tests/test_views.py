"""Mina personuppgifter: only the person, after a recent strong login; the download is audited."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.staffing.tests.factories import BookingFactory
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

PAGE = "/konto/personuppgifter/mina/"
DOWNLOAD = "/konto/personuppgifter/mina/ladda-ner/"
STEP_UP = f"/konto/starkare-inloggning/?{urlencode({'next': PAGE})}"


def _person(**fields: str) -> User:
    user: User = SubstituteFactory(
        preferred_given_name="Anna",
        family_name="Andersson",
        personal_identity_number="198704041234",
        **fields,
    )
    BookingFactory(substitute=user)
    return user


def _strong(user: User, *, minutes_ago: int = 0) -> Client:
    client = client_logged_in(user)
    session = client.session
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    session[SESSION_KEY] = {"level": "high", "method": "password_sms", "at": at.isoformat()}
    session.save()
    return client


def _exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=PrivacyAuditKind.PERSONAL_DATA_EXPORTED))


def test_anonymous_visitors_are_sent_to_log_in() -> None:
    assert Client().get(PAGE)["Location"] == f"/konto/logga-in/?next={quote(PAGE)}"


@pytest.mark.parametrize("url", [PAGE, DOWNLOAD])
def test_a_password_only_login_is_sent_to_step_up_and_back_to_the_page(url: str) -> None:
    client = client_logged_in(_person(), strong=False)
    response = client.get(url) if url == PAGE else client.post(url)
    assert response.status_code == 302
    assert response["Location"] == STEP_UP
    assert _exports() == []


def test_a_strong_login_older_than_a_quarter_of_an_hour_must_be_renewed() -> None:
    client = _strong(_person(), minutes_ago=20)
    response = client.post(DOWNLOAD)
    assert response["Location"] == STEP_UP
    assert _exports() == []


def test_the_page_summarises_each_section_in_swedish() -> None:
    response = _strong(_person()).get(PAGE)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Mina personuppgifter" in html
    assert "Bokningar" in html and "Ladda ner allt (JSON)" in html
    assert "19870404-****" in html and "198704041234" not in html  # masked on the page
    assert "Det här finns inte med i filen" in html
    assert _exports() == []  # looking is not exporting


def test_the_page_in_english() -> None:
    html = _strong(_person(language="en")).get(PAGE).content.decode()
    assert "My personal data" in html and "Bookings" in html and "Download all (JSON)" in html


def test_the_download_is_the_persons_json_and_is_audited_without_the_data() -> None:
    person = _person()
    response = _strong(person).post(DOWNLOAD)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    filename = f"personuppgifter-{person.username}-{timezone.localdate().isoformat()}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-cache" in response["Cache-Control"]
    export = json.loads(response.content)
    assert export["username"] == person.username
    assert export["sections"]["account"]["data"]["personal_identity_number"] == "198704041234"
    assert len(export["sections"]["bookings"]["data"]) == 1
    [event] = _exports()
    assert (event.user, event.actor, event.details) == (person, None, {"channel": "web"})


def test_the_download_must_be_posted() -> None:
    response = _strong(_person()).get(DOWNLOAD)
    assert response.status_code == 405
    assert _exports() == []


def test_my_details_links_to_the_page() -> None:
    html = client_logged_in(_person()).get("/konto/mina-uppgifter/").content.decode()
    assert f'href="{PAGE}"' in html
