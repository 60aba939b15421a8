"""The start page on a phone over slow 4G: Largest Contentful Paint and bytes, cold and warm.

Serves the seeded demo municipality with gunicorn (the e2e tests' server, e2e/server.py: DEBUG
off, whitenoise's compressed static files) and opens the start page in headless Chromium as the
demo substitute (JOSA9804) on a 390 × 844 phone, the network throttled through the DevTools
protocol like Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up):

- cold: a new browser profile, nothing cached, no service worker;
- warm: the same profile on a later visit, the service worker installed (static files from its
  cache, the page itself from the network).

Targets (issue 19): LCP under 2.5 s and under 150 kB transferred cold; a warm load under 1 s.
Usage: .venv/bin/python bench/phone_start.py [--runs 5] [--smoke]. The last line printed is one
JSON object. ``--smoke``: one run of each (the demo is still seeded, which takes most of the time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from pathlib import Path
from typing import Any

from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "e2e"))

SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}
PHONE = {"width": 390, "height": 844}
TARGETS = {"cold_lcp_ms": 2500, "cold_transfer_kb": 150, "warm_load_ms": 1000}

LCP_SCRIPT = """() => new Promise((resolve) => {
  let last = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) last = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  setTimeout(() => resolve(last), 300);
})"""
TRANSFER_SCRIPT = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  return {
    transfer: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    load: nav.loadEventEnd,
    from_worker: resources.filter((r) => r.workerStart > 0 && r.transferSize === 0).length,
  };
}"""


def _throttled(page: Any) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)


def _measure(page: Any) -> dict[str, float]:
    page.goto("/", wait_until="load")
    lcp = page.evaluate(LCP_SCRIPT)
    figures = page.evaluate(TRANSFER_SCRIPT)
    return {
        "lcp_ms": round(lcp),
        "load_ms": round(figures["load"]),
        "transfer_kb": round(figures["transfer"] / 1024, 1),
        "from_worker": figures["from_worker"],
    }


def one_run(browser: Any, base_url: str, cookies: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    context = browser.new_context(base_url=base_url, viewport=PHONE, locale="sv-SE")
    context.add_cookies(cookies)
    try:
        page = context.new_page()
        _throttled(page)
        cold = _measure(page)
        page.evaluate("() => navigator.serviceWorker.ready")
        page.close()
        page = context.new_page()
        _throttled(page)
        page.goto("/offline/")  # any page first: the worker now controls the tab
        warm = _measure(page)
        return {"cold": cold, "warm": warm}
    finally:
        context.close()


def median_of(runs: list[dict[str, dict[str, float]]], kind: str) -> dict[str, float]:
    keys = runs[0][kind].keys()
    return {key: statistics.median(run[kind][key] for run in runs) for key in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold + warm pairs, median reported (default 5)")
    parser.add_argument("--smoke", action="store_true", help="one run (make test)")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs

    from server import CHROMIUM, launch_chromium, running_portal
    from support import DEMO_USERS, log_in

    if not Path(CHROMIUM).exists():
        import smoke

        smoke.skip("phone_start", f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with running_portal() as base_url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        login = browser.new_context(base_url=base_url, viewport=PHONE)
        log_in(login.new_page(), DEMO_USERS["substitute"])
        cookies = login.cookies()
        login.close()
        results = [one_run(browser, base_url, cookies) for _ in range(runs)]
        browser.close()

    cold, warm = median_of(results, "cold"), median_of(results, "warm")
    met = {
        "cold_lcp": cold["lcp_ms"] < TARGETS["cold_lcp_ms"],
        "cold_transfer": cold["transfer_kb"] < TARGETS["cold_transfer_kb"],
        "warm_load": warm["load_ms"] < TARGETS["warm_load_ms"],
    }
    result: dict[str, Any] = {
        "benchmark": "phone_start",
        "network": "slow 4G (CDP): 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up",
        "viewport": PHONE,
        "user": "demo substitute JOSA9804, start page",
        "runs": runs,
        "cold": cold,
        "warm": warm,
        "targets": TARGETS,
        "targets_met": met,
        "cpu_model": cpu_model(),
        "cores": os.cpu_count() or 1,
        "ram_gib": ram_gib(),
        "python": platform.python_version(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }
    print(f"Machine: {result['cpu_model']}, {result['cores']} cores, {result['ram_gib']} GiB RAM")
    print(f"Python {result['python']}; load average {result['load_average']}; {runs} run(s), medians")
    print(f"cold: LCP {cold['lcp_ms']:.0f} ms, load {cold['load_ms']:.0f} ms, {cold['transfer_kb']} kB")
    print(f"warm: LCP {warm['lcp_ms']:.0f} ms, load {warm['load_ms']:.0f} ms, {warm['transfer_kb']} kB")
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
