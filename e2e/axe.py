"""axe-core in the page: WCAG 2.1 A and AA rules, failing with a list a person can act on."""

from __future__ import annotations

import functools
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class AxeViolations(AssertionError):
    def __init__(self, url: str, violations: list[dict[str, Any]]) -> None:
        self.url = url
        self.violations = violations
        self.rule_ids = [violation["id"] for violation in violations]
        super().__init__(format_violations(url, violations))


@functools.cache
def axe_source() -> str:
    """axe.min.js as shipped inside the axe-playwright-python package (no network needed)."""
    spec = find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        raise RuntimeError("axe-playwright-python is not installed")
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} axe-core violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'n/a'}]: {violation['help']}"
            f" ({violation.get('helpUrl', '')})"
        )
        for node in violation["nodes"]:
            # A target is a CSS selector, or a list of selectors when it sits inside an iframe/shadow root.
            parts = node["target"]
            target = " ".join(" >> ".join(p) if isinstance(p, list) else p for p in parts)
            lines.append(f"    at {target}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary}")
    return "\n".join(lines)


def run_axe(page: Page, tags: list[str] | None = None) -> list[dict[str, Any]]:
    """Injects axe-core if the page lacks it and returns the violations for the given tags."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through DevTools, not added as an inline <script> that the portal's content
        # security policy (script-src 'self') would refuse.
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (tags) => await window.axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        tags or WCAG_TAGS,
    )
    return results["violations"]


def assert_no_axe_violations(page: Page, tags: list[str] | None = None) -> None:
    """Fails with rule id, impact, help text and target selectors of every violation."""
    violations = run_axe(page, tags)
    if violations:
        raise AxeViolations(page.url, violations)
