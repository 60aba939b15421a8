"""The installable portal over HTTP (issue 19): the manifest, the service worker, the offline page,
the user key that keeps the worker's copies apart, the log-out that clears them, the phone's shell."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.core.web.navigation import bottom_nav_for
from vikarieportalen.intranet.tests.factories import NoticeFactory
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, substitute_ready_for
from vikarieportalen.testing import client_from, client_logged_in

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.9"


def _vp_config(body: str) -> dict[str, object]:
    first_line = body.split("\n", 1)[0]
    assert first_line.startswith("var VP = ") and first_line.endswith(";")
    config: dict[str, object] = json.loads(first_line.removeprefix("var VP = ").removesuffix(";"))
    return config


def test_the_manifest_is_served_as_a_manifest_with_what_an_install_needs() -> None:
    response = client_from(OUTSIDE).get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["short_name"] == "Vikarieportalen"
    assert manifest["name"].startswith("Vikarieportalen")
    assert manifest["display"] == "standalone"
    assert manifest["start_url"].startswith("/")
    assert manifest["theme_color"] == "#0b4f8a"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


@pytest.mark.parametrize(
    ("name", "size"),
    [("img/icon-192.png", 192), ("img/icon-512.png", 512), ("img/icon-maskable-512.png", 512)],
)
def test_the_icons_are_pngs_of_their_size(name: str, size: int) -> None:
    path = finders.find(name)
    assert path
    with Image.open(str(path)) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)


def test_every_page_links_the_manifest_and_the_shell_script() -> None:
    html = client_from(OUTSIDE).get(reverse("accounts:login")).text
    assert f'<link rel="manifest" href="{reverse("web_manifest")}">' in html
    assert re.search(r'<script src="[^"]*js/shell[^"]*\.js" defer data-sw="/sw\.js"></script>', html)


def test_the_service_worker_is_javascript_at_the_root_never_cached() -> None:
    response = client_from(OUTSIDE).get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    config = _vp_config(body)
    assert config["offline"] == "/offline/"
    assert config["logout"] == reverse("accounts:logout")
    assert 'self.addEventListener("fetch"' in body


def test_the_worker_keeps_mina_pass_and_bookings_only() -> None:
    config = _vp_config(client_from(OUTSIDE).get("/sw.js").content.decode())
    patterns = [re.compile(pattern.replace("\\/", "/")) for pattern in config["pages"]]  # type: ignore[attr-defined]

    def kept(path: str) -> bool:
        return any(pattern.search(path) for pattern in patterns)

    assert kept(reverse("staffing:my_bookings"))
    assert kept(reverse("staffing:my_booking", args=[12]))
    assert not kept(reverse("staffing:my_booking_cancel", args=[12]))
    assert not kept(reverse("staffing:my_calendar_feed"))
    assert not kept(reverse("accounts:profile"))
    assert not kept("/")


def test_the_worker_changes_version_with_its_settings() -> None:
    # The version names the static cache: a release with other static files installs afresh.
    config = _vp_config(client_from(OUTSIDE).get("/sw.js").content.decode())
    assert re.fullmatch(r"[0-9a-f]{12}", str(config["version"]))


def test_the_offline_page_says_so_in_swedish_and_names_nobody() -> None:
    response = client_from(OUTSIDE).get("/offline/")
    assert response.status_code == 200
    assert "Du är offline" in response.text
    assert 'name="vp-user"' not in response.text


def test_a_logged_in_page_carries_a_user_key_that_differs_per_person_and_hides_the_id() -> None:
    first, second = SubstituteFactory(), SubstituteFactory()
    keys = []
    for person in (first, second):
        html = client_logged_in(person).get(reverse("staffing:my_bookings")).text
        match = re.search(r'<meta name="vp-user" content="([0-9a-f]{24})">', html)
        assert match, "the worker needs the key to keep this person's copies apart"
        keys.append(match.group(1))
    assert keys[0] != keys[1]
    # The same person gets the same key (the copies survive a new login).
    again = client_logged_in(first).get("/").text
    assert f'content="{keys[0]}"' in again
    assert 'name="vp-user"' not in client_from(OUTSIDE).get(reverse("accounts:login")).text


def test_log_out_tells_the_browser_to_clear_its_cache() -> None:
    client = client_logged_in(SubstituteFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache"'
    assert 'name="vp-user"' not in client.get(reverse("accounts:login")).text


# --- the phone's shell -----------------------------------------------------------------------------


def _offer_for(person_ready: bool = True):  # type: ignore[no-untyped-def]
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    shift = ShiftFactory(starts_at=start, ends_at=start + dt.timedelta(hours=4), workplace__name="Solrosen")
    person = substitute_ready_for(shift)
    offer = offers.offer_send(shifts=[shift], by=StaffingCentreFactory(), substitutes=[person]).offers[0]
    return person, offer


def test_a_substitute_gets_the_bottom_bar_with_the_count_of_open_offers() -> None:
    person, _offer = _offer_for()
    items = bottom_nav_for(person, "/bemanning/mina-pass/")
    assert [str(item.label) for item in items] == ["Pass", "Förfrågningar", "Tillgänglighet", "Mer"]
    assert [item.badge for item in items] == [0, 1, 0, 0]
    assert [item.current for item in items] == [True, False, False, False]
    assert items[-1].opens_menu and items[-1].url == "#site-menu-panel"
    html = client_logged_in(person).get("/").text
    nav = html.split('class="bottom-nav"')[1].split("</nav>")[0]
    assert "Förfrågningar" in nav and 'class="bottom-nav__badge">1<' in nav


def test_staff_get_no_bottom_bar() -> None:
    staff = StaffingCentreFactory()
    assert bottom_nav_for(staff, "/") == []
    assert 'class="bottom-nav"' not in client_logged_in(staff).get("/").text


def test_the_header_menu_button_is_a_link_to_the_panel_without_javascript() -> None:
    html = client_from(OUTSIDE).get(reverse("accounts:login")).text
    assert '<a class="menu-button" href="#site-menu-panel" id="site-menu-button" data-menu-toggle>' in html
    assert 'id="site-menu-panel"' in html


def test_the_start_page_shows_for_you_first_with_one_tap_answers_then_notices() -> None:
    person, offer = _offer_for()
    BookingFactory(substitute=person)
    NoticeFactory(title="Strömavbrott i Centrum")
    html = client_logged_in(person).get("/").text
    for_you = html.index('id="personal-panel"')
    assert for_you < html.index('id="notices-heading"') < html.index("Välkommen")
    assert html.index('id="open-offers"') < html.index('id="next-booking"')
    form = html.split('id="open-offers"')[1].split("</form>")[0]
    assert f'action="{reverse("offers:page", args=[offer.token])}"' in form
    assert 'name="answer" value="accept"' in form and 'name="answer" value="decline"' in form
    assert 'data-confirm="Ta passet' in form


def test_a_one_tap_answer_goes_through_the_offer_page() -> None:
    person, offer = _offer_for()
    response = client_logged_in(person).post(reverse("offers:page", args=[offer.token]), {"answer": "accept"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted"
