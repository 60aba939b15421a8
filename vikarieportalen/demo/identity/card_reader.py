"""The demo card reader: the portal as a municipal computer with a staff card reader sees it.

In production a reverse proxy checks the staff card's client certificate and passes the holder's
personal identity number to the portal in STAFF_CARD_HEADER; the portal believes the header only
from STAFF_CARD_PROXIES. This small proxy plays that part for `make run`: it forwards every request
to the portal, drops any such header the browser sent, and adds it for the demo card "in the
reader", which the visitor picks on its own page (a cookie remembers the choice). Never in
production: there is no certificate, only a choice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

import httpx
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from vikarieportalen.demo.identity.provider import DemoPerson
from vikarieportalen.demo.identity.wsgi import Environ, StartResponse, form_data, request_body, respond

READER_PATH = "/demo-kortlasare/"
CARD_COOKIE = "vp_demo_staff_card"
STAFF_CARD_LOGIN_PATH = "/konto/tjanstekort/"
# Hop-by-hop headers (RFC 9110, 7.6.1) stay on their own connection; the body is sent whole.
NOT_FORWARDED = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "content-encoding",
    "accept-encoding",
}


def environ_headers(environ: Environ) -> list[tuple[str, str]]:
    """The request's headers as the browser sent them, from a WSGI environ."""
    headers = [
        (key[5:].replace("_", "-").title(), str(value))
        for key, value in environ.items()
        if key.startswith("HTTP_")
    ]
    for key, name in (("CONTENT_TYPE", "Content-Type"), ("CONTENT_LENGTH", "Content-Length")):
        if environ.get(key):
            headers.append((name, str(environ[key])))
    return headers


def forwarded_headers(
    headers: list[tuple[str, str]], *, card_header: str, card_pin: str
) -> list[tuple[str, str]]:
    """The headers to pass on: without hop-by-hop ones and without any card header the browser
    sent; with the card header when a demo card is in the reader."""
    kept = [
        (name, value)
        for name, value in headers
        if name.lower() not in NOT_FORWARDED and name.lower() != card_header.lower()
    ]
    if card_pin:
        kept.append((card_header, card_pin))
    return kept


class DemoCardReader:
    """The WSGI application: its own page at READER_PATH, everything else forwarded to ``portal``."""

    def __init__(
        self,
        *,
        portal: str,
        card_header: str,
        people: Callable[[], list[DemoPerson]],
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.portal = portal.rstrip("/")
        self.card_header = card_header
        self.people = people
        self.http = httpx.Client(timeout=60, follow_redirects=False, transport=transport)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == READER_PATH:
            return self._reader(environ, start_response)
        return self._forward(environ, start_response)

    def card_in_reader(self, environ: Environ) -> DemoPerson | None:
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except CookieError:
            return None
        morsel = cookie.get(CARD_COOKIE)
        pin = morsel.value if morsel else ""
        return next((person for person in self.people() if pin and person.pin == pin), None)

    # The reader's page -------------------------------------------------------------------

    def _reader(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        posted = environ.get("REQUEST_METHOD") == "POST"
        if posted:
            form = form_data(environ)
            if "remove" in form:
                return self._redirect(start_response, READER_PATH, cookie="")
            chosen = form.get("person", [""])[0]
            person = next((p for p in self.people() if p.pin == chosen), None)
            if person is not None:
                return self._redirect(start_response, STAFF_CARD_LOGIN_PATH, cookie=person.pin)
        with translation.override("sv"):
            error = _("Choose whose demo staff card to put in the reader.") if posted else ""
            page = render_to_string(
                "demo/identity/card_reader.html",
                {
                    "people": self.people(),
                    "in_reader": self.card_in_reader(environ),
                    "error": error,
                    "login_path": STAFF_CARD_LOGIN_PATH,
                },
            )
        status = "400 Bad Request" if error else "200 OK"
        return respond(start_response, status, page.encode(), "text/html; charset=utf-8")

    def _redirect(self, start_response: StartResponse, location: str, *, cookie: str) -> Iterable[bytes]:
        # A session cookie for this host: a browser sends it to the portal's port too, which ignores it.
        value = f"{CARD_COOKIE}={quote(cookie)}; Path=/; HttpOnly; SameSite=Lax"
        if not cookie:
            value += "; Max-Age=0"
        return respond(
            start_response,
            "303 See Other",
            b"",
            "text/plain",
            [("Location", location), ("Set-Cookie", value)],
        )

    # Forwarding to the portal ------------------------------------------------------------

    def _forward(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        person = self.card_in_reader(environ)
        path = quote(environ.get("PATH_INFO", "/"), safe="/:@!$&'()*+,;=-._~%")
        query = environ.get("QUERY_STRING", "")
        try:
            answer = self.http.request(
                environ.get("REQUEST_METHOD", "GET"),
                f"{self.portal}{path}" + (f"?{query}" if query else ""),
                headers=forwarded_headers(
                    environ_headers(environ),
                    card_header=self.card_header,
                    card_pin=person.pin if person else "",
                ),
                content=request_body(environ),
            )
        except httpx.HTTPError:
            body = b"The portal does not answer. Is make run still running?"
            return respond(start_response, "502 Bad Gateway", body, "text/plain; charset=utf-8")
        headers = [
            (name, value) for name, value in answer.headers.multi_items() if name.lower() not in NOT_FORWARDED
        ]
        return respond(
            start_response,
            f"{answer.status_code} {answer.reason_phrase}",
            answer.content,
            answer.headers.get("content-type", "application/octet-stream"),
            [(name, value) for name, value in headers if name.lower() != "content-type"],
        )
