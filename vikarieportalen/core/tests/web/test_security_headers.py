"""Content-Security-Policy and Permissions-Policy on every response; the __Host- cookies in production."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.test import Client, override_settings

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.core.tests.ops.test_settings import manage
from vikarieportalen.core.web.security_headers import is_admin_ui_path, permissions_policy
from vikarieportalen.testing import INSIDE_ADDRESS, TEST_PASSWORD

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
CMS = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'self'; form-action 'self'"
)
PERMISSIONS = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()"
)


def test_permissions_policy_denies_each_feature() -> None:
    assert permissions_policy(["camera", "usb"]) == "camera=(), usb=()"
    assert permissions_policy([]) == ""


def test_admin_ui_paths_are_prefixes() -> None:
    assert is_admin_ui_path("/cms/pages/3/edit/", ["/cms/"])
    assert not is_admin_ui_path("/cmsx/", ["/cms/"])
    assert not is_admin_ui_path("/admin/", ["/cms/"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/konto/logga-in/", 200),
        ("/health/", 200),
        ("/bemanning/mina-pass/", 302),  # a redirect to the login page
        ("/finns-inte/", 404),
        ("/admin/", 302),  # Django's admin needs nothing SECURE_CSP refuses
    ],
)
def test_every_response_carries_the_strict_policy(path: str, status: int) -> None:
    response = Client(REMOTE_ADDR=INSIDE_ADDRESS).get(path)

    assert response.status_code == status
    assert response.headers["Content-Security-Policy"] == STRICT
    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert response.headers["Permissions-Policy"] == PERMISSIONS


@pytest.mark.django_db
def test_a_logged_in_page_carries_the_strict_policy() -> None:
    user = SubstituteFactory()
    client = Client(REMOTE_ADDR=INSIDE_ADDRESS)
    client.login(username=user.username, password=TEST_PASSWORD)

    response = client.get("/konto/mina-uppgifter/")

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == STRICT


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/cms/", "/cms/login/"])
def test_wagtail_admin_enforces_its_policy_and_reports_the_strict_one(path: str) -> None:
    response = Client(REMOTE_ADDR=INSIDE_ADDRESS).get(path)

    assert response.headers["Content-Security-Policy"] == CMS
    assert response.headers["Content-Security-Policy-Report-Only"] == STRICT
    assert response.headers["Permissions-Policy"] == PERMISSIONS


@pytest.mark.django_db
def test_htmx_is_told_to_insert_no_style_and_run_no_attribute_code() -> None:
    html = Client(REMOTE_ADDR=INSIDE_ADDRESS).get("/konto/logga-in/").content.decode()

    assert (
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>' in html
    )
    assert "<style" not in html
    assert " style=" not in html


@pytest.mark.django_db
@override_settings(
    SESSION_COOKIE_NAME="__Host-sessionid",
    CSRF_COOKIE_NAME="__Host-csrftoken",
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
def test_host_prefixed_cookies_are_secure_for_the_whole_site_and_have_no_domain() -> None:
    user = SubstituteFactory()
    client = Client(REMOTE_ADDR=INSIDE_ADDRESS)
    form = client.get("/konto/logga-in/", secure=True)
    response = client.post(
        "/konto/logga-in/", {"username": user.username, "password": TEST_PASSWORD}, secure=True
    )

    assert response.status_code == 302
    for cookie in (form.cookies["__Host-csrftoken"], response.cookies["__Host-sessionid"]):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""


@pytest.mark.slow
def test_production_names_the_cookies_with_the_host_prefix(tmp_path: Path) -> None:
    result = manage(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, "
            "s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN)",
        ],
        tmp_path,
        SECRET_KEY=secrets.token_hex(40),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid", "__Host-csrftoken", "True", "True", "/", "/", "None", "None"
    ]  # fmt: skip
