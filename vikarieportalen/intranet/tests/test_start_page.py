"""The start page: shortcuts, latest news and job ads, and a substitute's personal panel."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
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
from vikarieportalen.staffing.models import AreaOfWork, Offer
from vikarieportalen.staffing.offers import selectors as offer_selectors
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    ShiftFactory,
    WorkplaceFactory,
    substitute_ready_for,
)
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


# ---------------------------------------------------------------------------------------------
# Open offers: the panel and the bottom bar's count from one read


def _substitute_with_open_offers(count: int) -> User:
    """A substitute with ``count`` single offers waiting, one shift a day from three days on."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    workplace = WorkplaceFactory(name="Solrosen")
    shifts = [
        ShiftFactory(
            workplace=workplace,
            starts_at=start + dt.timedelta(days=day),
            ends_at=start + dt.timedelta(days=day, hours=4),
        )
        for day in range(count)
    ]
    person = substitute_ready_for(shifts[0])
    for shift in shifts[1:]:
        AvailabilityPeriodFactory(
            substitute=person,
            starts_at=shift.starts_at - dt.timedelta(hours=1),
            ends_at=shift.ends_at + dt.timedelta(hours=1),
        )
    staff = StaffingCentreFactory()
    for shift in shifts:
        offers.offer_send(shifts=[shift], by=staff, substitutes=[person])
    return person


def _badge(html: str) -> str:
    nav = html.split('class="bottom-nav"')[1].split("</nav>")[0]
    found = re.search(r'class="bottom-nav__badge">(\d+)<', nav)
    return found.group(1) if found else ""


def test_the_bottom_bar_counts_the_offers_the_panel_read_and_a_new_one_at_once() -> None:
    person = _substitute_with_open_offers(3)
    client = client_logged_in(person)
    html = client.get("/").text
    assert _badge(html) == "3"
    assert html.split('id="open-offers"')[1].split("</ul>")[0].count('class="offer-quick__item"') == 3
    assert _badge(client.get(news_index().url).text) == "3"  # counted on its own on another page
    offer = Offer.objects.filter(substitute=person).order_by("pk").first()
    assert offer is not None
    client.post(reverse("offers:page", args=[offer.token]), {"answer": "decline"})
    assert _badge(client.get("/").text) == "2"


def test_the_bottom_bar_counts_on_its_own_when_the_panel_did_not_read_every_offer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = _substitute_with_open_offers(3)
    monkeypatch.setattr(offer_selectors, "SERIES_READ", 2)  # the panel reads two, then stops
    summary = offer_selectors.offer_open_summary_for(substitute=person, limit=5)
    assert summary.count is None and len(summary.items) == 2
    assert _badge(client_logged_in(person).get("/").text) == "3"


def test_offers_and_a_booking_cost_the_start_page_no_query_more() -> None:
    """The panel reads only the columns it shows: a field read later would cost a query each."""
    empty = client_logged_in(SubstituteFactory())
    busy_person = _substitute_with_open_offers(2)
    BookingFactory(substitute=busy_person, shift__workplace__name="Vitsippan")
    busy = client_logged_in(busy_person)
    counts = []
    for client in (empty, busy):
        client.get("/")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/").text
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert "Vitsippan" in html.split('id="next-booking"')[1].split("</article>")[0]
    items = html.split('id="open-offers"')[1].split("</ul>")[0].split('class="offer-quick__item"')[1:]
    assert len(items) == 2 and all("Solrosen</a>" in item for item in items)
