"""The collection: every section with the person's data, nobody else's, no secrets, fixed queries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from vikarieportalen.accounts.models import PasswordResetAttempt, User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.notifications.phone import format_mobile_number
from vikarieportalen.privacy.export.rules import SECTION_HEADINGS, export_filename, export_summary
from vikarieportalen.privacy.export.selectors import personal_data_export
from vikarieportalen.privacy.export.services import export_json
from vikarieportalen.privacy.export.tests.factories import Secrets, person_with_data_everywhere, staff_member
from vikarieportalen.staffing.models import InboundMessage, Offer, OfferSend, OfferStatus, Workplace
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.trainings.tests.factories import CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workplace() -> Workplace:
    result: Workplace = WorkplaceFactory(name="Solbackens äldreboende")
    return result


@pytest.fixture
def staff() -> User:
    return staff_member(
        preferred_given_name="Gunborg",
        given_names="Gunborg Margareta",
        family_name="Staffansdotter",
        username="GUST7001",
        email="gunborg.staff@kommun.example.se",
        mobile="+46709990001",
        employee_number="E900001",
        personal_identity_number="197001011234",
    )


@pytest.fixture
def first(workplace: Workplace, staff: User) -> tuple[User, Secrets]:
    return person_with_data_everywhere(
        workplace=workplace,
        staff=staff,
        tag="ANNA",
        preferred_given_name="Anna",
        given_names="Anna Maria",
        family_name="Andersson",
        username="ANAN8704",
        email="anna.andersson@example.se",
        mobile="+46701112233",
        employee_number="E100001",
        personal_identity_number="198704041234",
    )


@pytest.fixture
def second(workplace: Workplace, staff: User) -> tuple[User, Secrets]:
    return person_with_data_everywhere(
        workplace=workplace,
        staff=staff,
        tag="ZEBULON",
        preferred_given_name="Zebulon",
        given_names="Zebulon Xerxes",
        family_name="Quist",
        username="ZEQU9911",
        email="zebulon.quist@example.se",
        mobile="+46708887766",
        employee_number="E200002",
        personal_identity_number="199911119876",
    )


def _identifiers(user: User) -> list[str]:
    pin = user.personal_identity_number or ""
    return [
        user.preferred_given_name,
        user.family_name,
        user.given_names,
        user.username,
        user.email,
        user.mobile,
        format_mobile_number(user.mobile),
        user.mobile.removeprefix("+46"),
        user.employee_number or "",
        pin,
        pin[2:],
        f"{pin[:8]}-{pin[8:]}",
    ]


def _text(export: dict[str, Any]) -> str:
    return export_json(export).decode()


def test_every_section_holds_the_persons_data(first: tuple[User, Secrets]) -> None:
    person, _secrets = first
    export = personal_data_export(user=person)
    sections = {key: section["data"] for key, section in export["sections"].items()}

    assert list(sections) == list(SECTION_HEADINGS)
    assert export["username"] == "ANAN8704"
    account = sections["account"]
    assert (account["family_name"], account["personal_identity_number"], account["mobile"]) == (
        "Andersson",
        "198704041234",
        "+46701112233",
    )
    assert [role["role"] for role in account["roles"]] == ["substitute"]
    login = sections["login_methods"]
    assert {m["method"]: m["available"] for m in login["methods"]} == {
        "password": True,
        "password_sms": True,
        "eid": True,
        "staff_card": True,
    }
    assert len(login["password"]["earlier_passwords_set_at"]) == 1
    assert login["sessions"][0]["client_ip"] == "198.51.100.7"
    assert len(login["password_resets"]) == len(login["mobile_changes"]) == 1
    assert login["mobile_changes"][0]["new_mobile"] == "+46735550000"
    workplaces = sections["workplaces"]
    assert workplaces["profile"]["calendar_feed_on"] is True
    assert len(workplaces["introductions"]) == 1
    assert len(workplaces["qualifications"]) == 1
    assert [b["workplace"] for b in sections["bookings"]] == ["Solbackens äldreboende"]
    assert sections["bookings"][0]["status"] == "active"
    assert sections["availability"]["periods"][0]["note"] == "Semester ANNA"
    assert len(sections["availability"]["weekly"]) == 1
    assert sections["offers"][0]["status"] == "declined"
    assert sections["offers"][0]["message"] == "Kan du jobba? ANNA"
    assert sections["workplace_requests"][0]["message"] == "Skolor ANNA"
    [sms] = sections["inbound_sms"]
    assert (sms["text"], sms["from_number"], sms["handled"]) == (
        "Jag kan på fredag ANNA",
        "+46701112233",
        True,
    )
    assert sms["answers_group_message_sent_at"] is not None
    assert sections["hours"][0]["note"] == "Approved ANNA"
    assert sections["pay"]["hourly_wages"][-1]["amount"] == "165.50"
    assert len(sections["pay"]["pay_lines"]) == 1
    assert sections["certificates"][0]["purpose"] == "A-kassa ANNA"
    case = sections["support"][0]
    assert case["subject"] == "Lön ANNA"
    assert [m["text"] for m in case["messages"]] == ["Saknar timmar ANNA", "Vi tittar ANNA"]
    assert case["messages"][0]["files"][0]["name"] == "lonespecifikation.pdf"
    assert sections["messages"][0]["to"] == "+46701112233"
    assert sections["messages"][0]["kind"] == "login_code"
    assert sections["trainings"][0]["course"] == "Brandskydd ANNA"
    assert {e["kind"] for e in sections["audit_events"]} == {"login", "mobile_changed"}
    assert [e["by_someone_else"] for e in sections["audit_events"] if e["kind"] == "mobile_changed"] == [True]
    assert set(sections["staff_work"]["counts"].values()) == {0}


def test_a_second_persons_data_never_appears(
    first: tuple[User, Secrets], second: tuple[User, Secrets]
) -> None:
    person, _ = first
    other, _ = second
    # The other is offered the very shift the person was offered, and declined it too.
    shift = Offer.objects.get(substitute=person).shift
    Offer.objects.create(
        send=OfferSend.objects.create(),
        shift=shift,
        substitute=other,
        code="4712",
        token="othertoken",
        status=OfferStatus.DECLINED,
        expires_at=shift.starts_at,
        responded_at=shift.created_at,
    )
    CoursePageFactory(title="Zebulons egen kurs", page_owner=other)

    text = _text(personal_data_export(user=person))

    leaked = [value for value in [*_identifiers(other), "ZEBULON"] if value and value in text]
    assert leaked == []
    # The test can fail: the other's export holds the other's own identifiers.
    other_text = _text(personal_data_export(user=other))
    assert all(value in other_text for value in [other.username, other.family_name, "ZEBULON"])


def test_an_inbox_sms_from_a_shared_number_without_a_sender_is_not_exported(
    first: tuple[User, Secrets],
) -> None:
    person, _ = first
    InboundMessage.objects.create(
        gateway_id="gw-shared",
        sender_number=person.mobile,
        sender=None,  # two active users had the number: it may be the other one's
        text="Hälsningar från brodern",
        received_at=timezone.now(),
    )
    rows = personal_data_export(user=person)["sections"]["inbound_sms"]["data"]
    assert [row["text"] for row in rows] == ["Jag kan på fredag ANNA"]


def test_staff_who_acted_on_the_persons_data_are_not_named(first: tuple[User, Secrets], staff: User) -> None:
    person, _ = first
    text = _text(personal_data_export(user=person))
    assert [value for value in _identifiers(staff) if value and value in text] == []


def test_no_secret_is_exported(first: tuple[User, Secrets]) -> None:
    person, secrets = first
    text = _text(personal_data_export(user=person))

    assert [secret for secret in secrets.values() if secret in text] == []
    assert "pbkdf2" not in text and "argon2" not in text
    offers = personal_data_export(user=person)["sections"]["offers"]["data"]
    assert offers and all("code" not in offer and "token" not in offer for offer in offers)


def test_staff_work_is_counted_without_the_people_it_concerns(
    first: tuple[User, Secrets], staff: User
) -> None:
    person, _ = first
    CoursePageFactory(title="Hygienrutiner", page_owner=staff, review_by=dt.date(2027, 3, 1))
    export = personal_data_export(user=staff)
    assert export["sections"]["staff_work"]["data"]["pages_responsible_for"] == [
        {"title": "Hygienrutiner", "review_by": "2027-03-01"}
    ]
    counts = export["sections"]["staff_work"]["data"]["counts"]

    assert counts["bookings_made"] == 1
    assert counts["hours_approved"] == 1
    assert counts["certificates_signed"] == 1
    assert counts["support_answers_and_notes"] == 2  # the reply and the internal note
    assert counts["audit_events_about_others"] == 1
    assert person.family_name not in _text(export)


def test_a_reset_for_the_username_that_found_no_account_to_send_to_is_included() -> None:
    person: User = SubstituteFactory(mobile="")
    PasswordResetAttempt.objects.create(
        user=None,
        username_given=person.username.lower(),
        salt="s",
        code_hash="h",
        created_at=person.date_joined,
        expires_at=person.date_joined.replace(year=person.date_joined.year + 1),
    )

    resets = personal_data_export(user=person)["sections"]["login_methods"]["data"]["password_resets"]

    assert len(resets) == 1


def test_the_export_is_plain_json() -> None:
    export = personal_data_export(user=SubstituteFactory())
    assert json.loads(json.dumps(export)) == export


def test_the_query_count_does_not_grow_with_the_data(
    first: tuple[User, Secrets], workplace: Workplace, staff: User
) -> None:
    person, _ = first
    with CaptureQueriesContext(connection) as once:
        personal_data_export(user=User.objects.get(pk=person.pk))
    # The same kinds of rows again, for the same person: bookings, offers, cases, messages…
    person_with_data_everywhere(workplace=workplace, staff=staff, tag="MORE", person=person, days_ago=2)
    with CaptureQueriesContext(connection) as twice:
        export = personal_data_export(user=User.objects.get(pk=person.pk))

    assert len(export["sections"]["support"]["data"]) == 2
    assert len(twice) == len(once)


def test_headings_and_labels_follow_the_language(first: tuple[User, Secrets]) -> None:
    person, _ = first
    with translation.override("sv"):
        swedish = personal_data_export(user=person)
    with translation.override("en"):
        english = personal_data_export(user=person)

    assert swedish["sections"]["bookings"]["heading"] == "Bokningar"
    assert english["sections"]["bookings"]["heading"] == "Bookings"
    assert swedish["sections"]["bookings"]["data"][0]["status_label"] == "Bokad"
    assert english["sections"]["bookings"]["data"][0]["status_label"] == "Booked"
    assert swedish["language"] == "sv"


def test_the_summary_shows_counts_and_main_facts(first: tuple[User, Secrets]) -> None:
    person, _ = first
    with translation.override("sv"):
        summary = {section.key: section for section in export_summary(personal_data_export(user=person))}

    account = dict(summary["account"].facts)
    assert account["Personnummer"] == "19870404-****"  # masked on the page; in full in the file
    assert account["Mobilnummer"] == format_mobile_number("+46701112233") != "+46701112233"
    assert summary["bookings"].count == 1
    assert dict(summary["bookings"].facts)["Status"] == "Bokad 1"
    assert dict(summary["pay"].facts)["Timlön"] == "165,50 kr"
    assert summary["support"].count == 1
    assert dict(summary["support"].facts)["Meddelanden"] == "2"
    assert summary["inbound_sms"].count == 1
    assert summary["inbound_sms"].heading == "Sms du skickat till bemanningscentralen"


def test_the_file_name_has_the_username_and_the_day() -> None:
    day = dt.date(2026, 12, 9)
    assert export_filename(username="ANAN8704", on=day) == "personuppgifter-ANAN8704-2026-12-09.json"
    assert export_filename(username='A"B/../C', on=day) == "personuppgifter-ABC-2026-12-09.json"


def test_push_devices_and_choices_are_exported_without_their_secrets() -> None:
    from vikarieportalen.notifications.models import NoticePreference, PushSubscription

    person, other = SubstituteFactory(), SubstituteFactory()
    endpoint = "https://fcm.googleapis.com/fcm/send/SECRET-ENDPOINT-123"
    PushSubscription.objects.create(
        user=person,
        endpoint=endpoint,
        p256dh="PUBLIC-KEY-456",
        auth="AUTH-789",
        device_label="Chrome, Android",
    )
    PushSubscription.objects.create(
        user=other,
        endpoint="https://fcm.googleapis.com/fcm/send/OTHER",
        p256dh="k",
        auth="a",
        device_label="Fairphone",
    )
    NoticePreference.objects.create(user=person, category="offers", channel="push")

    with translation.override("sv"):
        export = personal_data_export(user=person)
        summary = {s.key: s for s in export_summary(export)}
    data = export["sections"]["push_notices"]["data"]
    assert [d["device"] for d in data["devices"]] == ["Chrome, Android"]
    assert data["choices"] == [
        {
            "category": "offers",
            "category_label": "Förfrågningar om pass",
            "channel": "push",
            "channel_label": "Pushnotis",
        }
    ]
    text = _text(export)
    assert "SECRET-ENDPOINT" not in text and "PUBLIC-KEY" not in text and "AUTH-789" not in text
    assert "Fairphone" not in text
    assert summary["push_notices"].count == 1
