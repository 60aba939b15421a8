"""A substitute on a phone reads the news, searches the intranet and opens an internal job ad."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import BrowserContext, Page, expect


def test_substitute_reads_news_from_the_start_page(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="substitute").new_page()
    page.goto("/")
    news = page.locator("section[aria-labelledby=news-heading]")
    expect(news.get_by_role("heading", name="Vikarieportalen flyttar till internwebben")).to_be_visible()
    news.get_by_role("link", name="Vikarieportalen flyttar till internwebben").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vikarieportalen flyttar till internwebben")
    page.locator("main a[href='/nyheter/']").click()  # "all news"
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyheter")
    expect(page.locator("article.news-item").first).to_be_visible()
    assert page.locator("article.news-item").count() >= 8
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 375, "no sideways scrolling"


def test_substitute_searches_and_opens_an_internal_job_ad(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(user="substitute").new_page()
    page.goto("/")
    page.get_by_role("button", name="Meny").click()  # on a phone the search is in the menu
    search = page.locator(".site-header form[role=search]")
    search.get_by_role("searchbox").fill("barnskötare")
    search.get_by_role("button").click()
    expect(page.locator("#search-summary")).to_be_visible()
    assert "/intranat/sok/?q=" in page.url
    page.locator(".search-results").get_by_role("link", name="Barnskötare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Barnskötare")
    expect(page.locator("#how-to-apply")).to_be_visible()
    expect(page.locator("#job-ad-closed")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Förskolan Ugglan")


def test_closed_job_ad_is_not_listed_and_says_it_has_closed(page: Page) -> None:
    page.goto("/lediga-jobb/")
    titles = page.locator("article.job-ad-item h2").all_inner_texts()
    assert len(titles) == 5
    assert "Kock" not in titles
    page.goto("/lediga-jobb/kock-kvarnbacken/")
    expect(page.locator("#job-ad-closed")).to_be_visible()
    expect(page.locator("#how-to-apply")).to_have_count(0)


def test_external_shortcuts_open_without_opener(page: Page) -> None:
    # The example system is not on the network: the browser gets a stand-in page for it.
    page.context.route(
        "https://webmail.example-kommun.se/**",
        lambda route: route.fulfill(body="<title>Webbmejl</title>", content_type="text/html"),
    )
    page.goto("/")
    webmail = page.locator(".shortcuts").get_by_role("link", name="Webbmejl")
    expect(webmail).to_have_attribute("target", "_blank")
    expect(webmail).to_have_attribute("rel", "noopener noreferrer")
    with page.context.expect_page() as popup_info:
        webmail.click()
    popup = popup_info.value
    assert popup.evaluate("() => window.opener") is None
    popup.close()
    mine = page.locator(".shortcuts").get_by_role("link", name="Mina pass")
    expect(mine).not_to_have_attribute("target", "_blank")


def test_language_button_leads_to_the_english_start_page(page: Page) -> None:
    page.goto("/")
    page.locator(".site-header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Substitute portal")
    page.locator(".site-header").get_by_role("button", name="Svenska").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vikarieportalen")
    assert not page.url.endswith("/en/")


def test_old_portal_address_leads_to_the_new_start_page(page: Page) -> None:
    page.goto("/jobb-och-utbildning/timvikarie/vikarieportalen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vikarieportalen")
