"""The demo card reader passes the chosen demo card to the portal in the trusted header, as the
municipality's reverse proxy does with a real staff card, and never a header the browser sent."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import httpx
import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import StaffingCentreFactory
from vikarieportalen.demo.identity.card_reader import (
    CARD_COOKIE,
    READER_PATH,
    STAFF_CARD_LOGIN_PATH,
    DemoCardReader,
    forwarded_headers,
)
from vikarieportalen.demo.identity.provider import DemoPerson

HEADER = "X-Client-Cert-Subject-Serial"
NADIA = DemoPerson(pin="199001272385", name="Nadia Rahimi", description="Bemanningscentrum")


def call(
    app: DemoCardReader, method: str, path: str, *, body: bytes = b"", **headers: str
) -> tuple[str, dict[str, list[str]], bytes]:
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded" if body else "",
        "wsgi.input": io.BytesIO(body),
        **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()},
    }
    answer: dict[str, Any] = {}

    def start_response(status: str, response_headers: list[tuple[str, str]]) -> None:
        answer["status"] = status
        answer["headers"] = {}
        for name, value in response_headers:
            answer["headers"].setdefault(name.lower(), []).append(value)

    chunks: Iterable[bytes] = app(environ, start_response)
    return answer["status"], answer["headers"], b"".join(chunks)


@pytest.fixture
def seen() -> list[httpx.Request]:
    return []


@pytest.fixture
def reader(seen: list[httpx.Request]) -> DemoCardReader:
    def portal(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            302,
            headers=[
                ("Location", "/"),
                ("Set-Cookie", "a=1"),
                ("Set-Cookie", "b=2"),
                ("Connection", "close"),
            ],
        )

    return DemoCardReader(
        portal="http://portal.test",
        card_header=HEADER,
        people=lambda: [NADIA],
        transport=httpx.MockTransport(portal),
    )


def test_the_chosen_card_goes_to_the_portal_in_the_header_and_a_forged_one_is_dropped(
    reader: DemoCardReader, seen: list[httpx.Request]
) -> None:
    status, headers, _body = call(reader, "POST", READER_PATH, body=f"person={NADIA.pin}".encode())
    assert status.startswith("303") and headers["location"] == [STAFF_CARD_LOGIN_PATH]
    cookie = headers["set-cookie"][0].split(";")[0]
    assert cookie == f"{CARD_COOKIE}={NADIA.pin}"

    status, headers, _body = call(
        reader, "POST", STAFF_CARD_LOGIN_PATH, body=b"next=", Cookie=cookie, Host="127.0.0.1:8002"
    )
    assert status == "302 Found" and headers["set-cookie"] == ["a=1", "b=2"] and "connection" not in headers
    forwarded = seen[-1]
    assert forwarded.url == "http://portal.test/konto/tjanstekort/" and forwarded.content == b"next="
    assert forwarded.headers[HEADER] == NADIA.pin and forwarded.headers["host"] == "127.0.0.1:8002"

    call(reader, "GET", "/", **{HEADER: "197001239297"})  # no card in the reader, a forged header
    assert HEADER not in seen[-1].headers


def test_a_number_not_offered_is_not_put_in_the_header(
    reader: DemoCardReader, seen: list[httpx.Request]
) -> None:
    call(reader, "GET", "/", Cookie=f"{CARD_COOKIE}=197001239297")
    assert HEADER not in seen[-1].headers


def test_choosing_no_card_says_so_in_swedish(reader: DemoCardReader) -> None:
    status, headers, body = call(reader, "POST", READER_PATH, body=b"person=")
    page = body.decode()
    assert status.startswith("400") and "set-cookie" not in headers
    assert "Välj vems demotjänstekort som ska sättas i läsaren." in page and 'role="alert"' in page
    assert "Demokortläsare – inte riktigt tjänstekort" in page


def test_taking_the_card_out_clears_it(reader: DemoCardReader) -> None:
    _status, headers, _body = call(reader, "POST", READER_PATH, body=b"remove=1")
    assert "Max-Age=0" in headers["set-cookie"][0]


def test_hop_by_hop_headers_are_not_forwarded() -> None:
    sent = [("Connection", "keep-alive"), ("Accept-Encoding", "gzip"), ("x-client-cert-subject-serial", "x")]
    assert forwarded_headers(sent, card_header=HEADER, card_pin="") == []


@pytest.mark.django_db
def test_the_portal_believes_the_header_from_the_card_readers_address(settings) -> None:  # type: ignore[no-untyped-def]
    """What `make run` sets up: STAFF_CARD_PROXIES=127.0.0.1, where the demo card reader runs."""
    settings.STAFF_CARD_PROXIES = ["127.0.0.1"]
    nadia = StaffingCentreFactory(personal_identity_number=NADIA.pin)
    client = Client(REMOTE_ADDR="127.0.0.1", headers={HEADER: NADIA.pin})
    response = client.post(STAFF_CARD_LOGIN_PATH, {"next": "/"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(nadia.pk)
