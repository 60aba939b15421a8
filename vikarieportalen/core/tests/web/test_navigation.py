import pytest
from django.contrib.auth.models import AnonymousUser

from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    EditorFactory,
    HrServiceFactory,
    PayrollFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.core.web.navigation import NAV_ITEMS, nav_items_for


def _names(user: object) -> list[str]:
    return [item.url_name for item in nav_items_for(user)]


def test_anonymous_visitor_gets_no_menu() -> None:
    assert _names(AnonymousUser()) == []


@pytest.mark.django_db
def test_substitute_sees_own_shifts_trainings_support_and_details() -> None:
    assert _names(SubstituteFactory()) == [
        "staffing:my_bookings",
        "staffing:my_offers",
        "staffing:my_availability",
        "staffing:requests_mine",
        "trainings:mine",
        "payroll:my_hours",
        "certificates:home",
        "support:home",
        "accounts:profile",
    ]


@pytest.mark.django_db
def test_staffing_centre_sees_board_pool_and_outbox_but_not_the_cms() -> None:
    assert _names(StaffingCentreFactory()) == [
        "staffing:board",
        "staffing:offer_sends",
        "staffing:pool",
        "staffing:overview",
        "staffing:requests_staff",
        "staffing:las_list",
        "staffing:group_messages",
        "staffing:group_inbox",
        "notifications:outbox",
        "trainings:report",
        "statistics:page",
        "accounts:profile",
    ]


@pytest.mark.django_db
def test_manager_sees_shift_needs() -> None:
    assert _names(WorkplaceManagerFactory()) == [
        "staffing:manager_shifts",
        "hours:list",
        "staffing:requests_manager",
        "statistics:page",
        "accounts:profile",
    ]


@pytest.mark.django_db
def test_payroll_sees_the_support_queue() -> None:
    assert _names(PayrollFactory()) == ["support:queue", "payroll:export_list", "accounts:profile"]


@pytest.mark.django_db
def test_editor_sees_the_cms() -> None:
    assert _names(EditorFactory()) == ["wagtailadmin_home", "accounts:profile"]


@pytest.mark.django_db
def test_administrator_sees_everything() -> None:
    # The administrator is a superuser: every role's pages, in the menu's order.
    assert _names(AdministratorFactory()) == [item.url_name for item in NAV_ITEMS]
    assert len(NAV_ITEMS) == 31


@pytest.mark.django_db
def test_menu_links_resolve() -> None:
    assert all(item.url.startswith("/") for item in nav_items_for(AdministratorFactory()))


@pytest.mark.django_db
def test_hr_service_sees_registration() -> None:
    assert _names(HrServiceFactory()) == [
        "trainings:report",
        "certificates:queue",
        "accounts:hr_home",
        "leavers:people",
        "statistics:page",
        "accounts:profile",
    ]
