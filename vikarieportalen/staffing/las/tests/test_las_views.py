"""LAS pages over HTTP: the substitute's own days, the staffing centre's list, the candidates' warnings."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.staffing.las.tests.helpers import STOCKHOLM, book_days, day_range
from vikarieportalen.staffing.models import ShiftReason
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory, substitute_ready_for
from vikarieportalen.testing import assert_queries_do_not_grow, client_logged_in, english, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def low_limits(settings):
    settings.LAS_SAV_CONVERSION_DAYS = 10
    settings.LAS_VIKARIAT_CONVERSION_DAYS = 20
    settings.LAS_PRIORITY_DAYS = 25
    settings.LAS_WARNING_DAYS = 3


@pytest.fixture
def workplace():
    return WorkplaceFactory()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_my_las_days_shows_own_days_per_rule_and_the_booked_ones(workplace):
    me = SubstituteFactory(language="en")
    other = SubstituteFactory()
    today = timezone.localdate()
    book_days(me, workplace, day_range(today - dt.timedelta(days=60), 8))
    book_days(me, workplace, day_range(today + dt.timedelta(days=3), 2))
    book_days(me, workplace, day_range(today - dt.timedelta(days=30), 4), form="vikariat")
    book_days(other, workplace, day_range(today - dt.timedelta(days=300), 30))
    response = english(client_logged_in(me)).get(reverse("staffing:my_las"))
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "8 days of 10" in text  # SÄV, nearing
    assert "With the shifts you have booked: 10 days." in text
    assert "4 days of 20" in text  # vikariat
    assert "12 days of 25" in text  # priority, both forms
    assert 'id="las-summary"' in response.content.decode()  # close to a limit
    assert "30 days of" not in text  # someone else's days are not shown


def test_my_las_days_without_bookings(workplace):
    response = english(client_logged_in(SubstituteFactory(language="en"))).get(reverse("staffing:my_las"))
    assert response.status_code == 200
    assert "0 days of 10" in _text(response.content.decode())
    assert 'id="las-summary"' not in response.content.decode()


def test_my_las_days_query_count_does_not_grow(workplace):
    me = SubstituteFactory()
    client = client_logged_in(me)
    start = timezone.localdate() - dt.timedelta(days=500)

    def grow() -> None:
        book_days(me, workplace, day_range(start, 40, step=2))
        book_days(me, workplace, day_range(start, 20, step=3), form="vikariat", start=dt.time(18))

    assert_queries_do_not_grow(client, reverse("staffing:my_las"), grow)


def _staff() -> Client:
    return client_logged_in(user_with_role(Role.STAFFING_CENTRE, language="en"))


def test_staffing_centre_list_shows_those_near_a_limit(workplace):
    today = timezone.localdate()
    near = SubstituteFactory(family_name="Nära")
    far = SubstituteFactory(family_name="Långt")
    book_days(near, workplace, day_range(today - dt.timedelta(days=40), 9))
    book_days(far, workplace, day_range(today - dt.timedelta(days=40), 2))
    response = english(_staff()).get(reverse("staffing:las_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("staffing:pool_substitute", args=[near.pk]) in html
    assert reverse("staffing:pool_substitute", args=[far.pk]) not in html
    assert "9 of 10" in _text(html)


def test_staffing_centre_list_filters_and_refuses_bad_input_quietly(workplace):
    today = timezone.localdate()
    over = SubstituteFactory(family_name="Över")
    near = SubstituteFactory(family_name="Nära")
    book_days(over, workplace, day_range(today - dt.timedelta(days=40), 12))
    book_days(near, workplace, day_range(today - dt.timedelta(days=40), 9))
    client = _staff()
    html = english(client).get(reverse("staffing:las_list"), {"state": "over"}).content.decode()
    assert reverse("staffing:pool_substitute", args=[over.pk]) in html
    assert reverse("staffing:pool_substitute", args=[near.pk]) not in html
    bad = english(client).get(reverse("staffing:las_list"), {"state": "nonsense", "order": "x"})
    assert bad.status_code == 200
    assert 'class="error-summary' in bad.content.decode() or "error" in bad.content.decode()
    # Bad input shows everyone (no filter applied) and changes nothing.
    assert reverse("staffing:pool_substitute", args=[near.pk]) in bad.content.decode()


def test_staffing_centre_list_query_count_does_not_grow_and_pages(workplace):
    today = timezone.localdate()
    client = _staff()

    def grow() -> None:
        for _ in range(30):
            book_days(SubstituteFactory(), workplace, day_range(today - dt.timedelta(days=40), 9))

    book_days(SubstituteFactory(), workplace, day_range(today - dt.timedelta(days=40), 9))
    assert_queries_do_not_grow(client, reverse("staffing:las_list"), grow)
    second = english(client).get(reverse("staffing:las_list"), {"page": 2})
    assert second.status_code == 200
    assert "Page 2 of 2" in _text(second.content.decode())


def test_substitutes_and_managers_may_not_see_the_list():
    assert client_logged_in(SubstituteFactory()).get(reverse("staffing:las_list")).status_code == 403
    manager = user_with_role(Role.WORKPLACE_MANAGER)
    assert client_logged_in(manager).get(reverse("staffing:las_list")).status_code == 403


def test_candidates_page_warns_about_las(workplace):
    day = timezone.localdate() + dt.timedelta(days=10)
    shift = ShiftFactory(
        workplace=workplace,
        starts_at=dt.datetime.combine(day, dt.time(7), tzinfo=STOCKHOLM),
        ends_at=dt.datetime.combine(day, dt.time(16), tzinfo=STOCKHOLM),
        reason=ShiftReason.EXTRA_NEED,
    )
    person = substitute_ready_for(shift, preferred_given_name="Gräns")
    book_days(person, WorkplaceFactory(), day_range(day - dt.timedelta(days=100), 10))
    response = english(_staff()).get(reverse("staffing:shift_candidates", args=[shift.pk]))
    assert response.status_code == 200
    text = _text(response.content.decode())
    assert "10 LAS days" in text
    assert "LAS: this shift passes the limit for permanent employment" in text
    assert "LAS SÄV days: Nearing the limit (10 of 10)" in text
