"""Where a request comes from: client_address and is_municipal (pure, no database)."""

from __future__ import annotations

import ipaddress

import pytest

from vikarieportalen.accounts.network import client_address, is_municipal
from vikarieportalen.testing import INSIDE_ADDRESS, OUTSIDE_ADDRESS, TRUSTED_PROXY_ADDRESS

MUNICIPAL = ("10.20.0.0/16", "2001:db8:20::/48")
PROXIES = (TRUSTED_PROXY_ADDRESS,)


def address(*, remote: str, forwarded: str = "", proxies: tuple[str, ...] = PROXIES) -> str | None:
    found = client_address(remote_addr=remote, forwarded_for=forwarded, trusted_proxies=proxies)
    return str(found) if found is not None else None


def test_without_proxies_the_remote_address_is_the_client() -> None:
    assert address(remote=OUTSIDE_ADDRESS, proxies=()) == OUTSIDE_ADDRESS


def test_forwarded_header_is_ignored_when_there_are_no_trusted_proxies() -> None:
    assert address(remote=OUTSIDE_ADDRESS, forwarded=INSIDE_ADDRESS, proxies=()) == OUTSIDE_ADDRESS


def test_forged_header_from_outside_changes_nothing() -> None:
    assert address(remote=OUTSIDE_ADDRESS, forwarded=INSIDE_ADDRESS) == OUTSIDE_ADDRESS


def test_trusted_proxy_passes_on_the_client_address() -> None:
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=INSIDE_ADDRESS) == INSIDE_ADDRESS


def test_entries_left_of_the_nearest_untrusted_hop_are_not_believed() -> None:
    # The client wrote "10.20.1.1" itself; the proxy appended the real address it saw.
    forwarded = f"{INSIDE_ADDRESS}, {OUTSIDE_ADDRESS}"
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=forwarded) == OUTSIDE_ADDRESS


def test_chain_of_trusted_proxies_is_walked_from_the_right() -> None:
    proxies = (TRUSTED_PROXY_ADDRESS, "10.99.0.2")
    forwarded = f"{INSIDE_ADDRESS}, 10.99.0.2"
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=forwarded, proxies=proxies) == INSIDE_ADDRESS


def test_trusted_proxies_may_be_networks() -> None:
    assert address(remote="10.99.3.7", forwarded=INSIDE_ADDRESS, proxies=("10.99.0.0/16",)) == INSIDE_ADDRESS


def test_only_proxies_in_the_chain_gives_the_remote_address() -> None:
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=TRUSTED_PROXY_ADDRESS) == TRUSTED_PROXY_ADDRESS


@pytest.mark.parametrize(
    "forwarded",
    [
        pytest.param("unknown", id="word"),
        pytest.param("10.20.1.999", id="octet-out-of-range"),
        pytest.param(f"{INSIDE_ADDRESS}, not-an-address", id="garbage-nearest"),
        pytest.param(",", id="empty-entries"),
    ],
)
def test_malformed_chain_from_proxy_is_not_believed(forwarded: str) -> None:
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=forwarded) == TRUSTED_PROXY_ADDRESS


def test_malformed_remote_address_gives_none() -> None:
    assert address(remote="not-an-ip", forwarded=INSIDE_ADDRESS) is None


def test_empty_remote_address_gives_none() -> None:
    assert address(remote="") is None


def test_ipv6_remote_address() -> None:
    assert address(remote="2001:db8:20::15") == "2001:db8:20::15"


def test_ipv6_with_brackets_and_port_in_forwarded_header() -> None:
    proxies = ("2001:db8:99::1",)
    assert address(remote="2001:db8:99::1", forwarded="[2001:db8:20::15]:443", proxies=proxies) == (
        "2001:db8:20::15"
    )


def test_ipv4_with_port_in_forwarded_header() -> None:
    assert address(remote=TRUSTED_PROXY_ADDRESS, forwarded=f"{INSIDE_ADDRESS}:51234") == INSIDE_ADDRESS


def test_ipv4_mapped_ipv6_address_is_read_as_ipv4() -> None:
    assert address(remote=f"::ffff:{INSIDE_ADDRESS}") == INSIDE_ADDRESS


@pytest.mark.parametrize(
    ("client", "inside"),
    [
        pytest.param(INSIDE_ADDRESS, True, id="ipv4-inside"),
        pytest.param("10.20.255.255", True, id="ipv4-edge-of-network"),
        pytest.param("10.21.0.1", False, id="ipv4-next-network"),
        pytest.param(OUTSIDE_ADDRESS, False, id="ipv4-outside"),
        pytest.param("2001:db8:20:ffff::1", True, id="ipv6-inside"),
        pytest.param("2001:db8:21::1", False, id="ipv6-outside"),
    ],
)
def test_is_municipal(client: str, inside: bool) -> None:
    assert is_municipal(ipaddress.ip_address(client), MUNICIPAL) is inside


def test_unknown_address_is_not_municipal() -> None:
    assert is_municipal(None, MUNICIPAL) is False


def test_nothing_is_municipal_without_networks() -> None:
    assert is_municipal(ipaddress.ip_address(INSIDE_ADDRESS), ()) is False


def test_mapped_inside_address_is_municipal_end_to_end() -> None:
    found = client_address(remote_addr=f"::ffff:{INSIDE_ADDRESS}", forwarded_for="", trusted_proxies=())
    assert is_municipal(found, MUNICIPAL) is True
