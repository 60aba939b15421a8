"""Who is free: the counts per area and day, one day's people, the pages, bad input and query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.models import AreaOfWork, AvailabilityKind, Booking
from vikarieportalen.staffing.overview.rules import DayStatus, Filters
from vikarieportalen.staffing.overview.selectors import overview_build, overview_day
from vikarieportalen.staffing.overview.statement import ALL_AREAS
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteProfileFactory,
    SubstituteQualificationFactory,
    WeeklyAvailabilityFactory,
    WorkplaceFactory,
)
from vikarieportalen.testing import Who, assert_queries_do_not_grow, client_for, english

pytestmark = pytest.mark.django_db

DAY = timezone.localdate() + dt.timedelta(days=2)
ELDERLY, SCHOOL = AreaOfWork.ELDERLY_CARE.value, AreaOfWork.SCHOOL.value


def _local(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=STOCKHOLM)


def _person(name: str, workplace: object) -> object:
    person = SubstituteFactory(preferred_given_name=name, family_name="Andersson")
    IntroductionFactory(substitute=person, workplace=workplace)
    return person


def _can_work(person: object, *, weekday: int = DAY.weekday(), starts: int = 7, ends: int = 16) -> None:
    WeeklyAvailabilityFactory(substitute=person, weekday=weekday, starts=dt.time(starts), ends=dt.time(ends))


def _cannot_work(person: object, *, starts: dt.datetime, ends: dt.datetime) -> None:
    AvailabilityPeriodFactory(
        substitute=person, kind=AvailabilityKind.UNAVAILABLE, starts_at=starts, ends_at=ends
    )


@pytest.fixture
def pool() -> dict[str, object]:
    """Eight substitutes, one of each case, on DAY; one open shift in elderly care, two in school."""
    home = WorkplaceFactory(name="Solrosen", area=ELDERLY)
    school = WorkplaceFactory(name="Skolan", area=SCHOOL)
    people = {name: _person(name, home) for name in ("Anna", "Bo", "Cilla", "Eva", "Fia", "Gun", "Hans")}
    _can_work(people["Anna"])
    BookingFactory(
        substitute=people["Bo"],
        shift=ShiftFactory(workplace=home, starts_at=_local(DAY, 7), ends_at=_local(DAY, 16)),
    )
    _cannot_work(people["Cilla"], starts=_local(DAY, 0), ends=_local(DAY + dt.timedelta(days=1), 0))
    _can_work(people["Fia"])  # …and cannot work all those hours
    _cannot_work(people["Fia"], starts=_local(DAY, 6), ends=_local(DAY, 17))
    _can_work(people["Gun"])  # …and cannot in the morning only
    _cannot_work(people["Gun"], starts=_local(DAY, 7), ends=_local(DAY, 9))
    _can_work(people["Hans"])
    SubstituteProfileFactory(user=people["Hans"], is_bookable=False)
    people["Ida"] = _person("Ida", school)
    _can_work(people["Ida"], weekday=(DAY.weekday() - 1) % 7, starts=22, ends=6)  # a night into DAY
    ShiftFactory(workplace=home, starts_at=_local(DAY, 8), ends_at=_local(DAY, 15))
    for hour in (7, 13):
        ShiftFactory(workplace=school, starts_at=_local(DAY, hour), ends_at=_local(DAY, hour + 6))
    people["home"], people["school"] = home, school
    return people


def _cells(filters: Filters) -> dict[str, object]:
    overview = overview_build(filters=filters)
    return {row.area: row.cells[0] for row in overview.rows}


def test_counts_each_status_per_area(pool: dict[str, object]) -> None:
    cells = _cells(Filters(first_day=DAY, last_day=DAY))
    elderly, school, everyone = cells[ELDERLY], cells[SCHOOL], cells[ALL_AREAS]
    assert (elderly.free, elderly.booked, elderly.unavailable, elderly.unknown) == (2, 1, 3, 1)
    assert (school.free, school.booked, school.unavailable, school.unknown) == (1, 0, 0, 0)
    assert (everyone.free, everyone.booked, everyone.unavailable, everyone.unknown) == (3, 1, 3, 1)
    assert (elderly.open_shifts, school.open_shifts, everyone.open_shifts) == (1, 2, 3)
    assert not elderly.short
    assert school.short


def test_a_night_pattern_counts_on_both_days(pool: dict[str, object]) -> None:
    before = DAY - dt.timedelta(days=1)
    overview = overview_build(filters=Filters(first_day=before, last_day=DAY, area=SCHOOL))
    rows = {row.area: row for row in overview.rows}
    assert set(rows) == {ALL_AREAS, SCHOOL}
    assert [cell.free for cell in rows[SCHOOL].cells] == [1, 1]


def test_the_qualification_filter_narrows_people_and_shifts(pool: dict[str, object]) -> None:
    nurse = QualificationFactory(name="Sjuksköterska")
    SubstituteQualificationFactory(substitute=pool["Anna"], qualification=nurse)
    ShiftFactory(
        workplace=pool["home"],
        starts_at=_local(DAY, 8),
        ends_at=_local(DAY, 12),
        required_qualifications=[nurse],
    )
    cells = _cells(Filters(first_day=DAY, last_day=DAY, qualification=nurse))
    assert (cells[ELDERLY].free, cells[ELDERLY].unknown, cells[ELDERLY].open_shifts) == (1, 0, 1)
    assert SCHOOL not in cells


def test_the_day_lists_people_with_their_marks_bookings_and_shifts(pool: dict[str, object]) -> None:
    page = overview_day(day=DAY, filters=Filters(first_day=DAY, last_day=DAY, area=ELDERLY))
    names = {status: [p.user.preferred_given_name for p in people] for status, people in page.people.items()}
    assert names == {
        DayStatus.AVAILABLE: ["Anna", "Gun"],
        DayStatus.BOOKED: ["Bo"],
        DayStatus.UNAVAILABLE: ["Cilla", "Fia", "Hans"],
        DayStatus.UNKNOWN: ["Eva"],
    }
    anna = page.people[DayStatus.AVAILABLE][0]
    assert [o.shift.workplace.name for o in anna.shifts] == ["Solrosen"]
    assert page.people[DayStatus.BOOKED][0].bookings[0].workplace.name == "Solrosen"


def test_the_week_page_shows_the_grid_and_highlights_a_shortage(pool: dict[str, object]) -> None:
    response = client_for(Who.STAFFING_CENTRE).get("/bemanning/vem-ar-ledig/", {"first_day": DAY.isoformat()})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vem är ledig" in html
    assert '<th scope="col">' in html and '<th scope="row">' in html
    assert "Fler öppna pass än lediga" in html
    assert re.search(r"2\s+lediga", html)


def test_a_cell_links_to_its_day_keeping_the_filters_in_either_language(pool: dict[str, object]) -> None:
    nurse = QualificationFactory(name="Sjuksköterska")
    SubstituteQualificationFactory(substitute=pool["Anna"], qualification=nurse)
    query = {"first_day": DAY.isoformat(), "last_day": DAY.isoformat(), "qualification": nurse.pk}
    html = client_for(Who.STAFFING_CENTRE).get("/bemanning/vem-ar-ledig/", query).content.decode()
    day_query = f"day={DAY.isoformat()}&amp;area={ELDERLY}&amp;qualification={nurse.pk}"
    link = f'href="/bemanning/vem-ar-ledig/dag/?{day_query}"'
    assert link in html
    assert re.search(r"1 ledig</a>\s*<span class=\"overview-open\">0 öppna pass</span>", html)
    html = english(client_for(Who.STAFFING_CENTRE)).get("/bemanning/vem-ar-ledig/", query).content.decode()
    assert link in html
    assert "1 free</a>" in html
    assert "0 open shifts" in html


def test_the_day_page_links_to_the_candidates_and_books_through_the_board(pool: dict[str, object]) -> None:
    client = client_for(Who.STAFFING_CENTRE)
    url = f"/bemanning/vem-ar-ledig/dag/?day={DAY.isoformat()}&area={ELDERLY}"
    html = client.get(url).content.decode()
    shift = pool["home"].shifts.filter(is_booked=False).get()
    assert f"/bemanning/pass/{shift.pk}/kandidater/?next=" in html
    assert f'action="/bemanning/pass/{shift.pk}/boka/"' in html
    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", {"substitute": pool["Anna"].pk, "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    assert Booking.objects.filter(shift=shift, substitute=pool["Anna"]).exists()


def test_the_day_page_shows_each_person_in_either_language(pool: dict[str, object]) -> None:
    """Each listed person (written by the tag ``overview_people``): the name linked to the pool,
    what they marked, their bookings, and for the free their open shifts or that there are none."""
    quiet = _person("Kim <b>", WorkplaceFactory(area=ELDERLY))  # free, introduced where no shift is
    _can_work(quiet, starts=10, ends=12)
    url = f"/bemanning/vem-ar-ledig/dag/?day={DAY.isoformat()}&area={ELDERLY}"
    anna = pool["Anna"]
    html = client_for(Who.STAFFING_CENTRE).get(url).content.decode()
    assert f'<a href="/bemanning/vikariepoolen/{anna.pk}/">Anna Andersson</a>' in html
    for line in ("Kan arbeta 07.00–16.00", "Kan inte arbeta 07.00–09.00", "Bokad 07.00–16.00 Solrosen"):
        assert f'<p class="overview-person__line">{line}</p>' in html
    assert "<summary>Boka Anna Andersson på ett öppet pass (1)</summary>" in html
    assert f'<a href="/bemanning/vikariepoolen/{quiet.pk}/">Kim &lt;b&gt; Andersson</a>' in html
    assert "Kim <b>" not in html
    assert "Inget öppet pass den dagen där hen är introducerad." in html
    html = english(client_for(Who.STAFFING_CENTRE)).get(url).content.decode()
    for line in ("Can work 07:00–16:00", "Cannot work 07:00–09:00", "Booked 07:00–16:00 Solrosen"):
        assert f'<p class="overview-person__line">{line}</p>' in html
    assert "<summary>Book Anna Andersson on an open shift (1)</summary>" in html
    assert "No open shift that day where they are introduced." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"first_day": "2026-13-45"}, "Fyll i ett giltigt datum."),
        ({"first_day": "2026-01-01", "last_day": "2026-03-01"}, "Visa högst 14 dagar åt gången."),
        ({"first_day": "2026-01-10", "last_day": "2026-01-01"}, "Slutdatumet ligger före startdatumet."),
        ({"area": "moon_base"}, "Välj ett giltigt alternativ."),
        ({"workplace": "999999"}, "Välj ett giltigt alternativ."),
    ],
)
def test_bad_week_input_is_explained(pool: dict[str, object], query: dict[str, str], message: str) -> None:
    response = client_for(Who.STAFFING_CENTRE).get("/bemanning/vem-ar-ledig/", query)
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [({"day": "igår"}, "Fyll i ett giltigt datum."), ({"area": "x"}, "Välj ett giltigt alternativ.")],
)
def test_bad_day_input_is_explained(pool: dict[str, object], query: dict[str, str], message: str) -> None:
    response = client_for(Who.STAFFING_CENTRE).get("/bemanning/vem-ar-ledig/dag/", query)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_page_is_in_english_too(pool: dict[str, object]) -> None:
    response = english(client_for(Who.ADMINISTRATOR)).get("/bemanning/vem-ar-ledig/")
    assert "Who is free" in response.content.decode()


def _more(count: int) -> None:
    home, school = WorkplaceFactory(area=ELDERLY), WorkplaceFactory(area=SCHOOL)
    for n in range(count):
        person = _person(f"Ny{n}", home if n % 2 else school)
        _can_work(person)
        _cannot_work(person, starts=_local(DAY, 8), ends=_local(DAY, 9))
        BookingFactory(
            substitute=SubstituteFactory(),
            shift=ShiftFactory(workplace=home, starts_at=_local(DAY, 7), ends_at=_local(DAY, 15)),
        )
        ShiftFactory(workplace=school, starts_at=_local(DAY, 9), ends_at=_local(DAY, 15))


def test_the_week_page_takes_the_same_queries_with_more_data(pool: dict[str, object]) -> None:
    assert_queries_do_not_grow(client_for(Who.STAFFING_CENTRE), "/bemanning/vem-ar-ledig/", lambda: _more(6))


def test_the_day_page_takes_the_same_queries_with_more_data(pool: dict[str, object]) -> None:
    url = f"/bemanning/vem-ar-ledig/dag/?day={DAY.isoformat()}"
    assert_queries_do_not_grow(client_for(Who.STAFFING_CENTRE), url, lambda: _more(6))


def test_a_book_button_on_the_day_page_is_a_working_form_with_its_csrf_token(pool: dict[str, object]) -> None:
    client = client_for(Who.STAFFING_CENTRE)
    client.handler.enforce_csrf_checks = True
    url = f"/bemanning/vem-ar-ledig/dag/?day={DAY.isoformat()}&area={ELDERLY}"
    html = client.get(url).content.decode()
    shift = pool["home"].shifts.filter(is_booked=False).get()
    form = re.search(
        rf'<form method="post" action="/bemanning/pass/{shift.pk}/boka/" class="inline-form">(.*?)</form>',
        html,
    )
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(1)))
    assert fields["substitute"] == str(pool["Anna"].pk)
    assert fields["next"] == url.replace("&", "&amp;")
    fields["next"] = url
    response = client.post(f"/bemanning/pass/{shift.pk}/boka/", fields)
    assert response.status_code == 302
    assert Booking.objects.filter(shift=shift, substitute=pool["Anna"]).exists()
