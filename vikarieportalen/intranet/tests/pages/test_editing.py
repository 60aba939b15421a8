"""Editors in Wagtail: permissions for drafts, previews, scheduling and moderation; the edit forms."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from wagtail.models import GroupApprovalTask, GroupPagePermission, Locale, Page, WorkflowPage

from vikarieportalen.accounts.services import role_groups_sync
from vikarieportalen.core.roles import Role
from vikarieportalen.intranet.models import HomePage, JobAdPage, NewsPage, NewsTargetArea
from vikarieportalen.intranet.services import pages_publish_scheduled
from vikarieportalen.intranet.tests.factories import (
    FaqPageFactory,
    job_ad,
    job_ad_index,
    news_index,
    news_item,
)
from vikarieportalen.staffing.models import AreaOfWork
from vikarieportalen.testing import client_logged_in, user_with_role

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")
EMPTY_RICH_TEXT = '{"blocks":[],"entityMap":{}}'


@pytest.fixture
def editor() -> object:
    role_groups_sync()
    return user_with_role(Role.EDITOR)


@pytest.fixture
def cms(editor: object) -> Client:
    return client_logged_in(editor)  # type: ignore[arg-type]


def test_editors_may_add_change_and_publish_every_page(editor: object) -> None:
    codenames = set(
        GroupPagePermission.objects.filter(group__name=Role.EDITOR.value, page__depth=1).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


def test_editors_manage_shortcuts_redirects_and_translations(editor: object) -> None:
    for permission in (
        "intranet.add_shortcut",
        "intranet.change_shortcut",
        "wagtailredirects.add_redirect",
        "simple_translation.submit_translation",
    ):
        assert editor.has_perm(permission), permission  # type: ignore[attr-defined]


def test_default_moderation_workflow_covers_every_page_and_editors_approve(editor: object) -> None:
    root = Page.get_first_root_node()
    assigned = WorkflowPage.objects.get(page=root)
    assert assigned.workflow.active
    tasks = GroupApprovalTask.objects.filter(workflow_tasks__workflow=assigned.workflow)
    assert tasks.exists()
    assert all(task.groups.filter(name=Role.EDITOR.value).exists() for task in tasks)
    role_groups_sync()  # again: nothing doubles
    assert WorkflowPage.objects.filter(page=root).count() == 1


def test_moderation_workflow_is_recreated_when_removed() -> None:
    WorkflowPage.objects.all().delete()
    role_groups_sync()
    assigned = WorkflowPage.objects.get(page=Page.get_first_root_node())
    task = GroupApprovalTask.objects.get(workflow_tasks__workflow=assigned.workflow)
    assert list(task.groups.values_list("name", flat=True)) == [Role.EDITOR.value]


def test_a_draft_submitted_for_moderation_is_published_when_an_editor_approves(editor: object) -> None:
    author = user_with_role(Role.EDITOR)
    page = news_item(title="Utkast till nyhet", publish=False)
    workflow = page.get_workflow()
    assert workflow is not None
    state = workflow.start(page, author)
    page.refresh_from_db()
    assert not page.live
    task_state = state.current_task_state
    task = task_state.task.specific
    assert "approve" in [name for name, *_rest in task.get_actions(page, editor)]
    task.on_action(task_state, editor, "approve")
    page.refresh_from_db()
    assert page.live


def test_scheduled_news_goes_live_when_its_time_comes() -> None:
    page = news_item(title="Schemalagd", publish=False)
    go_live = dt.datetime(2026, 6, 1, 8, 0, tzinfo=STOCKHOLM)
    with time_machine.travel(go_live - dt.timedelta(days=1), tick=False):
        page.save_revision(approved_go_live_at=go_live)
        pages_publish_scheduled()
        page.refresh_from_db()
        assert not page.live
    with time_machine.travel(go_live + dt.timedelta(minutes=1), tick=False):
        pages_publish_scheduled()
        page.refresh_from_db()
        assert page.live


def test_scheduled_publishing_runs_from_the_scheduler() -> None:
    from vikarieportalen.notifications.jobs.scheduler import JOBS

    assert "intranet.publish_scheduled" in {job.name for job in JOBS}


# ---------------------------------------------------------------------------------------------
# The editor's forms and previews


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: HomePage.objects.get(locale__language_code="sv"), id="home"),
        pytest.param(FaqPageFactory, id="faq"),
        pytest.param(news_index, id="news-index"),
        pytest.param(lambda: news_item(areas=[AreaOfWork.SCHOOL]), id="news"),
        pytest.param(job_ad_index, id="job-ad-index"),
        pytest.param(job_ad, id="job-ad"),
    ],
)
def test_edit_form_opens_and_has_the_stewardship_fields(cms: Client, make: object) -> None:
    page = make()  # type: ignore[operator]
    response = cms.get(f"/cms/pages/{page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="page_owner"' in response.text
    assert 'name="review_by"' in response.text


def test_news_edit_form_shows_target_areas_as_checkboxes(cms: Client) -> None:
    page = news_item(areas=[AreaOfWork.SCHOOL])
    text = cms.get(f"/cms/pages/{page.pk}/edit/").text
    boxes = re.findall(r'<input type="checkbox" name="areas" value="(\w+)"[^>]*?( checked)?>', text)
    assert [value for value, _checked in boxes] == list(AreaOfWork.values)
    assert [value for value, checked in boxes if checked] == ["school"]


def test_editor_creates_aimed_news_through_the_cms(cms: Client) -> None:
    index = news_index()
    data = {
        "title": "Studiedag i skolorna",
        "slug": "studiedag-i-skolorna",
        "date": "2026-05-04",
        "intro": "Alla skolor har studiedag.",
        "body": EMPTY_RICH_TEXT,
        "areas": [AreaOfWork.SCHOOL, AreaOfWork.PRESCHOOL],
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    response = cms.post(f"/cms/pages/add/intranet/newspage/{index.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = NewsPage.objects.get(slug="studiedag-i-skolorna")
    assert page.live
    assert set(NewsTargetArea.objects.filter(page=page).values_list("area", flat=True)) == {
        "school",
        "preschool",
    }


def test_editor_cannot_save_a_job_ad_without_workplace(cms: Client) -> None:
    index = job_ad_index()
    data = {
        "title": "Kock",
        "slug": "kock",
        "workplace": "",
        "workplace_text": "",
        "extent": "Heltid",
        "last_application_date": "2026-05-04",
        "body": EMPTY_RICH_TEXT,
        "how_to_apply": EMPTY_RICH_TEXT,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    response = cms.post(f"/cms/pages/add/intranet/jobadpage/{index.pk}/", data)
    assert response.status_code == 200
    assert not JobAdPage.objects.filter(slug="kock").exists()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: news_item(title="Förhandsvisad nyhet", publish=False), id="news-draft"),
        pytest.param(lambda: job_ad(title="Förhandsvisad annons"), id="job-ad"),
        pytest.param(lambda: HomePage.objects.get(locale__language_code="sv"), id="home"),
    ],
)
def test_preview_renders(make: object) -> None:
    page = make()  # type: ignore[operator]
    response = page.make_preview_request()
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_preview_through_the_cms_renders_the_unsaved_text(cms: Client) -> None:
    page = news_item(title="Före", publish=False)
    data = {
        "title": "Efter ändringen",
        "slug": page.slug,
        "date": "2026-05-04",
        "intro": "Ny ingress i förhandsvisningen.",
        "body": EMPTY_RICH_TEXT,
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    url = f"/cms/pages/{page.pk}/edit/preview/"
    posted = cms.post(url, data)
    assert posted.status_code == 200
    assert posted.json()["is_valid"]
    preview = cms.get(url)
    assert preview.status_code == 200
    assert "Ny ingress i förhandsvisningen." in preview.text
    page.refresh_from_db()
    assert page.title == "Före"  # nothing saved


def test_aimed_news_preview_renders_whatever_the_areas(cms: Client) -> None:
    page = news_item(title="Riktad", areas=[AreaOfWork.HOME_CARE], publish=False)
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Riktad" in response.content.decode()


def test_editor_translates_a_section_into_english_through_the_cms(cms: Client) -> None:
    # Every installation has the English start page (migration 0007), so the section is translated.
    item = news_item(title="Översätt mig")
    section = item.get_parent()
    english = Locale.objects.get(language_code="en")
    response = cms.post(
        f"/cms/translation/submit/page/{section.pk}/", {"locales": [english.pk], "include_subtree": "on"}
    )
    assert response.status_code == 302
    translated = item.get_translation(english)
    # A copy to translate, unpublished until the editor publishes it.
    assert translated.title == "Översätt mig"
    assert not translated.live
    assert cms.get(f"/cms/pages/{translated.pk}/edit/").status_code == 200
