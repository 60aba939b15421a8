"""The start page: shortcuts, latest news and job ads, and a substitute's personal panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.roles import Role
from vikarieportalen.intranet.models import Shortcut
from vikarieportalen.intranet.selectors import JOB_ADS_ON_START_PAGE, NEWS_ON_START_PAGE, shortcut_list
from vikarieportalen.intranet.tests.factories import (
    FaqPageFactory,
    NoticeFactory,
    ShortcutFactory,
    job_ad,
    news_index,
    news_item,
)
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.staffing.tests.factories import BookingFactory, IntroductionFactory, WorkplaceFactory
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    Who,
    assert_queries_do_not_grow,
    client_for,
    client_from,
    client_logged_in,
)
from vikarieportalen.trainings.tests.factories import CourseCompletionFactory, CoursePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


# ---------------------------------------------------------------------------------------------
# Shortcuts


def test_external_shortcut_opens_safely_and_internal_one_in_same_tab(inside: Client) -> None:
    ShortcutFactory(title="Webbmejl", url="https://webmail.example-kommun.se/", sort_order=1)
    faq = FaqPageFactory()
    Shortcut.objects.create(title="Frågor och svar", page=faq, sort_order=2)
    html = inside.get("/").text
    external = re.search(r"<a[^>]*>Webbmejl", html)
    internal = re.search(r"<a[^>]*>Frågor och svar<", html)
    assert external is not None
    assert internal is not None
    assert 'href="https://webmail.example-kommun.se/"' in external.group(0)
    assert 'target="_blank"' in external.group(0)
    assert 'rel="noopener noreferrer"' in external.group(0)
    assert 'href="/fragor-och-svar/"' in internal.group(0)
    assert "target=" not in internal.group(0)
    assert "rel=" not in internal.group(0)


def test_shortcuts_come_in_the_editors_order(inside: Client) -> None:
    ShortcutFactory(title="Tredje", sort_order=30)
    ShortcutFactory(title="Första", sort_order=10)
    ShortcutFactory(title="Andra", sort_order=20)
    html = inside.get("/").text
    assert html.index("Första") < html.index("Andra") < html.index("Tredje")


def test_shortcut_to_a_portal_address_opens_in_the_same_tab(inside: Client) -> None:
    shortcut = Shortcut(title="Mina pass", url="/bemanning/mina-pass/")
    shortcut.full_clean()
    shortcut.save()
    link = re.search(r"<a[^>]*>Mina pass", inside.get("/").text)
    assert link is not None
    assert 'href="/bemanning/mina-pass/"' in link.group(0)
    assert "target=" not in link.group(0)


def test_shortcut_refuses_script_and_other_non_web_addresses() -> None:
    for address in (
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,hej",
        "ftp://filer.example-kommun.se/",
        "//evil.example.com/",
        "/\\evil.example.com",
        "/mina pass/",
        "webmail.example-kommun.se",
    ):
        shortcut = Shortcut(title="Farlig", url=address)
        with pytest.raises(ValidationError) as error:
            shortcut.full_clean()
        assert "url" in error.value.message_dict
    assert not Shortcut.objects.exists()


def test_shortcut_needs_exactly_one_of_page_and_address() -> None:
    with pytest.raises(ValidationError):
        Shortcut(title="Ingenting").full_clean()
    faq = FaqPageFactory()
    with pytest.raises(ValidationError):
        Shortcut(title="Båda", page=faq, url="https://example-kommun.se/").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Shortcut.objects.create(title="Båda", page=faq, url="https://example-kommun.se/")


def test_shortcut_to_an_unpublished_page_is_left_out() -> None:
    faq = FaqPageFactory()
    Shortcut.objects.create(title="Frågor", page=faq, sort_order=1)
    ShortcutFactory(title="Extern", sort_order=2)
    assert [s.title for s in shortcut_list()] == ["Frågor", "Extern"]
    faq.unpublish()
    assert [s.title for s in shortcut_list()] == ["Extern"]


def test_shortcut_title_and_description_are_escaped(inside: Client) -> None:
    ShortcutFactory(title="<b>Fet</b>", description='"><script>alert(1)</script>')
    html = inside.get("/").text
    assert "<script>alert(1)" not in html
    assert "&lt;b&gt;Fet&lt;/b&gt;" in html


# ---------------------------------------------------------------------------------------------
# News and job ads on the start page


def test_start_page_shows_latest_news_and_open_job_ads_with_links_to_the_lists(inside: Client) -> None:
    for number in range(NEWS_ON_START_PAGE + 2):
        news_item(title=f"Nyhet {number:02d}", date=dt.date(2026, 1, 1) + dt.timedelta(days=number))
    for number in range(JOB_ADS_ON_START_PAGE + 1):
        job_ad(title=f"Jobb {number:02d}")
    html = inside.get("/").text
    assert html.count('class="news-item"') == NEWS_ON_START_PAGE
    assert f"Nyhet {NEWS_ON_START_PAGE + 1:02d}" in html
    assert "Nyhet 00" not in html
    assert html.count('class="job-ad-item"') == JOB_ADS_ON_START_PAGE
    assert 'href="/nyheter/"' in html
    assert 'href="/lediga-jobb/"' in html


def test_start_page_shows_aimed_news_only_to_substitutes_in_the_area(inside: Client) -> None:
    news_item(title="Till skolan", areas=[AreaOfWork.SCHOOL])
    assert "Till skolan" not in inside.get("/").text
    teacher = SubstituteFactory()
    IntroductionFactory(substitute=teacher, workplace=WorkplaceFactory(area=AreaOfWork.SCHOOL))
    assert "Till skolan" in client_logged_in(teacher).get("/").text


# ---------------------------------------------------------------------------------------------
# The personal panel


def test_anonymous_reader_inside_the_network_gets_no_personal_panel(inside: Client) -> None:
    assert 'id="personal-panel"' not in inside.get("/").text


@pytest.mark.parametrize("who", [Who.STAFFING_CENTRE, Who.EDITOR, Who.WORKPLACE_MANAGER])
def test_staff_get_no_personal_panel(who: Who) -> None:
    assert 'id="personal-panel"' not in client_for(who).get("/").text


def test_substitute_sees_next_booking() -> None:
    booking = BookingFactory(shift__workplace__name="Äldreboendet Vitsippan")
    BookingFactory(substitute=booking.substitute, shift__starts_at=booking.starts_at + dt.timedelta(days=3))
    html = client_logged_in(booking.substitute).get("/").text
    panel = html.split('id="next-booking"')[1].split("</article>")[0]
    assert "Äldreboendet Vitsippan" in panel
    assert booking.starts_at.isoformat()[:16] in panel


def test_substitute_without_bookings_is_told_so() -> None:
    html = client_logged_in(SubstituteFactory()).get("/").text
    assert 'id="next-booking"' in html
    assert "<time" not in html.split('id="next-booking"')[1].split("</article>")[0]


def test_substitute_sees_required_trainings_left() -> None:
    substitute = SubstituteFactory()
    IntroductionFactory(substitute=substitute, workplace=WorkplaceFactory(area=AreaOfWork.ELDERLY_CARE))
    left = CoursePageFactory(title="Basal hygien", required_for_areas=[AreaOfWork.ELDERLY_CARE])
    done = CoursePageFactory(title="Brandskydd", required_for_areas=[AreaOfWork.ELDERLY_CARE])
    CourseCompletionFactory(user=substitute, course=done)
    panel = client_logged_in(substitute).get("/").text.split('id="trainings-remaining"')[1]
    panel = panel.split("</article>")[0]
    assert "Basal hygien" in panel
    assert f'href="{left.url}"' in panel
    assert "Brandskydd" not in panel


def test_start_page_query_count_does_not_grow_for_a_substitute() -> None:
    substitute = SubstituteFactory()
    IntroductionFactory(substitute=substitute, workplace=WorkplaceFactory(area=AreaOfWork.SCHOOL))
    first = BookingFactory(substitute=substitute)
    NoticeFactory()
    ShortcutFactory()
    news_item(areas=[AreaOfWork.SCHOOL])
    job_ad()
    CoursePageFactory(required_for_areas=[AreaOfWork.SCHOOL])
    client = client_logged_in(substitute)

    def more() -> None:
        for number in range(4):
            news_item(areas=[AreaOfWork.SCHOOL] if number % 2 else [])
            job_ad(workplace=WorkplaceFactory())
            ShortcutFactory()
            Shortcut.objects.create(title=f"Sida {number}", page=news_index())
            CoursePageFactory(required_for_areas=[AreaOfWork.SCHOOL])
            BookingFactory(
                substitute=substitute, shift__starts_at=first.starts_at + dt.timedelta(days=number + 1)
            )

    assert_queries_do_not_grow(client, "/", more)


def test_start_page_query_count_does_not_grow_for_anonymous_readers(inside: Client) -> None:
    ShortcutFactory()
    news_item()
    job_ad()

    def more() -> None:
        for _ in range(4):
            news_item()
            job_ad()
            ShortcutFactory()

    assert_queries_do_not_grow(inside, "/", more)


def test_start_page_is_the_same_for_every_staff_role() -> None:
    news_item(title="Till förskolan", areas=[AreaOfWork.PRESCHOOL])
    for role in (Role.PAYROLL, Role.HR_SERVICE, Role.ADMINISTRATOR):
        assert "Till förskolan" in client_for(Who(role.value)).get("/").text
