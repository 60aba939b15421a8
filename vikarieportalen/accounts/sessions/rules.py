"""Sessions: idle timeout, how often to note activity, and a browser's name. Pure functions."""

from __future__ import annotations

import re

# Activity is written at most this often: one write a minute, not one per request.
TOUCH_INTERVAL_SECONDS = 60

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS: tuple[tuple[str, str], ...] = (
    (r"\bEdg(e|A|iOS)?/", "Edge"),
    (r"\b(OPR|Opera)/", "Opera"),
    (r"\bSamsungBrowser/", "Samsung Internet"),
    (r"\b(Firefox|FxiOS)/", "Firefox"),
    (r"\b(Chrome|Chromium|CriOS)/", "Chrome"),
    (r"\bSafari/", "Safari"),
)
_SYSTEMS: tuple[tuple[str, str], ...] = (
    (r"\b(iPhone|iPad|iPod)\b", "iOS"),
    (r"\bAndroid\b", "Android"),
    (r"\bWindows\b", "Windows"),
    (r"\b(Macintosh|Mac OS X)\b", "macOS"),
    (r"\bCrOS\b", "ChromeOS"),
    (r"\bLinux\b", "Linux"),
)


def browser_family(user_agent: str) -> str:
    """'Firefox on Windows', 'Safari on iOS' …; '' when the browser is not recognised."""
    browser = next((name for pattern, name in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    if browser and system:
        return f"{browser} ({system})"
    return browser or system


def session_is_idle(*, last_activity: float | None, now: float, timeout_seconds: int) -> bool:
    """True when the session has seen no request for longer than the timeout (0: no timeout)."""
    if last_activity is None or timeout_seconds <= 0:
        return False
    return now - last_activity > timeout_seconds


def activity_is_due(*, last_noted: float | None, now: float) -> bool:
    """Whether to write activity now, so busy sessions cost one write a minute at most."""
    return last_noted is None or now - last_noted >= TOUCH_INTERVAL_SECONDS
