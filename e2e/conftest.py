"""Browser tests against a real server: gunicorn on a throwaway SQLite database, headless Chromium.

See server.py for how the server is built. The tests talk to it over HTTP only and never touch
Django's database, so pytest-django's `db` fixture is neither needed nor used (pytest-django still
loads, configures config.settings.test in this process, and stays out of the way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from server import launch_chromium, running_portal
from support import DEMO_PASSWORD, DEMO_USERS, PHONE, log_in


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """The URL of a real gunicorn serving a freshly seeded demo municipality."""
    with running_portal() as url:
        yield url


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = launch_chromium(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def login_states(browser: Browser, base_url: str) -> Callable[[str], dict[str, Any]]:
    """Cookies of a logged-in demo user, logged in once per session through the real form."""
    cache: dict[str, dict[str, Any]] = {}

    def state(username: str) -> dict[str, Any]:
        if username not in cache:
            context = browser.new_context(base_url=base_url, viewport=PHONE)
            log_in(context.new_page(), username)
            cache[username] = context.storage_state()
            context.close()
        return cache[username]

    return state


@pytest.fixture
def new_context(
    browser: Browser, base_url: str, login_states: Callable[[str], dict[str, Any]]
) -> Iterator[Callable[..., BrowserContext]]:
    """Makes browser contexts (own cookies), phone-sized and Swedish unless told otherwise.

    `new_context(user="manager", language="en", viewport={...})`: `user` is a DEMO_USERS key or a
    username and reuses a session logged in through the form; `language` sets the language cookie
    the header's language button would set.
    """
    contexts: list[BrowserContext] = []

    def make(*, user: str | None = None, language: str | None = None, **options: Any) -> BrowserContext:
        options.setdefault("viewport", PHONE)
        options.setdefault("base_url", base_url)
        options.setdefault("locale", "sv-SE")
        if user is not None:
            options.setdefault("storage_state", login_states(DEMO_USERS.get(user, user)))
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        if language is not None:
            context.add_cookies([{"name": "vp_language", "value": language, "url": base_url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    """A phone-sized page (375 × 812), anonymous, Swedish."""
    return new_context().new_page()


@pytest.fixture
def blank_page(browser: Browser) -> Iterator[Page]:
    """A page with no server behind it, for page.set_content()."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def login() -> Callable[..., None]:
    """`login(page, "JOSA9804")` logs in through the form; DEMO_USERS keys ("manager") work too."""

    def do(page: Page, who: str, password: str = DEMO_PASSWORD) -> None:
        log_in(page, DEMO_USERS.get(who, who), password)

    return do
