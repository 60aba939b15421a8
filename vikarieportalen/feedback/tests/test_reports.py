"""The editors' reports in Wagtail's admin: feedback per page, its comments, pages to review."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.services import role_groups_sync
from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.core.roles import Role
from vikarieportalen.feedback.selectors import page_review_overdue_list, stewarded_page_models
from vikarieportalen.feedback.tests.factories import PageFeedbackFactory
from vikarieportalen.intranet.models import FaqPage, HomePage
from vikarieportalen.intranet.tests.factories import FaqEntryFactory, FaqPageFactory
from vikarieportalen.testing import assert_queries_do_not_grow, client_for, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor() -> User:
    role_groups_sync()
    return user_with_role(Role.EDITOR, preferred_given_name="Vanja", family_name="Knutsson")


@pytest.fixture
def cms(editor: User) -> Client:
    return client_for(Role.EDITOR, user=editor)


@pytest.fixture
def faq() -> FaqPage:
    return FaqPageFactory()


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="feedback-comment" id="kommentar-(\d+)"', html)


# --- feedback per page ---------------------------------------------------------------------


def test_pages_report_counts_yes_no_and_unhandled_comments(cms: Client, faq: FaqPage) -> None:
    PageFeedbackFactory.create_batch(3, page=faq, helpful=True)
    PageFeedbackFactory(page=faq, helpful=False, comment="Saknar telefonnummer")
    PageFeedbackFactory(page=faq, helpful=False, comment="Klart", handled_at=timezone.now())
    html = cms.get("/cms/sidrespons/").text
    row = re.search(rf'href="/cms/sidrespons/sida/{faq.pk}/">.*?</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r"<td>\s*(?:<strong>)?(\S+?)(?:</strong>)?\s*</td>", row.group(0))
    assert cells[:4] == ["3", "2", "2", "1"]


def test_pages_report_filters_on_unhandled_comments(cms: Client, faq: FaqPage) -> None:
    home = HomePage.objects.get(locale__language_code="sv")
    PageFeedbackFactory(page=faq, comment="Ohanterad")
    PageFeedbackFactory(page=home)
    unhandled = cms.get("/cms/sidrespons/?unhandled=true").text
    assert f"/cms/sidrespons/sida/{faq.pk}/" in unhandled
    assert f"/cms/sidrespons/sida/{home.pk}/" not in unhandled
    rest = cms.get("/cms/sidrespons/?unhandled=false").text
    assert f"/cms/sidrespons/sida/{home.pk}/" in rest
    assert f"/cms/sidrespons/sida/{faq.pk}/" not in rest


def test_page_comments_are_escaped_and_unhandled_first(cms: Client, faq: FaqPage, editor: User) -> None:
    handled = PageFeedbackFactory(page=faq, comment="Åtgärdat", handled_at=timezone.now(), handled_by=editor)
    script = PageFeedbackFactory(page=faq, helpful=False, comment='<script>alert("x")</script>\nRad två')
    PageFeedbackFactory(page=faq)  # no comment: counted, not listed
    html = cms.get(f"/cms/sidrespons/sida/{faq.pk}/").text
    assert rows(html) == [str(script.pk), str(handled.pk)]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>Rad två" in html
    assert '<script>alert("x")' not in html
    assert "Vanja Knutsson" in html


def test_mark_handled_and_back(cms: Client, faq: FaqPage, editor: User) -> None:
    feedback = PageFeedbackFactory(page=faq, comment="Fel telefonnummer")
    back = f"/cms/sidrespons/sida/{faq.pk}/?handled=false"
    response = cms.post(f"/cms/sidrespons/svar/{feedback.pk}/hanterad/", {"handled": "1", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    feedback.refresh_from_db()
    assert feedback.handled_by == editor
    assert feedback.handled_at is not None

    assert rows(cms.get(back).text) == []
    assert rows(cms.get(f"/cms/sidrespons/sida/{faq.pk}/?handled=true").text) == [str(feedback.pk)]

    cms.post(f"/cms/sidrespons/svar/{feedback.pk}/hanterad/", {"handled": "0"})
    feedback.refresh_from_db()
    assert (feedback.handled_at, feedback.handled_by) == (None, None)


def test_mark_handled_refuses_a_foreign_next_and_answers_without_comment(cms: Client, faq: FaqPage) -> None:
    feedback = PageFeedbackFactory(page=faq, comment="Text")
    response = cms.post(
        f"/cms/sidrespons/svar/{feedback.pk}/hanterad/", {"handled": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == f"/cms/sidrespons/sida/{faq.pk}/"
    without_comment = PageFeedbackFactory(page=faq)
    assert cms.post(f"/cms/sidrespons/svar/{without_comment.pk}/hanterad/").status_code == 404
    assert cms.get(f"/cms/sidrespons/svar/{feedback.pk}/hanterad/").status_code == 405


def test_substitute_cannot_mark_handled(faq: FaqPage) -> None:
    feedback = PageFeedbackFactory(page=faq, comment="Text")
    response = client_for(Role.SUBSTITUTE).post(f"/cms/sidrespons/svar/{feedback.pk}/hanterad/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cms/login/")
    feedback.refresh_from_db()
    assert feedback.handled_at is None


def test_export_as_csv(cms: Client, faq: FaqPage) -> None:
    PageFeedbackFactory(page=faq, comment='Citat "så här", och komma')
    body = b"".join(cms.get(f"/cms/sidrespons/sida/{faq.pk}/?export=csv").streaming_content).decode()
    assert '"Citat ""så här"", och komma"' in body


def test_feedback_listings_take_a_fixed_number_of_queries(cms: Client, faq: FaqPage, editor: User) -> None:
    PageFeedbackFactory(page=faq, comment="Första")

    def more() -> None:
        home = HomePage.objects.get(locale__language_code="sv")
        for page in (faq, home):
            PageFeedbackFactory.create_batch(5, page=page, comment="Mer")
            PageFeedbackFactory.create_batch(
                5, page=page, comment="Klar", handled_at=timezone.now(), handled_by=editor
            )
            PageFeedbackFactory.create_batch(5, page=page, helpful=False)

    assert_queries_do_not_grow(cms, "/cms/sidrespons/", more)
    assert_queries_do_not_grow(cms, f"/cms/sidrespons/sida/{faq.pk}/", more)


def test_unknown_page_in_the_admin_is_404(cms: Client) -> None:
    assert cms.get("/cms/sidrespons/sida/999999/").status_code == 404


def test_menu_and_dashboard_show_to_editors(cms: Client) -> None:
    home = cms.get("/cms/").text
    assert '"url": "/cms/sidrespons/"' in home
    assert '"url": "/cms/granskning/"' in home
    assert 'id="editor-to-do-section"' in home


def test_admin_access_without_the_editor_role_is_not_enough(faq: FaqPage) -> None:
    role_groups_sync()
    user = user_with_role(Role.STAFFING_CENTRE)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = client_for(Role.STAFFING_CENTRE, user=user)
    home = client.get("/cms/").text
    assert "/cms/sidrespons/" not in home
    assert 'id="editor-to-do-section"' not in home
    # Wagtail's admin answers a refusal with a redirect to its dashboard and a message.
    for url in ("/cms/sidrespons/", f"/cms/sidrespons/sida/{faq.pk}/", "/cms/granskning/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/cms/")
    feedback = PageFeedbackFactory(page=faq, comment="Text")
    response = client.post(f"/cms/sidrespons/svar/{feedback.pk}/hanterad/")
    assert (response.status_code, response["Location"]) == (302, "/cms/")
    feedback.refresh_from_db()
    assert feedback.handled_at is None


# --- pages to review -----------------------------------------------------------------------


def test_every_page_model_with_the_mixin_is_found() -> None:
    models = stewarded_page_models()
    assert HomePage in models
    assert FaqPage in models
    assert all(issubclass(model, StewardedPage) and issubclass(model, Page) for model in models)


def _review(page: Page, *, by: dt.date | None, owner: User | None = None) -> None:
    specific: Any = page.specific
    specific.review_by = by
    specific.page_owner = owner
    specific.save_revision().publish()


def test_review_list_has_live_pages_past_their_date(cms: Client, faq: FaqPage, editor: User) -> None:
    today = timezone.localdate()
    home = HomePage.objects.get(locale__language_code="sv")
    _review(faq, by=today - dt.timedelta(days=3), owner=editor)
    _review(home, by=today)  # due today: not yet past
    draft = FaqPageFactory(title="Utkast", slug="utkast")
    _review(draft, by=today - dt.timedelta(days=30))
    draft.unpublish()

    assert list(page_review_overdue_list(today=today)) == [Page.objects.get(pk=faq.pk)]
    html = cms.get("/cms/granskning/").text
    assert f'href="/cms/pages/{faq.pk}/edit/"' in html
    assert f'href="/cms/pages/{home.pk}/edit/"' not in html
    assert "Vanja Knutsson" in html
    assert (today - dt.timedelta(days=3)).isoformat() in html


def test_review_list_longest_overdue_first_and_mine_filter(cms: Client, editor: User) -> None:
    today = timezone.localdate()
    someone = user_with_role(Role.EDITOR)
    older = FaqPageFactory(title="Äldre", slug="aldre")
    newer = FaqPageFactory(title="Nyare", slug="nyare")
    _review(older, by=today - dt.timedelta(days=100), owner=someone)
    _review(newer, by=today - dt.timedelta(days=1), owner=editor)
    assert [page.pk for page in page_review_overdue_list(today=today)] == [older.pk, newer.pk]
    mine = cms.get("/cms/granskning/?mine=true").text
    assert f"/cms/pages/{newer.pk}/edit/" in mine
    assert f"/cms/pages/{older.pk}/edit/" not in mine


def test_dashboard_counts_pages_to_review(cms: Client, faq: FaqPage) -> None:
    _review(faq, by=timezone.localdate() - dt.timedelta(days=1))
    PageFeedbackFactory(page=faq, comment="Ny")
    html = cms.get("/cms/").text
    panel = html.split('id="editor-to-do-section"')[1].split("</section>")[0]
    links = re.findall(r"<a href=\"[^\"]+\">\s*(\d+)", panel)
    assert links == ["1", "1"]


def test_review_list_takes_a_fixed_number_of_queries(cms: Client, editor: User) -> None:
    today = timezone.localdate()
    first = FaqPageFactory(title="Första", slug="forsta", entries=[FaqEntryFactory()])
    _review(first, by=today - dt.timedelta(days=5), owner=editor)

    def more() -> None:
        for n in range(4):
            page = FaqPageFactory(title=f"Sida {n}", slug=f"sida-{n}", entries=[])
            _review(page, by=today - dt.timedelta(days=n + 1), owner=user_with_role(Role.EDITOR))
        _review(HomePage.objects.get(locale__language_code="sv"), by=today - dt.timedelta(days=9))

    counts = assert_queries_do_not_grow(cms, "/cms/granskning/", more)
    assert counts.before > 0
