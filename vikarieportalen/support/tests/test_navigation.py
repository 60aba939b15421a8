"""The menu links to Fråga lönesupport for substitutes and to the queue for payroll."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    EditorFactory,
    HrServiceFactory,
    PayrollFactory,
    SubstituteFactory,
)
from vikarieportalen.core.web.navigation import nav_items_for

pytestmark = pytest.mark.django_db


def _support_links(user: object) -> list[str]:
    return [item.url_name for item in nav_items_for(user) if item.url_name.startswith("support:")]


def test_substitute_sees_ask_payroll_support() -> None:
    assert _support_links(SubstituteFactory()) == ["support:home"]


def test_payroll_sees_the_queue() -> None:
    assert _support_links(PayrollFactory()) == ["support:queue"]


def test_administrator_sees_both_and_others_neither() -> None:
    assert _support_links(AdministratorFactory()) == ["support:home", "support:queue"]
    assert _support_links(EditorFactory()) == []
    assert _support_links(HrServiceFactory()) == []
