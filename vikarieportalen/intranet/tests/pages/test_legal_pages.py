"""The pages the law requires (migration 0007), the footer's links to them, and rich text that can
embed nothing from other sites."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Page

from vikarieportalen.accounts.services import role_groups_sync
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.intranet import demo_intranet_load
from vikarieportalen.feedback.selectors import page_review_overdue_list
from vikarieportalen.intranet.models import HomePage, LegalPage
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    OUTSIDE_ADDRESS,
    client_from,
    client_logged_in,
    user_with_role,
)

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("vikarieportalen.intranet.migrations.0007_create_legal_pages")
SWEDISH_LINKS = ["/tillganglighetsredogorelse/", "/behandling-av-personuppgifter/", "/kakor/"]
ENGLISH_LINKS = ["/en/accessibility-statement/", "/en/personal-data/", "/en/cookies/"]


def migration_apps() -> Apps:
    """The models as migration 0007 sees them (what running it again on a database uses)."""
    return MigrationExecutor(connection).loader.project_state(("intranet", "0007_create_legal_pages")).apps


def legal_page(key: Any, language_code: str) -> LegalPage:
    return LegalPage.objects.get(translation_key=key, locale__language_code=language_code)


def footer_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of the legal links in the page's footer."""
    footer = re.search(r'<nav class="site-footer__legal".*?</nav>', html, re.DOTALL)
    assert footer is not None, "no legal links in the footer"
    return [
        (href, re.sub(r"\s+", " ", text).strip())
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', footer.group(0), re.DOTALL)
    ]


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# ---------------------------------------------------------------------------------------------
# The migration


def test_migration_makes_the_three_pages_in_swedish_and_english() -> None:
    home = HomePage.objects.get(locale__language_code="sv")
    english_home = home.get_translation(Locale.objects.get(language_code="en"))
    assert english_home.live
    assert english_home.url == "/en/"
    for key, (sv_title, _sv_slug, _sv_body), (en_title, _en_slug, _en_body) in MIGRATION.LEGAL_PAGES:
        swedish, translated = legal_page(key, "sv"), legal_page(key, "en")
        assert (swedish.title, translated.title) == (sv_title, en_title)
        assert swedish.live and translated.live
        assert swedish.get_parent().pk == home.pk
        assert translated.get_parent().pk == english_home.pk
    assert [page.url for page in LegalPage.objects.filter(locale__language_code="sv")] == SWEDISH_LINKS
    assert [page.url for page in LegalPage.objects.filter(locale__language_code="en")] == ENGLISH_LINKS


def test_legal_pages_are_in_the_editors_review_list_from_the_next_day() -> None:
    today = timezone.localdate()
    legal = set(LegalPage.objects.values_list("pk", flat=True))
    assert not legal & set(page_review_overdue_list(today=today).values_list("pk", flat=True))
    tomorrow = today + dt.timedelta(days=1)
    assert legal <= set(page_review_overdue_list(today=tomorrow).values_list("pk", flat=True))


def test_running_the_migration_again_makes_nothing_twice() -> None:
    pages = Page.objects.count()
    MIGRATION.create_legal_pages(migration_apps(), None)
    MIGRATION.create_legal_pages(migration_apps(), None)
    assert Page.objects.count() == pages
    assert LegalPage.objects.count() == 6
    assert HomePage.objects.count() == 2


def test_running_the_migration_again_remakes_only_a_missing_page() -> None:
    legal_page(MIGRATION.COOKIES_KEY, "en").delete()
    pages = Page.objects.count()
    MIGRATION.create_legal_pages(migration_apps(), None)
    assert Page.objects.count() == pages + 1
    remade = legal_page(MIGRATION.COOKIES_KEY, "en")
    assert remade.url == "/en/cookies/"
    assert Page.objects.get(pk=remade.get_parent().pk).numchild == 3
    assert "__Host-sessionid" in remade.body


