"""ClientNetworkMiddleware through the test client: which addresses read the intranet unlogged."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from vikarieportalen.accounts.middleware import ClientNetworkMiddleware
from vikarieportalen.testing import (
    INSIDE_ADDRESS,
    INSIDE_ADDRESS_V6,
    OUTSIDE_ADDRESS,
    TRUSTED_PROXY_ADDRESS,
    client_from,
)


def seen(**meta: str) -> tuple[str, bool]:
    request = RequestFactory().get("/", **meta)
    ClientNetworkMiddleware(lambda request: None)(request)  # type: ignore[arg-type,return-value]
    return request.client_ip, request.in_municipal_network  # type: ignore[attr-defined]


def test_middleware_marks_inside_addresses() -> None:
    assert seen(REMOTE_ADDR=INSIDE_ADDRESS) == (INSIDE_ADDRESS, True)


def test_middleware_marks_outside_addresses() -> None:
    assert seen(REMOTE_ADDR=OUTSIDE_ADDRESS) == (OUTSIDE_ADDRESS, False)


def test_middleware_ignores_forged_header() -> None:
    assert seen(REMOTE_ADDR=OUTSIDE_ADDRESS, HTTP_X_FORWARDED_FOR=INSIDE_ADDRESS) == (OUTSIDE_ADDRESS, False)


def test_middleware_believes_the_trusted_proxy() -> None:
    assert seen(REMOTE_ADDR=TRUSTED_PROXY_ADDRESS, HTTP_X_FORWARDED_FOR=INSIDE_ADDRESS) == (
        INSIDE_ADDRESS,
        True,
    )


def test_middleware_with_garbage_remote_address() -> None:
    assert seen(REMOTE_ADDR="garbage") == ("", False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", [INSIDE_ADDRESS_V6, f"::ffff:{INSIDE_ADDRESS}"], ids=["ipv6", "ipv4-mapped"]
)
def test_start_page_is_open_to_ipv6_inside_addresses(address: str) -> None:
    assert client_from(address).get("/").status_code == 200
