"""The main menu: which links each role sees. A new staff page adds its entry here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
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
    NavItem(_("My hours"), "payroll:my_hours", (Role.SUBSTITUTE,)),
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


# ---------------------------------------------------------------------------------------------
# The phone's bottom bar: a substitute's four everyday destinations, the last opening the full menu.

# A count beside a menu entry ("3 offers waiting"): the app that owns the page registers how to
# count, so the core needs no import of it. Counted only when a page shows the bottom bar.
NavBadge = Callable[[Any], int]
_badges: dict[str, NavBadge] = {}


def nav_badge_register(url_name: str, count: NavBadge) -> None:
    """Add (or replace) the counter shown beside the menu entry ``url_name`` in the bottom bar."""
    _badges[url_name] = count


def nav_badge_known(request: HttpRequest, url_name: str, count: int) -> None:
    """A page that has just counted what the badge of ``url_name`` shows (the start page reads the
    open offers for its panel) hands the number on: the bottom bar of this request does not count
    again. Kept on the request only, so the next request counts anew."""
    known: dict[str, int] = getattr(request, "_nav_badge_counts", {})
    known[url_name] = count
    request._nav_badge_counts = known  # type: ignore[attr-defined]


def nav_badges_known(request: HttpRequest) -> Mapping[str, int]:
    """The counts handed on by ``nav_badge_known`` in this request."""
    return getattr(request, "_nav_badge_counts", {})


@dataclass(frozen=True)
class BottomNavItem:
    label: str | Promise
    url: str
    current: bool = False
    badge: int = 0
    opens_menu: bool = False  # "More": a link to the full menu (the header's menu panel)


BOTTOM_NAV = [
    NavItem(_("Shifts"), "staffing:my_bookings", (Role.SUBSTITUTE,)),
    NavItem(_("Offers"), "staffing:my_offers", (Role.SUBSTITUTE,)),
    NavItem(_("Availability"), "staffing:my_availability", (Role.SUBSTITUTE,)),
]
MENU_PANEL_ID = "site-menu-panel"


def bottom_nav_for(user: object, path: str, known: Mapping[str, int] | None = None) -> list[BottomNavItem]:
    """A substitute's bottom bar (Shifts, Offers with its count, Availability, More); empty for others.
    ``known``: counts this request has read already (``nav_badges_known``), not counted again."""
    # Substitutes by role, not the administrator who may open every page.
    if not getattr(user, "is_authenticated", False) or Role.SUBSTITUTE not in user.roles():  # type: ignore[attr-defined]
        return []
    items = []
    for entry in BOTTOM_NAV:
        url = entry.url
        count = _badges.get(entry.url_name)
        badge = known[entry.url_name] if known and entry.url_name in known else (count(user) if count else 0)
        items.append(
            BottomNavItem(
                entry.label, url, current=path == url or (url != "/" and path.startswith(url)), badge=badge
            )
        )
    items.append(BottomNavItem(_("More"), f"#{MENU_PANEL_ID}", opens_menu=True))
    return items
