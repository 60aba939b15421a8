"""The workplace-request pages over HTTP: the whole flow, bad input refused beside its field with
nothing changed, other people's requests answering 404, and query counts that do not grow."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import AreaOfWork, Introduction, WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.tests.factories import (
    IntroductionFactory,
    QualificationFactory,
    SubstituteQualificationFactory,
    WorkplaceFactory,
)
from vikarieportalen.staffing.workplace_requests import services as wr
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english

pytestmark = pytest.mark.django_db

S = WorkplaceRequestStatus
MINE = "/bemanning/fler-arbetsplatser/"
STAFF = "/bemanning/arbetsplatsonskemal/"
MANAGER = "/bemanning/chef/arbetsplatsonskemal/"


@pytest.fixture
def manager():
    return WorkplaceManagerFactory(language="en")


@pytest.fixture
def workplace(manager):
    return WorkplaceFactory(name="Hemtjänst Centrum", area=AreaOfWork.HOME_CARE, managers=[manager])


@pytest.fixture
def substitute():
    return SubstituteFactory(language="en")  # the account's language wins over Accept-Language


@pytest.fixture
def staff():
    return StaffingCentreFactory(language="en")


def _state() -> tuple[list[tuple[object, ...]], int, int, int]:
    return (
        list(
            WorkplaceRequest.objects.order_by("pk").values_list("pk", "status", "workplace_id", "review_note")
        ),
        Introduction.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.filter(kind=StaffingAuditKind.WORKPLACE_REQUEST_CHANGED).count(),
    )


def test_substitute_asks_staff_forwards_manager_approves(substitute, staff, manager, workplace) -> None:
    mine = client_logged_in(substitute)
    page = english(mine).get(MINE)
    assert page.status_code == 200 and "Hemtjänst Centrum" in page.content.decode()

    response = english(mine).post(MINE, {"workplace": workplace.pk, "area": "", "message": "Har körkort"})
    request = WorkplaceRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{MINE}{request.pk}/"
    detail = english(mine).get(f"{MINE}{request.pk}/").content.decode()
    assert "Sent to the staffing centre" in detail and "Withdraw the request" in detail

    centre = client_logged_in(staff)
    queue = english(centre).get(STAFF).content.decode()
    assert f"{STAFF}{request.pk}/" in queue and substitute.get_full_name() in queue
    assert english(centre).get(f"{STAFF}{request.pk}/").status_code == 200
    response = english(centre).post(f"{STAFF}{request.pk}/granska/", {"action": "forward", "note": "Bra"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.FORWARDED

    boss = client_logged_in(manager)
    assert f"{MANAGER}{request.pk}/" in english(boss).get(MANAGER).content.decode()
    response = english(boss).post(
        f"{MANAGER}{request.pk}/beslut/", {"action": "approve", "introduced_on": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == S.APPROVED
    assert Introduction.objects.filter(substitute=substitute, workplace=workplace).exists()
    page = english(mine).get(MINE).content.decode()
    introduced = page[page.index('id="introduced"') : page.index("</ul>", page.index('id="introduced"'))]
    assert "Hemtjänst Centrum" in introduced


def test_bad_requests_are_refused_beside_the_field_and_change_nothing(substitute, workplace) -> None:
    mine = client_logged_in(substitute)
    IntroductionFactory(substitute=substitute, workplace=(at := WorkplaceFactory(area=AreaOfWork.SCHOOL)))
    closed = WorkplaceFactory(area=AreaOfWork.SCHOOL, is_active=False)
    mine.post(MINE, {"workplace": workplace.pk, "message": ""})
    before = _state()
    cases = [
        ({"workplace": "", "area": ""}, "Choose a workplace or an area of work."),
        ({"workplace": at.pk}, "You are already introduced at"),
        ({"workplace": workplace.pk}, "You have already asked to work at Hemtjänst Centrum"),
        ({"workplace": closed.pk}, "no longer takes substitutes"),
        ({"workplace": workplace.pk, "area": AreaOfWork.SCHOOL}, "not both"),
        ({"workplace": "999999"}, "Select a valid choice"),
        ({"area": "moon"}, "Select a valid choice"),
        ({"area": AreaOfWork.SCHOOL, "message": "x" * 1001}, "at most 1000 characters"),
    ]
    for data, reason in cases:
        response = english(mine).post(MINE, data)
        html = response.content.decode()
        assert response.status_code == 400, data
        assert 'class="error-summary"' in html and reason in html, (data, reason)
        assert _state() == before, data


def test_staff_review_refusals_change_nothing(substitute, staff, workplace) -> None:
    request = wr.workplace_request_create(
        substitute=substitute, workplace=None, area=AreaOfWork.HOME_CARE, message=""
    )
    centre = client_logged_in(staff)
    url = f"{STAFF}{request.pk}/granska/"
    before = _state()
    for data in ({}, {"action": "forward"}, {"action": "decline", "note": ""}, {"action": "jump"}):
        response = english(centre).post(url, data)
        assert response.status_code == 400 and 'class="error-summary"' in response.content.decode(), data
        assert _state() == before, data
    response = english(centre).post(url, {"action": "forward", "workplace": workplace.pk})
    assert response.status_code == 302
    after = _state()
    response = english(centre).post(url, {"action": "decline", "note": "Nej"})  # reviewing twice
    assert response.status_code == 400 and "already been handled" in response.content.decode()
    assert _state() == after


def test_manager_reaches_only_their_own_workplaces_requests(substitute, staff, manager, workplace) -> None:
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    other = client_logged_in(WorkplaceManagerFactory())
    boss = client_logged_in(manager)
    assert boss.get(f"{MANAGER}{request.pk}/").status_code == 404  # still with the staffing centre
    wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=request.created_at)
    before = _state()
    assert other.get(f"{MANAGER}{request.pk}/").status_code == 404
    assert other.post(f"{MANAGER}{request.pk}/beslut/", {"action": "approve"}).status_code == 404
    assert f"{MANAGER}{request.pk}/" not in other.get(MANAGER).content.decode()
    assert _state() == before
    assert english(boss).post(f"{MANAGER}{request.pk}/beslut/", {"action": "decline"}).status_code == 400
    assert _state() == before
    assert (
        boss.post(f"{MANAGER}{request.pk}/beslut/", {"action": "decline", "note": "Fullt"}).status_code == 302
    )
    after = _state()
    response = english(boss).post(f"{MANAGER}{request.pk}/beslut/", {"action": "approve"})
    assert response.status_code == 400 and "already been handled" in response.content.decode()
    assert _state() == after


def test_substitute_reaches_only_their_own_requests(substitute, workplace) -> None:
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    other = client_logged_in(SubstituteFactory())
    assert other.get(f"{MINE}{request.pk}/").status_code == 404
    assert other.post(f"{MINE}{request.pk}/ta-tillbaka/").status_code == 404
    mine = client_logged_in(substitute)
    assert mine.post(f"{MINE}{request.pk}/ta-tillbaka/").status_code == 302
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN
    after = _state()
    assert mine.post(f"{MINE}{request.pk}/ta-tillbaka/").status_code == 302  # says why, changes nothing
    assert _state() == after


def _grow(staff, manager, workplace):
    def grow() -> None:
        qualification = QualificationFactory()
        for _n in range(4):
            person = SubstituteFactory()
            IntroductionFactory(substitute=person)
            SubstituteQualificationFactory(substitute=person, qualification=qualification)
            request = wr.workplace_request_create(
                substitute=person, workplace=workplace, area="", message="Hej"
            )
            if _n % 2:
                wr.workplace_request_forward(
                    request=request, workplace=None, note="", by=staff, now=request.created_at
                )
            wr.workplace_request_create(substitute=person, workplace=None, area=AreaOfWork.SCHOOL, message="")

    return grow


def test_queues_take_a_fixed_number_of_queries(substitute, staff, manager, workplace) -> None:
    WorkplaceFactory(area=AreaOfWork.SCHOOL)
    grow = _grow(staff, manager, workplace)
    grow()
    assert_queries_do_not_grow(client_logged_in(staff), STAFF, grow)
    assert_queries_do_not_grow(client_logged_in(manager), MANAGER, grow)


def test_substitute_page_takes_a_fixed_number_of_queries(substitute, workplace) -> None:
    mine = client_logged_in(substitute)

    def grow() -> None:
        for area in (AreaOfWork.SCHOOL, AreaOfWork.PRESCHOOL):
            asked = wr.workplace_request_create(
                substitute=substitute, workplace=WorkplaceFactory(area=area), area="", message=""
            )
            wr.workplace_request_withdraw(request=asked, by=substitute)
            wr.workplace_request_create(
                substitute=substitute, workplace=WorkplaceFactory(area=area), area="", message=""
            )
        IntroductionFactory(substitute=substitute)

    grow()
    assert_queries_do_not_grow(mine, MINE, grow)
