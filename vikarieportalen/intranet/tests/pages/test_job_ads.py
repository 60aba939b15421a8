"""Internal job ads leave the lists by themselves after their last application day."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from vikarieportalen.intranet.models import HomePage, JobAdPage
from vikarieportalen.intranet.selectors import job_ad_list_open
from vikarieportalen.intranet.tests.factories import job_ad, job_ad_index
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.testing import INSIDE_ADDRESS, assert_queries_do_not_grow, client_from

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
LAST_DAY = dt.date(2026, 3, 31)


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


def open_titles() -> list[str]:
    return [ad.title for ad in job_ad_list_open(within=HomePage.objects.get(locale__language_code="sv"))]


@pytest.mark.parametrize(
    ("now", "listed"),
    [
        pytest.param(dt.datetime(2026, 3, 31, 0, 0, tzinfo=STOCKHOLM), True, id="last-day-midnight"),
        pytest.param(dt.datetime(2026, 3, 31, 23, 59, 59, tzinfo=STOCKHOLM), True, id="last-day-late"),
        pytest.param(dt.datetime(2026, 4, 1, 0, 0, tzinfo=STOCKHOLM), False, id="day-after-midnight"),
        # 22:30 UTC on the last day is already the next day in Stockholm (summer time, UTC+2).
        pytest.param(dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC), False, id="utc-still-last-day"),
    ],
)
def test_ad_is_listed_through_its_last_day_in_stockholm_time(now: dt.datetime, listed: bool) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, tzinfo=STOCKHOLM), tick=False):
        job_ad(title="Undersköterska Solrosen", last_application_date=LAST_DAY)
    with time_machine.travel(now, tick=False):
        assert open_titles() == (["Undersköterska Solrosen"] if listed else [])


def test_open_ads_are_listed_closing_first() -> None:
    today = timezone.localdate()
    job_ad(title="Senare", last_application_date=today + dt.timedelta(days=20))
    job_ad(title="Snart", last_application_date=today + dt.timedelta(days=2))
    job_ad(title="Stängd", last_application_date=today - dt.timedelta(days=1))
    with time_machine.travel(dt.datetime.combine(today, dt.time(12), tzinfo=STOCKHOLM), tick=False):
        assert open_titles() == ["Snart", "Senare"]


def test_closed_ad_leaves_list_and_start_page_without_an_editor(inside: Client) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), tick=False):
        job_ad(title="Förskollärare Lärkan", last_application_date=LAST_DAY)
    with time_machine.travel(dt.datetime(2026, 3, 31, 15, tzinfo=STOCKHOLM), tick=False):
        assert "Förskollärare Lärkan" in inside.get("/lediga-jobb/").text
        assert "Förskollärare Lärkan" in inside.get("/").text
    with time_machine.travel(dt.datetime(2026, 4, 1, 8, tzinfo=STOCKHOLM), tick=False):
        assert "Förskollärare Lärkan" not in inside.get("/lediga-jobb/").text
        assert "Förskollärare Lärkan" not in inside.get("/").text
        assert JobAdPage.objects.get(title="Förskollärare Lärkan").live  # nobody unpublished it


def test_closed_ad_page_says_it_has_closed_and_hides_how_to_apply(inside: Client) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=STOCKHOLM), tick=False):
        ad = job_ad(last_application_date=LAST_DAY, how_to_apply="<p>Mejla chefen.</p>")
    with time_machine.travel(dt.datetime(2026, 3, 31, 12, tzinfo=STOCKHOLM), tick=False):
        text = inside.get(ad.url).text
        assert 'id="job-ad-closed"' not in text
        assert "Mejla chefen." in text
    with time_machine.travel(dt.datetime(2026, 4, 2, 12, tzinfo=STOCKHOLM), tick=False):
        response = inside.get(ad.url)
        assert response.status_code == 200
        assert 'id="job-ad-closed"' in response.text
        assert "Mejla chefen." not in response.text


def test_job_ad_page_shows_workplace_extent_and_last_day(inside: Client) -> None:
    workplace = WorkplaceFactory(name="Äldreboendet Solrosen")
    ad = job_ad(workplace=workplace, workplace_text="avdelning 2", extent="Deltid 75 %, tillsvidare")
    text = inside.get(ad.url).text
    assert "Äldreboendet Solrosen, avdelning 2" in text
    assert "Deltid 75 %, tillsvidare" in text
    assert f'datetime="{ad.last_application_date:%Y-%m-%d}"' in text


def test_job_ad_needs_a_workplace_or_a_place_in_words() -> None:
    index = job_ad_index()
    ad = JobAdPage(
        title="Utan plats",
        slug="utan-plats",
        extent="Heltid",
        last_application_date=dt.date(2026, 5, 1),
        body="<p>Text</p>",
        how_to_apply="<p>Så här</p>",
        workplace_text="   ",
    )
    with pytest.raises(ValidationError) as error:
        index.add_child(instance=ad)
    assert "workplace_text" in error.value.message_dict


def test_job_ad_list_paginates_and_survives_bad_page_numbers(inside: Client) -> None:
    for number in range(12):
        job_ad(title=f"Jobb {number:02d}")
    assert inside.get("/lediga-jobb/").text.count('class="job-ad-item"') == 10
    assert inside.get("/lediga-jobb/?page=2").text.count('class="job-ad-item"') == 2
    assert inside.get("/lediga-jobb/?page=abc").status_code == 200
    assert inside.get("/lediga-jobb/?page=-1").text.count('class="job-ad-item"') == 2


def test_job_ad_list_query_count_does_not_grow(inside: Client) -> None:
    job_ad(workplace=WorkplaceFactory())

    def more() -> None:
        for _ in range(6):
            job_ad(workplace=WorkplaceFactory())

    assert_queries_do_not_grow(inside, "/lediga-jobb/", more)
