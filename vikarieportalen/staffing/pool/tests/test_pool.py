"""The staffing centre's pool: list with search and filters, a substitute's staffing page, and
changes to qualifications, introductions and the profile (audited; refusals change nothing)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import (
    Agreement,
    AreaOfWork,
    Introduction,
    SubstituteProfile,
    SubstituteQualification,
)
from vikarieportalen.staffing.tests.factories import (
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteQualificationFactory,
    WorkplaceFactory,
)
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffingCentreFactory()


@pytest.fixture
def client(staff):
    return client_logged_in(staff)


def _listed(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/bemanning/vikariepoolen/(\d+)/"', html)}


def _audits(change: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=StaffingAuditKind.POOL_CHANGED, details__change=change))


# ---------------------------------------------------------------------------------------------
# The list


def test_the_list_shows_substitutes_only(client, staff):
    substitute = SubstituteFactory()
    WorkplaceManagerFactory()

    html = client.get("/bemanning/vikariepoolen/").content.decode()

    assert _listed(html) == {substitute.pk}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Hjalmar", {"hjalmar"}),
        ("hjalmar berg", {"hjalmar"}),
        ("HJBE", {"hjalmar"}),
        ("Sjöberg", {"stina"}),
        ("070-174 06 05", {"stina"}),
        ("+46701740605", {"stina"}),
        ("17406", {"stina"}),
        ("Ingen sådan", set()),
    ],
)
def test_search_by_name_username_and_mobile(client, query, expected):
    people = {
        "hjalmar": SubstituteFactory(
            preferred_given_name="Hjalmar",
            family_name="Bergström",
            username="HJBE8001",
            mobile="+46701234567",
        ),
        "stina": SubstituteFactory(
            preferred_given_name="Stina", family_name="Sjöberg", username="STSJ9002", mobile="+46701740605"
        ),
    }

    html = client.get("/bemanning/vikariepoolen/", {"q": query}).content.decode()

    assert _listed(html) == {people[name].pk for name in expected}


def test_filters_by_area_qualification_and_workplace(client):
    school = WorkplaceFactory(name="Skolan", area=AreaOfWork.SCHOOL)
    care = WorkplaceFactory(name="Vården", area=AreaOfWork.ELDERLY_CARE)
    nurse = QualificationFactory(name="Undersköterska")
    teacher, carer, expired = SubstituteFactory(), SubstituteFactory(), SubstituteFactory()
    IntroductionFactory(substitute=teacher, workplace=school)
    IntroductionFactory(substitute=carer, workplace=care)
    SubstituteQualificationFactory(substitute=carer, qualification=nurse)
    SubstituteQualificationFactory(
        substitute=expired, qualification=nurse, valid_until=timezone.localdate() - dt.timedelta(days=1)
    )

    def listed(**params) -> set[int]:
        return _listed(client.get("/bemanning/vikariepoolen/", params).content.decode())

    assert listed(area=AreaOfWork.SCHOOL) == {teacher.pk}
    assert listed(workplace=care.pk) == {carer.pk}
    assert listed(qualification=nurse.pk) == {carer.pk}
    assert listed(area=AreaOfWork.SCHOOL, qualification=nurse.pk) == set()


def test_an_unknown_filter_value_shows_the_error_and_the_whole_list(client):
    substitute = SubstituteFactory()

    response = english(client).get("/bemanning/vikariepoolen/", {"area": "moon", "workplace": "999999"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert _listed(html) == {substitute.pk}


def test_the_list_is_paginated_and_keeps_the_filters(client):
    for _ in range(27):
        SubstituteFactory(family_name="Andersson")

    first = client.get("/bemanning/vikariepoolen/", {"q": "Andersson"}).content.decode()
    second = client.get("/bemanning/vikariepoolen/", {"q": "Andersson", "page": 2}).content.decode()

    assert len(_listed(first)) == 25 and len(_listed(second)) == 2
    assert "?q=Andersson&amp;page=2" in first


def test_list_query_count_does_not_grow(client):
    workplace = WorkplaceFactory()
    qualification = QualificationFactory()

    def add_substitute() -> None:
        person = SubstituteFactory()
        IntroductionFactory(substitute=person, workplace=workplace)
        SubstituteQualificationFactory(substitute=person, qualification=qualification)
        SubstituteProfile.objects.create(user=person, is_bookable=False)

    add_substitute()

    def grow() -> None:
        for _ in range(12):
            add_substitute()

    assert_queries_do_not_grow(client, "/bemanning/vikariepoolen/", grow)
    assert_queries_do_not_grow(client, f"/bemanning/vikariepoolen/?workplace={workplace.pk}&q=a", grow)


# ---------------------------------------------------------------------------------------------
# The staffing page


def test_the_staffing_page_shows_what_is_held_where_introduced_and_upcoming_shifts(client):
    substitute = SubstituteFactory()
    workplace = WorkplaceFactory(name="Hemtjänst Norr")
    SubstituteQualificationFactory(
        substitute=substitute, qualification=QualificationFactory(name="Körkort B")
    )
    IntroductionFactory(substitute=substitute, workplace=workplace)
    BookingFactory(substitute=substitute, shift=ShiftFactory(workplace=workplace))

    html = client.get(f"/bemanning/vikariepoolen/{substitute.pk}/").content.decode()

    assert "Körkort B" in html
    assert html.count("Hemtjänst Norr") >= 2
    assert f"/bemanning/vikariepoolen/{substitute.pk}/tillganglighet/" in html


def test_staff_members_are_not_in_the_pool(client):
    manager = WorkplaceManagerFactory()
    assert client.get(f"/bemanning/vikariepoolen/{manager.pk}/").status_code == 404


def test_page_query_count_does_not_grow(client):
    substitute = SubstituteFactory()

    def grow() -> None:
        for days in range(2, 7):
            SubstituteQualificationFactory(substitute=substitute)
            IntroductionFactory(substitute=substitute)
            starts = timezone.now() + dt.timedelta(days=days)
            shift = ShiftFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=8))
            BookingFactory(substitute=substitute, shift=shift)

    assert_queries_do_not_grow(client, f"/bemanning/vikariepoolen/{substitute.pk}/", grow)


# ---------------------------------------------------------------------------------------------
# Qualifications


def test_add_and_remove_a_qualification(client, staff):
    substitute = SubstituteFactory()
    delegation = QualificationFactory(name="Läkemedelsdelegering", expires=True)
    valid_until = timezone.localdate() + dt.timedelta(days=200)

    response = client.post(
        f"/bemanning/vikariepoolen/{substitute.pk}/kompetens/",
        {"qualification": delegation.pk, "valid_until": valid_until.isoformat()},
    )

    assert response.status_code == 302
    held = SubstituteQualification.objects.get()
    assert (held.substitute, held.qualification, held.valid_until, held.added_by) == (
        substitute,
        delegation,
        valid_until,
        staff,
    )
    [event] = _audits("qualification_added")
    assert (event.user, event.actor) == (substitute, staff)

    response = client.post(f"/bemanning/vikariepoolen/{substitute.pk}/kompetens/{held.pk}/ta-bort/")

    assert response.status_code == 302
    assert not SubstituteQualification.objects.exists()
    assert len(_audits("qualification_removed")) == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("expiring_without_date", "has a valid-until date: enter it."),
        ("past_date", "The valid-until date has passed"),
        ("duplicate", "is already registered"),
        ("unknown", "Select a valid choice."),
    ],
)
def test_bad_qualification_input_is_refused_and_nothing_changes(client, case, message):
    substitute = SubstituteFactory()
    qualification = QualificationFactory(expires=case == "expiring_without_date")
    if case == "duplicate":
        SubstituteQualificationFactory(substitute=substitute, qualification=qualification)
    data = {"qualification": qualification.pk}
    if case == "past_date":
        data["valid_until"] = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    if case == "unknown":
        data["qualification"] = 999999
    before = list(SubstituteQualification.objects.values_list("pk", "valid_until"))

    response = english(client).post(f"/bemanning/vikariepoolen/{substitute.pk}/kompetens/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(SubstituteQualification.objects.values_list("pk", "valid_until")) == before
    assert not AuditEvent.objects.filter(kind=StaffingAuditKind.POOL_CHANGED).exists()


def test_removing_another_substitutes_qualification_is_not_found(client):
    substitute, other = SubstituteFactory(), SubstituteFactory()
    held = SubstituteQualificationFactory(substitute=other)

    assert (
        client.post(f"/bemanning/vikariepoolen/{substitute.pk}/kompetens/{held.pk}/ta-bort/").status_code
        == 404
    )
    assert SubstituteQualification.objects.filter(pk=held.pk).exists()


# ---------------------------------------------------------------------------------------------
# Introductions


def test_add_and_remove_an_introduction(client, staff):
    substitute = SubstituteFactory()
    workplace = WorkplaceFactory()
    BookingFactory(substitute=substitute, shift=ShiftFactory(workplace=workplace))

    response = client.post(
        f"/bemanning/vikariepoolen/{substitute.pk}/introduktion/",
        {"workplace": workplace.pk, "introduced_on": timezone.localdate().isoformat()},
    )

    assert response.status_code == 302
    introduction = Introduction.objects.get()
    assert (introduction.substitute, introduction.workplace, introduction.added_by) == (
        substitute,
        workplace,
        staff,
    )
    assert len(_audits("introduction_added")) == 1

    response = english(client).post(
        f"/bemanning/vikariepoolen/{substitute.pk}/introduktion/{introduction.pk}/ta-bort/", follow=True
    )

    assert not Introduction.objects.exists()
    assert "1 upcoming booking at" in response.content.decode()
    assert len(_audits("introduction_removed")) == 1


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("future", "cannot be in the future"),
        ("duplicate", "Already introduced at"),
        ("inactive", "Select a valid choice."),
        ("no_date", "This field is required."),
    ],
)
def test_bad_introduction_input_is_refused_and_nothing_changes(client, case, message):
    substitute = SubstituteFactory()
    workplace = WorkplaceFactory(is_active=case != "inactive")
    if case == "duplicate":
        IntroductionFactory(substitute=substitute, workplace=workplace)
    day = timezone.localdate() + dt.timedelta(days=1 if case == "future" else 0)
    data = {"workplace": workplace.pk, "introduced_on": "" if case == "no_date" else day.isoformat()}
    before = list(Introduction.objects.values_list("pk", "introduced_on"))

    response = english(client).post(f"/bemanning/vikariepoolen/{substitute.pk}/introduktion/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(Introduction.objects.values_list("pk", "introduced_on")) == before
    assert not AuditEvent.objects.filter(kind=StaffingAuditKind.POOL_CHANGED).exists()


# ---------------------------------------------------------------------------------------------
# Profile


def test_update_the_profile_and_audit_only_what_changed(client, staff):
    substitute = SubstituteFactory()
    agreement = Agreement.objects.create(code="bea", name="BEA")

    response = client.post(
        f"/bemanning/vikariepoolen/{substitute.pk}/profil/",
        {"agreement": agreement.pk, "note": "  Föräldraledig i vår  "},  # "is_bookable" unticked
    )

    assert response.status_code == 302
    profile = SubstituteProfile.objects.get(user=substitute)
    assert (profile.agreement, profile.is_bookable, profile.note) == (agreement, False, "Föräldraledig i vår")
    [event] = _audits("profile_changed")
    assert event.details == {
        "change": "profile_changed",
        "agreement": "bea",
        "is_bookable": False,
        "note": "Föräldraledig i vår",
    }

    client.post(
        f"/bemanning/vikariepoolen/{substitute.pk}/profil/",
        {"agreement": agreement.pk, "note": "Föräldraledig i vår"},
    )
    assert len(_audits("profile_changed")) == 1


def test_bad_profile_input_changes_nothing(client):
    substitute = SubstituteFactory()

    response = english(client).post(
        f"/bemanning/vikariepoolen/{substitute.pk}/profil/", {"agreement": 999999, "note": "x" * 501}
    )

    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not SubstituteProfile.objects.exists()


# ---------------------------------------------------------------------------------------------
# Who may


def test_administrators_manage_the_pool_too():
    substitute = SubstituteFactory()
    client = client_logged_in(AdministratorFactory())
    assert client.get(f"/bemanning/vikariepoolen/{substitute.pk}/").status_code == 200


def test_managers_and_substitutes_are_refused_and_nothing_changes():
    substitute = SubstituteFactory()
    workplace = WorkplaceFactory()
    for user in (WorkplaceManagerFactory(), SubstituteFactory()):
        client = client_logged_in(user)
        assert client.get("/bemanning/vikariepoolen/").status_code == 403
        response = client.post(
            f"/bemanning/vikariepoolen/{substitute.pk}/introduktion/",
            {"workplace": workplace.pk, "introduced_on": timezone.localdate().isoformat()},
        )
        assert response.status_code == 403
    assert not Introduction.objects.exists()