def test_demo_after_the_migration_adds_no_legal_or_start_pages_and_shows_them(inside: Client) -> None:
    role_groups_sync()
    user_with_role(Role.EDITOR)
    for _run in range(2):
        demo_intranet_load(count=lambda _what, _created: None)
    assert LegalPage.objects.count() == 6
    assert HomePage.objects.count() == 2
    assert [href for href, _text in footer_links(inside.get("/").text)] == SWEDISH_LINKS
    assert [href for href, _text in footer_links(inside.get("/en/").text)] == ENGLISH_LINKS


def test_an_editor_opens_a_legal_page_in_the_cms() -> None:
    role_groups_sync()
    cms = client_logged_in(user_with_role(Role.EDITOR))
    response = cms.get(f"/cms/pages/{legal_page(MIGRATION.PRIVACY_KEY, 'sv').pk}/edit/")
    assert response.status_code == 200
    assert 'name="review_by"' in response.text


# ---------------------------------------------------------------------------------------------
# The footer


@pytest.fixture
def inside() -> Client:
    return client_from(INSIDE_ADDRESS)


@pytest.fixture
def outside() -> Client:
    return client_from(OUTSIDE_ADDRESS)


def test_footer_of_a_portal_page_links_the_legal_pages_in_swedish(outside: Client) -> None:
    html = outside.get("/konto/logga-in/").text
    assert '<nav class="site-footer__legal" aria-label="Om webbplatsen">' in html
    links = footer_links(html)
    assert links == [
        ("/tillganglighetsredogorelse/", "Tillgänglighetsredogörelse"),
        ("/behandling-av-personuppgifter/", "Behandling av personuppgifter"),
        ("/kakor/", "Kakor (cookies)"),
    ]


def test_footer_of_a_portal_page_links_the_english_pages_in_english(outside: Client) -> None:
    links = footer_links(english(outside).get("/konto/logga-in/").text)
    assert links == [
        ("/en/accessibility-statement/", "Accessibility statement"),
        ("/en/personal-data/", "Processing of personal data"),
        ("/en/cookies/", "Cookies"),
    ]


def test_footer_of_an_intranet_page_links_the_pages_in_its_language(inside: Client) -> None:
    assert [href for href, _text in footer_links(inside.get("/").text)] == SWEDISH_LINKS
    assert [href for href, _text in footer_links(inside.get("/en/").text)] == ENGLISH_LINKS
    # A Swedish page read with English menus: the footer follows the menus.
    assert [href for href, _text in footer_links(english(inside).get("/").text)] == ENGLISH_LINKS


def test_footer_falls_back_to_the_swedish_page_marked_as_swedish(outside: Client) -> None:
    legal_page(MIGRATION.COOKIES_KEY, "en").unpublish()
    html = english(outside).get("/konto/logga-in/").text
    assert [href for href, _text in footer_links(html)] == [*ENGLISH_LINKS[:2], "/kakor/"]
    assert '<a href="/kakor/" lang="sv">' in html


def test_footer_leaves_out_an_unpublished_page(outside: Client) -> None:
    legal_page(MIGRATION.ACCESSIBILITY_KEY, "sv").unpublish()
    assert [href for href, _text in footer_links(outside.get("/konto/logga-in/").text)] == SWEDISH_LINKS[1:]


def test_legal_pages_are_readable_outside_the_network_without_login(outside: Client) -> None:
    for url, words in (("/kakor/", "Kakor som Vikarieportalen använder"), ("/en/cookies/", "Cookies the")):
        response = outside.get(url)
        assert response.status_code == 200
        assert words in response.text
    # The rest of the intranet still asks for login.
    assert outside.get("/").status_code == 302


def test_start_page_lists_no_legal_page_among_its_sections(inside: Client) -> None:
    sections = re.search(
        r'<section aria-labelledby="sections-heading".*?</section>', inside.get("/").text, re.S
    )
    assert sections is None or "/kakor/" not in sections.group(0)


# ---------------------------------------------------------------------------------------------
# The cookies page names every cookie the portal sets


def production_cookie_names() -> dict[str, str]:
    """The *_COOKIE_NAME settings production sets (read from its file: importing it needs secrets)."""
    tree = ast.parse((Path(settings.BASE_DIR) / "config" / "settings" / "production.py").read_text())
    return {
        node.targets[0].id: node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id.endswith("_COOKIE_NAME")
        and isinstance(node.value, ast.Constant)
    }


