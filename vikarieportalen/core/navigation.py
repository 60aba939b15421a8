"""The main menu: which links each role sees. A new staff page adds its entry here."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: tuple[Role, ...] = ()  # empty: every logged-in user

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_ITEMS = [
    # A substitute's everyday pages first, then each staff role's work, then the account.
    NavItem(_("My shifts"), "staffing:my_bookings", (Role.SUBSTITUTE,)),
    NavItem(_("My offers"), "staffing:my_offers", (Role.SUBSTITUTE,)),
    NavItem(_("Availability"), "staffing:my_availability", (Role.SUBSTITUTE,)),
    NavItem(_("More workplaces"), "staffing:requests_mine", (Role.SUBSTITUTE,)),
    NavItem(_("My trainings"), "trainings:mine", (Role.SUBSTITUTE,)),
    NavItem(_("My certificates"), "certificates:home", (Role.SUBSTITUTE,)),
    NavItem(_("Ask payroll support"), "support:home", (Role.SUBSTITUTE,)),
    NavItem(_("Shift needs"), "staffing:manager_shifts", (Role.WORKPLACE_MANAGER,)),
    NavItem(_("Approve hours"), "hours:list", (Role.WORKPLACE_MANAGER, Role.ADMINISTRATOR)),
    NavItem(_("Requests to work here"), "staffing:requests_manager", (Role.WORKPLACE_MANAGER,)),
    NavItem(_("Booking board"), "staffing:board", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Offers"), "staffing:offer_sends", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Substitute pool"), "staffing:pool", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Who is free"), "staffing:overview", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Workplace requests"), "staffing:requests_staff", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("LAS days"), "staffing:las_list", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Group messages"), "staffing:group_messages", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("SMS inbox"), "staffing:group_inbox", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(_("Outbox"), "notifications:outbox", (Role.STAFFING_CENTRE, Role.ADMINISTRATOR)),
    NavItem(
        _("Training follow-up"),
        "trainings:report",
        (Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.ADMINISTRATOR),
    ),
    NavItem(_("Payroll support"), "support:queue", (Role.PAYROLL, Role.ADMINISTRATOR)),
    NavItem(_("Payroll export"), "payroll:export_list", (Role.PAYROLL, Role.ADMINISTRATOR)),
    NavItem(_("Certificate orders"), "certificates:queue", (Role.HR_SERVICE, Role.ADMINISTRATOR)),
    NavItem(_("Register substitutes"), "accounts:hr_home", (Role.HR_SERVICE, Role.ADMINISTRATOR)),
    NavItem(_("Substitutes' engagements"), "leavers:people", (Role.HR_SERVICE, Role.ADMINISTRATOR)),
    NavItem(_("Edit pages"), "wagtailadmin_home", (Role.EDITOR, Role.ADMINISTRATOR)),
    NavItem(
        _("Statistics"),
        "statistics:page",
        (Role.STAFFING_CENTRE, Role.HR_SERVICE, Role.WORKPLACE_MANAGER, Role.ADMINISTRATOR),
    ),
    NavItem(_("Audit log"), "audit:log", (Role.ADMINISTRATOR,)),
    NavItem(_("Administration"), "admin:index", (Role.ADMINISTRATOR,)),
    NavItem(_("My details"), "accounts:profile"),
]


def nav_items_for(user: object) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in NAV_ITEMS if not item.roles or any(user.has_role(r) for r in item.roles)]  # type: ignore[attr-defined]
