from __future__ import annotations

import pytest

from vikarieportalen.notifications.push.rules import (
    SubscriptionProblem,
    address_special,
    device_label,
    endpoint_problem,
    host_allowed,
    keys_valid,
)

ALLOWED = ["fcm.googleapis.com", "updates.push.services.mozilla.com", "*.push.apple.com"]


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://fcm.googleapis.com/fcm/send/abc:def",
        "https://updates.push.services.mozilla.com/wpush/v2/gAAAA",
        "https://web.push.apple.com/QGz",
        "https://fcm.googleapis.com:443/fcm/send/x",
    ],
)
def test_push_services_on_the_list_are_allowed(endpoint: str) -> None:
    assert endpoint_problem(endpoint, allowed=ALLOWED) is None


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("http://fcm.googleapis.com/fcm/send/x", SubscriptionProblem.NOT_HTTPS),
        ("ftp://fcm.googleapis.com/x", SubscriptionProblem.NOT_HTTPS),
        ("https://127.0.0.1/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://10.1.2.3/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://192.168.0.10/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://169.254.169.254/latest/meta-data", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://[::1]/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://[fd00::1]/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://0.0.0.0/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://localhost/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://intranet.kommun.local/push", SubscriptionProblem.PRIVATE_ADDRESS),
        ("https://evil.example.com/push", SubscriptionProblem.NOT_ALLOWED),
        ("https://fcm.googleapis.com.evil.example/push", SubscriptionProblem.NOT_ALLOWED),
        ("https://push.apple.com/x", SubscriptionProblem.NOT_ALLOWED),  # *. means a subdomain
        ("https://fcm.googleapis.com:8443/fcm/send/x", SubscriptionProblem.NOT_ALLOWED),
        ("https://8.8.8.8/push", SubscriptionProblem.NOT_ALLOWED),
        ("", SubscriptionProblem.MALFORMED),
        ("https://", SubscriptionProblem.MALFORMED),
        ("https://user:pw@fcm.googleapis.com/x", SubscriptionProblem.MALFORMED),
        ("https://fcm.googleapis.com/a b", SubscriptionProblem.MALFORMED),
        ("https://fcm.googleapis.com:99999/x", SubscriptionProblem.MALFORMED),
        ("https://fcm.googleapis.com/" + "x" * 1000, SubscriptionProblem.MALFORMED),
    ],
)
def test_endpoints_the_portal_must_not_post_to(endpoint: str, problem: SubscriptionProblem) -> None:
    assert endpoint_problem(endpoint, allowed=ALLOWED) == problem


def test_a_private_address_is_refused_even_if_put_on_the_list() -> None:
    assert endpoint_problem("https://10.0.0.1/x", allowed=["10.0.0.1"]) == SubscriptionProblem.PRIVATE_ADDRESS


def test_host_allowed_is_exact_or_a_subdomain_of_a_wildcard() -> None:
    assert host_allowed("FCM.googleapis.com.", ["fcm.googleapis.com"])
    assert host_allowed("a.b.push.apple.com", ["*.push.apple.com"])
    assert not host_allowed("xpush.apple.com", ["*.push.apple.com"])
    assert not host_allowed("anything", [])


P256 = "B" + "A" * 86  # 65 bytes starting with 0x04
AUTH = "A" * 22  # 16 bytes


def test_keys_must_be_a_p256_point_and_a_16_byte_secret() -> None:
    assert keys_valid(p256dh=P256, auth=AUTH)
    assert not keys_valid(p256dh="A" * 87, auth=AUTH)  # not 0x04 first
    assert not keys_valid(p256dh=P256[:-4], auth=AUTH)
    assert not keys_valid(p256dh=P256, auth="A" * 20)
    assert not keys_valid(p256dh="B!" + "A" * 85, auth=AUTH)
    assert not keys_valid(p256dh="", auth="")


def test_device_label_names_the_browser_and_system() -> None:
    android = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"
    iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"
    assert device_label(android) == "Chrome, Android"
    assert device_label(iphone) == "Safari, iPhone"
    assert device_label("") == ""


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.20.0.5",
        "172.16.3.4",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",  # shared address space (carrier NAT)
        "0.0.0.0",  # noqa: S104 - the unspecified address, as data
        "224.0.0.251",
        "240.0.0.1",
        "192.0.2.10",
        "::1",
        "fe80::1%eth0",
        "fd00::5",
        "::ffff:127.0.0.1",
        "ff02::1",
        "not an address",
        "",
    ],
)
def test_addresses_outside_the_public_internet_are_special(address: str) -> None:
    assert address_special(address)


@pytest.mark.parametrize("address", ["142.250.74.10", "17.57.146.20", "2a00:1450:400f:80c::200a"])
def test_public_addresses_are_not_special(address: str) -> None:
    assert not address_special(address)
