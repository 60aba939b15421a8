"""Idle timeout, activity writes and browser names (pure rules)."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.sessions.rules import activity_is_due, browser_family, session_is_idle

IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Mobile/15E148 Safari/604.1"
)
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Mobile Safari/537.36"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51"
)
WINDOWS_FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0"
SAMSUNG = (
    "Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"
)


@pytest.mark.parametrize(
    ("agent", "family"),
    [
        (IPHONE_SAFARI, "Safari (iOS)"),
        (ANDROID_CHROME, "Chrome (Android)"),
        (WINDOWS_EDGE, "Edge (Windows)"),
        (WINDOWS_FIREFOX, "Firefox (Windows)"),
        (SAMSUNG, "Samsung Internet (Android)"),
        ("", ""),
        ("curl/8.5.0", ""),
    ],
)
def test_browser_family(agent: str, family: str) -> None:
    assert browser_family(agent) == family


def test_a_session_is_idle_only_after_the_timeout() -> None:
    assert not session_is_idle(last_activity=1000.0, now=1000.0 + 1800, timeout_seconds=1800)
    assert session_is_idle(last_activity=1000.0, now=1000.0 + 1801, timeout_seconds=1800)
    assert not session_is_idle(last_activity=None, now=10**9, timeout_seconds=1800)
    assert not session_is_idle(last_activity=0.0, now=10**9, timeout_seconds=0)


def test_activity_is_written_at_most_once_a_minute() -> None:
    assert activity_is_due(last_noted=None, now=5.0)
    assert not activity_is_due(last_noted=100.0, now=159.0)
    assert activity_is_due(last_noted=100.0, now=160.0)
