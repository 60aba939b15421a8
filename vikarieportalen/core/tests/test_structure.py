"""The folders say where things live: small packages, short modules, short functions (docs/architecture.md).

A newcomer finds a rule, page or message from the folder names alone only while no folder is a heap,
no module a book and no function a chapter. These limits are checked here so they stay true; each
failure names what to split.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]

MODULES_PER_FOLDER = 15
MODULE_LINES = 500
FUNCTION_LINES = 60

# The demo's data tables (course texts and quizzes) read best as one table, not spread over files.
LONG_MODULES_ALLOWED = {"demo/trainings.py"}


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _is_code(path: Path) -> bool:
    """Application code: not a test, not a migration (their length follows what they check or change)."""
    parts = path.relative_to(PACKAGE).parts
    if "tests" in parts or "migrations" in parts:
        return False
    return not path.name.startswith(("test_", "conftest"))


def test_no_folder_holds_more_than_15_modules() -> None:
    counts: dict[Path, int] = {}
    for path in _python_files():
        if "migrations" not in path.parts:
            counts[path.parent] = counts.get(path.parent, 0) + 1
    crowded = {str(d.relative_to(PACKAGE)): n for d, n in counts.items() if n > MODULES_PER_FOLDER}
    assert not crowded, f"Split these folders into packages by capability: {crowded}"


def test_no_module_is_over_500_lines() -> None:
    long = {}
    for path in filter(_is_code, _python_files()):
        name = str(path.relative_to(PACKAGE))
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES and name not in LONG_MODULES_ALLOWED:
            long[name] = lines
    assert not long, f"Split these modules: {long}"


def test_no_function_is_over_60_lines() -> None:
    long = {}
    for path in filter(_is_code, _python_files()):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > FUNCTION_LINES:
                    long[f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}"] = lines
    assert not long, f"Split these functions into named steps: {long}"


def test_the_checks_see_the_code() -> None:
    """The walk finds the apps' code; an empty walk would pass every limit above."""
    names = {str(p.relative_to(PACKAGE)) for p in filter(_is_code, _python_files())}
    assert "staffing/booking/services.py" in names
    assert "core/time.py" in names
    assert not any("/tests/" in n or "/migrations/" in n for n in names)
