import pytest
from django.contrib.auth.models import AnonymousUser

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    EditorFactory,
    HrServiceFactory,
    StaffingCentreFactory,
    SubstituteFactory,
)
from vikarieportalen.core.navigation import nav_items_for


def _names(user: object) -> list[str]:
    return [item.url_name for item in nav_items_for(user)]


def test_anonymous_visitor_gets_no_menu() -> None:
    assert _names(AnonymousUser()) == []


@pytest.mark.django_db
def test_substitute_sees_only_own_details() -> None:
    assert _names(SubstituteFactory()) == ["accounts:profile"]


@pytest.mark.django_db
def test_staffing_centre_sees_the_outbox_but_not_the_cms() -> None:
    assert _names(StaffingCentreFactory()) == ["accounts:profile", "notifications:outbox"]


@pytest.mark.django_db
def test_editor_sees_the_cms() -> None:
    assert _names(EditorFactory()) == ["accounts:profile", "wagtailadmin_home"]


@pytest.mark.django_db
def test_administrator_sees_everything() -> None:
    assert _names(AdministratorFactory()) == [
        "accounts:profile",
        "accounts:hr_home",
        "notifications:outbox",
        "wagtailadmin_home",
        "accounts:audit_log",
        "admin:index",
    ]


@pytest.mark.django_db
def test_menu_links_resolve() -> None:
    assert all(item.url.startswith("/") for item in nav_items_for(AdministratorFactory()))


@pytest.mark.django_db
def test_hr_service_sees_registration() -> None:
    assert _names(HrServiceFactory()) == ["accounts:profile", "accounts:hr_home"]
