"""docs/architecture.md shows the real import graph between apps: this test compares the two.

import-linter (``make lint``) enforces the layers; this keeps the drawing in the document true. When
an app starts or stops importing another, the failure prints the block to paste into the document.
"""

from __future__ import annotations

import re
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = "vikarieportalen"
BLOCK = re.compile(r"<!-- import-graph -->\n```text\n(.*?)```\n<!-- /import-graph -->", re.DOTALL)


def _is_test_module(module: str) -> bool:
    return ".tests." in f"{module}." or module.endswith(".conftest")


def app_import_graph() -> dict[str, set[str]]:
    """Each app and the apps its non-test modules import (annotations-only imports left out)."""
    graph = grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)
    apps = sorted(child.split(".")[1] for child in graph.find_children(PACKAGE) if graph.find_children(child))
    edges: dict[str, set[str]] = {app: set() for app in apps}
    for app in apps:
        for other in apps:
            if other == app:
                continue
            for importer in graph.find_descendants(f"{PACKAGE}.{app}"):
                if _is_test_module(importer):
                    continue
                imported = graph.find_modules_directly_imported_by(importer)
                if any(m == f"{PACKAGE}.{other}" or m.startswith(f"{PACKAGE}.{other}.") for m in imported):
                    edges[app].add(other)
                    break
    return edges


def graph_block(edges: dict[str, set[str]]) -> str:
    width = max(len(app) for app in edges)
    return "".join(
        f"{app.ljust(width)}  → {', '.join(sorted(uses)) if uses else '(nothing)'}\n"
        for app, uses in sorted(edges.items())
    )


def test_architecture_document_shows_the_real_import_graph() -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    match = BLOCK.search(document)
    assert match, "docs/architecture.md lacks its <!-- import-graph --> block"
    expected = graph_block(app_import_graph())
    assert match.group(1) == expected, f"Paste this into docs/architecture.md:\n{expected}"
