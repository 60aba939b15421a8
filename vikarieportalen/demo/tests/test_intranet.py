"""The intranet's demo content, and the redirects from the old public portal.

A Django TestCase so that the demo content is built once for the class and rolled back after.
"""

from __future__ import annotations

from django.test import Client, TestCase
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from vikarieportalen.accounts.services import role_groups_sync
from vikarieportalen.core.roles import Role
from vikarieportalen.demo import content
from vikarieportalen.demo.intranet import demo_intranet_load
from vikarieportalen.intranet.models import JobAdPage, NewsPage, NewsTargetArea, Shortcut
from vikarieportalen.intranet.selectors import job_ad_list_open
from vikarieportalen.intranet.tests.factories import FaqPageFactory
from vikarieportalen.staffing.models import Workplace
from vikarieportalen.testing import INSIDE_ADDRESS, OUTSIDE_ADDRESS, user_with_role

OLD_ADDRESSES = [
    ("/timvikarie/vikarieportalen", "/"),
    ("/timvikarie/vikarieportalen/", "/"),
    ("/jobb-och-utbildning/timvikarie/vikarieportalen/fragor-och-svar/", "/fragor-och-svar/"),
    ("/jobb-och-utbildning/timvikarie/vikarieportalen/nyheter", "/nyheter/"),
    ("/jobb-och-utbildning/lediga-jobb/interna-jobb", "/lediga-jobb/"),
]


class IntranetDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        role_groups_sync()
        user_with_role(Role.EDITOR)
        for name, area, address, phone in content.WORKPLACES:
            Workplace.objects.create(name=name, area=area, address=address, phone=phone)
        FaqPageFactory()
        cls.counted: list[tuple[str, bool]] = []
        demo_intranet_load(count=lambda what, created: cls.counted.append((what, created)))

    def setUp(self) -> None:
        self.inside = Client(REMOTE_ADDR=INSIDE_ADDRESS)

    def test_twelve_news_some_aimed_at_areas(self) -> None:
        swedish = NewsPage.objects.live().filter(locale__language_code="sv")
        assert swedish.count() == 12
        aimed = swedish.filter(target_areas__isnull=False).distinct().count()
        assert 3 <= aimed < 12
        assert NewsTargetArea.objects.values("area").distinct().count() >= 4

    def test_six_job_ads_one_closed(self) -> None:
        assert JobAdPage.objects.live().count() == 6
        home = Page.objects.get(depth=2, locale__language_code="sv")
        assert job_ad_list_open(within=home).count() == 5
        assert JobAdPage.objects.filter(last_application_date__lt=timezone.localdate()).count() == 1
        assert JobAdPage.objects.filter(workplace__isnull=False).count() >= 4

    def test_shortcuts_are_valid_example_addresses(self) -> None:
        shortcuts = list(Shortcut.objects.all())
        assert len(shortcuts) == 6
        for shortcut in shortcuts:
            shortcut.full_clean()
            assert "kristinehamn.se" not in shortcut.url
        assert any(s.page_id for s in shortcuts)
        assert any(s.url.startswith("/") for s in shortcuts)
        assert sum(s.is_external for s in shortcuts) == 4

    def test_pages_have_an_owner_and_a_review_date(self) -> None:
        for model in (NewsPage, JobAdPage):
            pages = model.objects.filter(locale__language_code="sv")
            assert not pages.filter(page_owner__isnull=True).exists()
            assert not pages.filter(review_by__isnull=True).exists()
        assert NewsPage.objects.filter(review_by__lt=timezone.localdate()).exists()

    def test_english_start_page_and_news_item(self) -> None:
        english = self.inside.get("/en/")
        assert english.status_code == 200
        assert "Substitute portal" in english.text
        assert "The substitute portal moves to the intranet" in english.text
        item = NewsPage.objects.get(locale__language_code="en")
        assert self.inside.get(item.url).status_code == 200

    def test_old_portal_addresses_redirect_permanently(self) -> None:
        for old, new in OLD_ADDRESSES:
            with self.subTest(old=old):
                response = self.inside.get(old)
                assert response.status_code == 301
                assert response["Location"] == new

    def test_old_portal_addresses_redirect_whatever_the_letter_case(self) -> None:
        typed = (
            "/Timvikarie/Vikarieportalen",
            "/TIMVIKARIE/VIKARIEPORTALEN/",
            "/timvikarie/Vikarieportalen?a",
        )
        for old in typed:
            with self.subTest(old=old):
                response = self.inside.get(old)
                assert response.status_code == 301
                assert response["Location"] == "/"
        assert self.inside.get("/Timvikarie/finns-inte/").status_code == 404

    def test_redirects_work_outside_the_network_too(self) -> None:
        response = Client(REMOTE_ADDR=OUTSIDE_ADDRESS).get("/timvikarie/vikarieportalen")
        assert response.status_code == 301
        assert response["Location"] == "/"

    def test_second_load_creates_nothing_and_keeps_editors_changes(self) -> None:
        assert sum(created for _what, created in self.counted) > 0
        page = NewsPage.objects.get(slug="lonespecifikationen")
        page.title = "Ändrad av redaktören"
        page.save_revision().publish()
        before = (Page.objects.count(), Shortcut.objects.count(), Redirect.objects.count())
        again: list[tuple[str, bool]] = []
        demo_intranet_load(count=lambda what, created: again.append((what, created)))
        assert not any(created for _what, created in again)
        assert (Page.objects.count(), Shortcut.objects.count(), Redirect.objects.count()) == before
        assert NewsPage.objects.get(slug="lonespecifikationen").title == "Ändrad av redaktören"