def every_cookie_name() -> set[str]:
    """Each *_COOKIE_NAME setting (Django's defaults included) as production has it, and messages'."""
    production = production_cookie_names()
    assert {"SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME"} <= production.keys()
    names = {
        production.get(name, getattr(settings, name))
        for name in dir(settings)
        if name.endswith("_COOKIE_NAME")
    }
    assert settings.LANGUAGE_COOKIE_NAME in names
    # Django's messages are kept in a cookie first (the default FallbackStorage).
    assert settings.MESSAGE_STORAGE.endswith("FallbackStorage")
    return {*names, CookieStorage.cookie_name}


@pytest.mark.parametrize("language_code", ["sv", "en"])
def test_cookies_page_names_every_cookie_the_settings_set(language_code: str) -> None:
    body = legal_page(MIGRATION.COOKIES_KEY, language_code).body
    missing = {name for name in every_cookie_name() if f"<strong>{name}</strong>" not in body}
    assert not missing, f"the cookies page does not name {missing}"


# ---------------------------------------------------------------------------------------------
# Rich text: nothing embedded from other sites


def _stream_blocks(block: blocks.Block) -> Iterator[blocks.Block]:
    yield block
    for child in getattr(block, "child_blocks", {}).values():
        yield from _stream_blocks(child)
    child = getattr(block, "child_block", None)
    if child is not None:
        yield from _stream_blocks(child)


def rich_text_features() -> dict[str, list[str]]:
    """The editor's features of every rich text field and block in the intranet and the trainings."""
    found: dict[str, list[str]] = {}
    for label in ("intranet", "trainings"):
        for model in django_apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                name = f"{model.__name__}.{field.name}"
                if isinstance(field, RichTextField):
                    found[name] = list(field.formfield().widget.features)
                elif isinstance(field, StreamField):
                    for block in _stream_blocks(field.stream_block):
                        assert type(block).__name__ != "EmbedBlock", f"{name} has an embed block"
                        if isinstance(block, blocks.RichTextBlock):
                            found[f"{name}.{block.name}"] = list(block.field.widget.features)
    return found


def test_no_rich_text_can_embed_anything() -> None:
    features = rich_text_features()
    assert "LegalPage.body" in features and "NewsPage.body" in features
    assert any(".sections." in name for name in features)  # the trainings' text sections were seen
    assert {name: f for name, f in features.items() if "embed" in f} == {}
    assert "wagtail.embeds" not in settings.INSTALLED_APPS


def test_an_embed_or_iframe_sent_to_the_cms_is_not_saved() -> None:
    role_groups_sync()
    cms = client_logged_in(user_with_role(Role.EDITOR))
    page = legal_page(MIGRATION.COOKIES_KEY, "sv")
    iframe = "<iframe src='https://video.example.com/embed/1'></iframe>"
    body = {
        "blocks": [
            {"key": "a", "text": f"Film: {iframe}", "type": "unstyled", "depth": 0},
            {
                "key": "b",
                "text": " ",
                "type": "atomic",
                "depth": 0,
                "entityRanges": [{"offset": 0, "length": 1, "key": 0}],
            },
        ],
        "entityMap": {
            "0": {
                "type": "EMBED",
                "mutability": "IMMUTABLE",
                "data": {"url": "https://video.example.com/1", "html": iframe},
            }
        },
    }
    data = {
        "title": page.title,
        "slug": page.slug,
        "body": json.dumps(body),
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "publish",
    }
    response = cms.post(f"/cms/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert "Film:" in page.body  # saved, as text
    assert "<iframe" not in page.body and "<embed" not in page.body
    assert "video.example.com/1" not in page.body


def test_an_outside_visitor_reads_a_legal_page_without_a_feedback_box_they_could_not_send(
    inside: Client,
) -> None:
    """Anyone may read the legal pages, but only those who may read the intranet may answer the box."""
    outsider = client_from(OUTSIDE_ADDRESS).get(SWEDISH_LINKS[1])
    assert outsider.status_code == 200
    assert 'id="sidrespons"' not in outsider.text
    assert 'id="sidrespons"' in inside.get(SWEDISH_LINKS[1]).text
