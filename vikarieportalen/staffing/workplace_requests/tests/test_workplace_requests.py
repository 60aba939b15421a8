"""Requests to work at more workplaces: the pure rules, then the services (each step audited, the
substitute told by SMS in their language; every refusal changes nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.models import (
    AreaOfWork,
    Introduction,
    WorkplaceRequest,
    WorkplaceRequestStatus,
)
from vikarieportalen.staffing.tests.factories import IntroductionFactory, WorkplaceFactory
from vikarieportalen.staffing.workplace_requests import notify, rules, selectors
from vikarieportalen.staffing.workplace_requests import services as wr

S = WorkplaceRequestStatus

# ---------------------------------------------------------------------------------------------
# Pure rules

NOTHING = rules.SubstituteFacts(
    introduced=frozenset(), open_workplaces=frozenset(), open_areas=frozenset(), open_count=0
)
PLACE = rules.PlaceFacts(
    pk=1, name="Solbacken", area=AreaOfWork.ELDERLY_CARE, is_active=True, manager_count=1
)
OTHER = rules.PlaceFacts(
    pk=2, name="Björkgården", area=AreaOfWork.ELDERLY_CARE, is_active=True, manager_count=1
)


def _field(problem: rules.Problem | None) -> str | None:
    assert problem is not None
    return problem.field


def test_new_request_for_a_workplace_or_an_area_passes() -> None:
    assert rules.new_request_problem(place=PLACE, area="", facts=NOTHING) is None
    assert (
        rules.new_request_problem(
            place=None, area=AreaOfWork.ELDERLY_CARE, facts=NOTHING, area_places=[PLACE]
        )
        is None
    )


def test_new_request_needs_exactly_one_target() -> None:
    assert _field(rules.new_request_problem(place=None, area="", facts=NOTHING)) == "workplace"
    assert _field(rules.new_request_problem(place=PLACE, area=AreaOfWork.SCHOOL, facts=NOTHING)) == "area"


def test_new_request_refused_for_an_inactive_workplace() -> None:
    closed = rules.PlaceFacts(pk=3, name="Nedlagd", area=AreaOfWork.SCHOOL, is_active=False)
    with translation.override("en"):
        problem = rules.new_request_problem(place=closed, area="", facts=NOTHING)
    assert problem is not None and "no longer takes substitutes" in problem.message


def test_new_request_refused_where_already_introduced_or_already_asked() -> None:
    introduced = rules.SubstituteFacts(
        introduced=frozenset({1}), open_workplaces=frozenset(), open_areas=frozenset(), open_count=0
    )
    asked = rules.SubstituteFacts(
        introduced=frozenset(), open_workplaces=frozenset({1}), open_areas=frozenset(), open_count=1
    )
    with translation.override("en"):
        first = rules.new_request_problem(place=PLACE, area="", facts=introduced)
        second = rules.new_request_problem(place=PLACE, area="", facts=asked)
    assert first is not None and "already introduced" in first.message
    assert second is not None and "already asked" in second.message
    assert rules.new_request_problem(place=OTHER, area="", facts=asked) is None


def test_area_request_refused_when_asked_already_or_introduced_everywhere_there() -> None:
    asked = rules.SubstituteFacts(
        introduced=frozenset(),
        open_workplaces=frozenset(),
        open_areas=frozenset({AreaOfWork.ELDERLY_CARE}),
        open_count=1,
    )
    everywhere = rules.SubstituteFacts(
        introduced=frozenset({1, 2}), open_workplaces=frozenset(), open_areas=frozenset(), open_count=0
    )
    area = AreaOfWork.ELDERLY_CARE
    assert (
        _field(rules.new_request_problem(place=None, area=area, facts=asked, area_places=[PLACE])) == "area"
    )
    assert (
        _field(rules.new_request_problem(place=None, area=area, facts=everywhere, area_places=[PLACE, OTHER]))
        == "area"
    )
    assert _field(rules.new_request_problem(place=None, area=area, facts=NOTHING, area_places=[])) == "area"
    assert _field(rules.new_request_problem(place=None, area="moon", facts=NOTHING)) == "area"


def test_at_most_five_open_requests_at_a_time() -> None:
    many = rules.SubstituteFacts(
        introduced=frozenset(), open_workplaces=frozenset(), open_areas=frozenset(), open_count=5
    )
    problem = rules.new_request_problem(place=PLACE, area="", facts=many)
    assert problem is not None and problem.field is None


def _forward(**changes: object) -> rules.Problem | None:
    values: dict[str, object] = {
        "status": S.SUBMITTED,
        "requested_area": "",
        "requested_workplace_id": 1,
        "place": PLACE,
        "introduced": frozenset(),
        "other_open_workplaces": frozenset(),
    }
    values.update(changes)
    return rules.forward_problem(**values)  # type: ignore[arg-type]


def test_forward_rules() -> None:
    assert _forward() is None
    assert _forward(status=S.FORWARDED) is not None  # reviewing twice
    assert _field(_forward(place=OTHER)) == "workplace"  # not the workplace asked for
    assert _forward(requested_workplace_id=None, requested_area=AreaOfWork.ELDERLY_CARE, place=OTHER) is None
    assert _field(_forward(requested_workplace_id=None, requested_area=AreaOfWork.SCHOOL)) == "workplace"
    assert _field(_forward(requested_workplace_id=None, requested_area=AreaOfWork.SCHOOL, place=None)) == (
        "workplace"
    )
    assert _field(_forward(introduced=frozenset({1}))) == "workplace"
    assert _field(_forward(other_open_workplaces=frozenset({1}))) == "workplace"
    inactive = rules.PlaceFacts(
        pk=1, name="X", area=AreaOfWork.ELDERLY_CARE, is_active=False, manager_count=1
    )
    assert _field(_forward(place=inactive)) == "workplace"
    unmanaged = rules.PlaceFacts(
        pk=1, name="X", area=AreaOfWork.ELDERLY_CARE, is_active=True, manager_count=0
    )
    assert _field(_forward(place=unmanaged)) == "workplace"


def test_decline_needs_a_note_and_introduction_date_not_in_the_future() -> None:
    assert _field(rules.decline_note_problem(note="  ")) == "note"
    assert _field(rules.decline_note_problem(note="x" * 1001)) == "note"
    assert rules.decline_note_problem(note="Fullt just nu.") is None
    today = dt.date(2026, 11, 28)
    assert rules.introduced_on_problem(introduced_on=today, today=today) is None
    assert rules.introduced_on_problem(introduced_on=today - dt.timedelta(days=10), today=today) is None
    assert _field(rules.introduced_on_problem(introduced_on=today + dt.timedelta(days=1), today=today)) == (
        "introduced_on"
    )


# ---------------------------------------------------------------------------------------------
# Services


@pytest.fixture
def manager():
    return WorkplaceManagerFactory(language="en", email="chef@test.example.se")


@pytest.fixture
def workplace(manager):
    return WorkplaceFactory(name="Förskolan Snäckan", area=AreaOfWork.PRESCHOOL, managers=[manager])


@pytest.fixture
def substitute():
    return SubstituteFactory(language="en")


@pytest.fixture
def staff():
    return StaffingCentreFactory()


def _snapshot() -> tuple[list[tuple[object, ...]], int, int, int]:
    return (
        list(
            WorkplaceRequest.objects.order_by("pk").values_list("pk", "status", "workplace_id", "decided_at")
        ),
        Introduction.objects.count(),
        Message.objects.count(),
        AuditEvent.objects.filter(kind=StaffingAuditKind.WORKPLACE_REQUEST_CHANGED).count(),
    )


def _changes() -> list[str]:
    return list(
        AuditEvent.objects.filter(kind=StaffingAuditKind.WORKPLACE_REQUEST_CHANGED)
        .order_by("pk")
        .values_list("details__change", flat=True)
    )


@pytest.mark.django_db
def test_the_whole_way_submitted_forwarded_approved(substitute, staff, manager, workplace) -> None:
    now = timezone.now()
    request = wr.workplace_request_create(
        substitute=substitute, workplace=workplace, area="", message=" Hej "
    )
    assert request.status == S.SUBMITTED and request.message == "Hej"

    wr.workplace_request_forward(request=request, workplace=None, note="Bra kandidat", by=staff, now=now)
    request.refresh_from_db()
    assert (
        request.status == S.FORWARDED
        and request.reviewed_by == staff
        and request.review_note == "Bra kandidat"
    )
    sms = Message.objects.get(kind="workplace_request_forwarded")
    assert sms.recipient == substitute and "Förskolan Snäckan" in sms.text
    assert f"/bemanning/fler-arbetsplatser/{request.pk}/" in sms.text
    assert "sent your request" in sms.text  # the substitute's language (English)
    assert staff.get_full_name() not in sms.text and "Bra kandidat" not in sms.text
    mail = Message.objects.get(kind="workplace_request_forwarded_manager")
    assert mail.recipient == manager and substitute.get_full_name() not in mail.text

    _request, introduction = wr.workplace_request_approve(
        request=request, introduced_on=None, note="Välkommen", by=manager, now=now
    )
    request.refresh_from_db()
    assert request.status == S.APPROVED and request.decided_by == manager
    assert introduction.workplace == workplace and introduction.substitute == substitute
    assert introduction.introduced_on == timezone.localdate(now) and introduction.added_by == manager
    approved = Message.objects.get(kind="workplace_request_approved")
    assert "Approved" in approved.text and "Välkommen" not in approved.text
    assert _changes() == ["submitted", "forwarded", "approved"]
    event = AuditEvent.objects.filter(details__change="approved").get()
    assert (
        event.user == substitute and event.actor == manager and event.details["workplace"] == workplace.name
    )


@pytest.mark.django_db
def test_sms_in_swedish_for_a_swedish_substitute(staff, workplace) -> None:
    substitute = SubstituteFactory(language="sv")
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    with translation.override("en"):  # the staff member's language does not matter
        wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=timezone.now())
    with translation.override("sv"):
        expected = notify.forwarded_sms_text(request=WorkplaceRequest.objects.get(pk=request.pk))
    assert Message.objects.get(kind="workplace_request_forwarded").text == expected


@pytest.mark.django_db
def test_area_request_forwarded_to_a_workplace_the_staffing_centre_picks(
    substitute, staff, workplace
) -> None:
    request = wr.workplace_request_create(
        substitute=substitute, workplace=None, area=AreaOfWork.PRESCHOOL, message=""
    )
    assert request.workplace is None and request.area == AreaOfWork.PRESCHOOL
    before = _snapshot()
    with pytest.raises(wr.RequestRefused) as refused:
        wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=timezone.now())
    assert refused.value.field == "workplace" and _snapshot() == before
    school = WorkplaceFactory(area=AreaOfWork.SCHOOL, managers=[WorkplaceManagerFactory()])
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_forward(request=request, workplace=school, note="", by=staff, now=timezone.now())
    assert _snapshot() == before
    wr.workplace_request_forward(request=request, workplace=workplace, note="", by=staff, now=timezone.now())
    request.refresh_from_db()
    assert request.status == S.FORWARDED and request.workplace == workplace


@pytest.mark.django_db
def test_staffing_centre_declines_with_a_note(substitute, staff, workplace) -> None:
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    before = _snapshot()
    with pytest.raises(wr.RequestRefused) as refused:
        wr.workplace_request_decline_review(request=request, note=" ", by=staff, now=timezone.now())
    assert refused.value.field == "note" and _snapshot() == before
    wr.workplace_request_decline_review(request=request, note="Fullt", by=staff, now=timezone.now())
    request.refresh_from_db()
    assert request.status == S.DECLINED and request.decided_at is None and request.review_note == "Fullt"
    sms = Message.objects.get(kind="workplace_request_declined")
    assert "Fullt" not in sms.text and "not this time" in sms.text
    # A declined request no longer blocks a new one.
    wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")


@pytest.mark.django_db
def test_bad_new_requests_are_refused_and_change_nothing(substitute, workplace) -> None:
    introduced_at = WorkplaceFactory(area=AreaOfWork.SCHOOL)
    IntroductionFactory(substitute=substitute, workplace=introduced_at)
    closed = WorkplaceFactory(area=AreaOfWork.SCHOOL, is_active=False)
    wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    before = _snapshot()
    for kwargs in (
        {"workplace": introduced_at, "area": ""},  # already introduced there
        {"workplace": workplace, "area": ""},  # a second open request for the same workplace
        {"workplace": None, "area": ""},  # neither a workplace nor an area
        {"workplace": closed, "area": ""},  # inactive workplace
        {"workplace": workplace, "area": AreaOfWork.SCHOOL},  # both
    ):
        with pytest.raises(wr.RequestRefused):
            wr.workplace_request_create(substitute=substitute, message="", **kwargs)  # type: ignore[arg-type]
        assert _snapshot() == before, kwargs
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_create(
            substitute=substitute, workplace=None, area=AreaOfWork.SCHOOL, message="x" * 1001
        )
    assert _snapshot() == before
    with pytest.raises(wr.RequestRefused):  # staff do not ask for themselves
        wr.workplace_request_create(
            substitute=StaffingCentreFactory(), workplace=workplace, area="", message=""
        )
    assert _snapshot() == before


@pytest.mark.django_db
def test_deciding_twice_and_by_the_wrong_manager_is_refused(substitute, staff, manager, workplace) -> None:
    now = timezone.now()
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    before = _snapshot()
    with pytest.raises(wr.RequestRefused):  # still with the staffing centre
        wr.workplace_request_approve(request=request, introduced_on=None, note="", by=manager, now=now)
    assert _snapshot() == before
    wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=now)
    with pytest.raises(wr.RequestRefused):  # reviewing twice
        wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=now)
    before = _snapshot()
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_approve(
            request=request, introduced_on=None, note="", by=WorkplaceManagerFactory(), now=now
        )
    with pytest.raises(wr.RequestRefused):  # the staffing centre does not decide for the manager
        wr.workplace_request_approve(request=request, introduced_on=None, note="", by=staff, now=now)
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_approve(
            request=request,
            introduced_on=timezone.localdate(now) + dt.timedelta(days=3),
            note="",
            by=manager,
            now=now,
        )
    with pytest.raises(wr.RequestRefused):  # declining needs a note
        wr.workplace_request_decline(request=request, note="", by=manager, now=now)
    assert _snapshot() == before
    wr.workplace_request_decline(request=request, note="Inte nu", by=manager, now=now)
    after = _snapshot()
    for decide in (
        lambda: wr.workplace_request_approve(
            request=request, introduced_on=None, note="", by=manager, now=now
        ),
        lambda: wr.workplace_request_decline(request=request, note="Igen", by=manager, now=now),
        lambda: wr.workplace_request_withdraw(request=request, by=substitute),
    ):
        with pytest.raises(wr.RequestRefused):
            decide()
        assert _snapshot() == after


@pytest.mark.django_db
def test_approval_with_a_given_date_and_by_an_administrator(substitute, staff, workplace) -> None:
    now = timezone.now()
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=now)
    day = timezone.localdate(now) - dt.timedelta(days=7)
    _request, introduction = wr.workplace_request_approve(
        request=request, introduced_on=day, note="", by=AdministratorFactory(), now=now
    )
    assert introduction.introduced_on == day


@pytest.mark.django_db
def test_approval_keeps_an_introduction_added_meanwhile(substitute, staff, manager, workplace) -> None:
    now = timezone.now()
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=now)
    earlier = IntroductionFactory(substitute=substitute, workplace=workplace)
    _request, introduction = wr.workplace_request_approve(
        request=request, introduced_on=None, note="", by=manager, now=now
    )
    assert introduction.pk == earlier.pk and Introduction.objects.filter(substitute=substitute).count() == 1


@pytest.mark.django_db
def test_forward_refused_when_the_workplace_has_no_manager_or_is_inactive(substitute, staff) -> None:
    lonely = WorkplaceFactory(area=AreaOfWork.SCHOOL)
    request = wr.workplace_request_create(substitute=substitute, workplace=lonely, area="", message="")
    before = _snapshot()
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=timezone.now())
    lonely.managers.add(WorkplaceManagerFactory())
    lonely.is_active = False
    lonely.save()
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=timezone.now())
    assert _snapshot() == before


@pytest.mark.django_db
def test_substitute_withdraws_only_their_own_open_request(substitute, workplace) -> None:
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    before = _snapshot()
    with pytest.raises(wr.RequestRefused):
        wr.workplace_request_withdraw(request=request, by=SubstituteFactory())
    assert _snapshot() == before
    wr.workplace_request_withdraw(request=request, by=substitute)
    request.refresh_from_db()
    assert request.status == S.WITHDRAWN and _changes() == ["submitted", "withdrawn"]


@pytest.mark.django_db
def test_no_mobile_number_falls_back_to_e_mail(staff, workplace) -> None:
    substitute = SubstituteFactory(mobile="", email="sara@test.example.se")
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    wr.workplace_request_forward(request=request, workplace=None, note="", by=staff, now=timezone.now())
    message = Message.objects.get(kind="workplace_request_forwarded")
    assert message.to_email == "sara@test.example.se"


@pytest.mark.django_db
def test_substitute_page_offers_only_workplaces_worth_asking_for(substitute, workplace) -> None:
    introduced_at = WorkplaceFactory(area=AreaOfWork.SCHOOL)
    IntroductionFactory(substitute=substitute, workplace=introduced_at)
    WorkplaceFactory(area=AreaOfWork.SCHOOL, is_active=False)
    free = WorkplaceFactory(area=AreaOfWork.HOME_CARE)
    wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    page = selectors.substitute_request_page(substitute=substitute)
    assert [w.pk for w in page.choosable] == [free.pk]
    assert [i.workplace_id for i in page.introductions] == [introduced_at.pk]
    assert len(page.open_requests) == 1 and page.closed_requests == []


@pytest.mark.django_db
def test_declined_area_request_sms_names_the_area(substitute, staff, workplace) -> None:
    request = wr.workplace_request_create(
        substitute=substitute, workplace=None, area=AreaOfWork.PRESCHOOL, message=""
    )
    wr.workplace_request_decline_review(request=request, note="Fullt", by=staff, now=timezone.now())
    sms = Message.objects.get(kind="workplace_request_declined")
    assert "request to work in preschool: not this time" in sms.text


@pytest.mark.django_db
def test_the_database_holds_one_waiting_request_per_area() -> None:
    from django.db import IntegrityError, transaction

    from vikarieportalen.accounts.tests.factories import SubstituteFactory as Person

    person = Person()
    WorkplaceRequest.objects.create(substitute=person, area="home_care")
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkplaceRequest.objects.create(substitute=person, area="home_care")
    WorkplaceRequest.objects.create(substitute=person, area="school")  # another area is fine
    assert WorkplaceRequest.objects.filter(substitute=person).count() == 2
