"""The demo e-ID provider's and the demo card reader's pages pass axe-core on a phone.

They are not the portal's pages (`manage.py demo_login_services` serves them for `make run`), so
they are rendered by the WSGI applications themselves here and opened without a server.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pytest
from axe import assert_no_axe_violations
from playwright.sync_api import Page

from vikarieportalen.demo.identity.card_reader import CARD_COOKIE, READER_PATH, DemoCardReader
from vikarieportalen.demo.identity.provider import DemoClient, DemoIdentityProvider, DemoPerson

PEOPLE = [
    DemoPerson(pin="199804042399", name="Sara Johansson", description="Timvikarie"),
    DemoPerson(
        pin="199201012383",
        name="Någon utan konto",
        description="giltig e-legitimation men inget konto i portalen",
    ),
]
REDIRECT = "http://127.0.0.1:8000/konto/e-legitimation/svar/"
AUTHORIZE = (
    f"response_type=code&client_id=demo&redirect_uri={REDIRECT}&scope=openid&state=s&nonce=n"
    "&code_challenge=abc&code_challenge_method=S256"
)


def html(app: Any, method: str, path: str, *, query: str = "", body: bytes = b"", cookie: str = "") -> str:
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_COOKIE": cookie,
    }
    chunks: Iterable[bytes] = app(environ, lambda status, headers: None)
    return b"".join(chunks).decode()


@pytest.fixture(scope="module")
def provider() -> DemoIdentityProvider:
    return DemoIdentityProvider(
        issuer="http://127.0.0.1:8001",
        client=DemoClient(client_id="demo", client_secret="s", redirect_uris=(REDIRECT,)),
        people=lambda: PEOPLE,
        pin_claim="personal_identity_number",
    )


@pytest.mark.parametrize("chosen", [None, ""], ids=["page", "nobody-chosen"])
def test_demo_e_id_page_passes_axe(
    blank_page: Page, provider: DemoIdentityProvider, chosen: str | None
) -> None:
    if chosen is None:
        content = html(provider, "GET", "/authorize", query=AUTHORIZE)
    else:
        content = html(provider, "POST", "/authorize", body=f"{AUTHORIZE}&person={chosen}".encode())
    assert "Demo – inte riktig e-legitimation" in content
    blank_page.set_content(content)
    assert_no_axe_violations(blank_page)


@pytest.mark.parametrize("state", ["empty", "card-in", "nobody-chosen"])
def test_demo_card_reader_page_passes_axe(blank_page: Page, state: str) -> None:
    reader = DemoCardReader(portal="http://127.0.0.1:8000", card_header="X-Card", people=lambda: PEOPLE)
    if state == "nobody-chosen":
        content = html(reader, "POST", READER_PATH, body=b"person=")
    else:
        cookie = f"{CARD_COOKIE}={PEOPLE[0].pin}" if state == "card-in" else ""
        content = html(reader, "GET", READER_PATH, cookie=cookie)
    assert "Demokortläsare – inte riktigt tjänstekort" in content
    blank_page.set_content(content)
    assert_no_axe_violations(blank_page)
