"""Staff pages with other people's personal data need a high-assurance login (personal_data.py).

The policy (which URL names are protected), the middleware over HTTP (a password-only staff login is
sent to step up with ``?next=``, a strong one gets the page, the demo setting lets a password do),
and a second access matrix: every row of the main one for a staff role on a protected page, with a
password-only login.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from django.urls import Resolver404, get_resolver, resolve
from django.urls.resolvers import URLResolver

from vikarieportalen.accounts.login.personal_data import (
    OPEN_PAGES,
    PERSONAL_DATA_PAGES,
    page_shows_personal_data,
    user_is_staff,
)
from vikarieportalen.accounts.tests.factories import (
    AdministratorFactory,
    StaffingCentreFactory,
    SubstituteFactory,
    UserFactory,
)
from vikarieportalen.core.roles import Role
from vikarieportalen.core.tests.test_access_matrix import ROWS
from vikarieportalen.testing import AccessRow, Who, client_for, client_logged_in

PROTECTED = [
    "support:queue",
    "support:ratings",
    "support:staff_case",
    "support:staff_reply",
    "support:staff_note",
    "support:staff_assign",
    "support:staff_status",
    "support:attachment",
    "certificates:queue",
    "certificates:staff_order",
    "certificates:staff_update",
    "certificates:staff_release",
    "certificates:staff_reject",
    "certificates:staff_pdf",
    "certificates:staff_preview",
    "payroll:export_list",
    "payroll:export_make",
    "payroll:export_paxml",
    "payroll:export_csv",
    "audit:log",
    "accounts:hr_home",
    "accounts:hr_register",
    "accounts:hr_import",
    "accounts:hr_activation_resend",
    "staffing:pool",
    "staffing:pool_substitute",
    "staffing:pool_profile",
    "staffing:pool_qualification_add",
    "staffing:pool_availability_weekly_remove",
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:accounts_user_change",
    "wagtailusers_users:index",
    "wagtailusers_users:edit",
    "wagtailusers_groups:index",
    "wagtailusers_groups:edit",
]
OPEN = [
    # The substitute's own pages: they have their own strong-login check.
    "support:home",
    "support:case_detail",
    "certificates:home",
    "certificates:download",
    "certificates:verify",
    # Planning pages: names against shifts (see the module's docstring).
    "hours:list",
    "hours:detail",
    "staffing:board",
    "staffing:shift_candidates",
    "staffing:las_list",
    "staffing:my_las",
    # Logging in and out, stepping up, one's own details.
    "accounts:login",
    "accounts:login_code",
    "accounts:step_up",
    "accounts:logout",
    "accounts:profile",
    "accounts:password_change",
    "admin:logout",
    "portal_admin_login",
    "portal_cms_login",
    # The rest of Wagtail's admin: pages, images, documents.
    "wagtailadmin_home",
    "wagtailadmin_explore_root",
    "wagtailsnippets:index",
    "",
]


def step_up_location(path: str) -> str:
    return f"/konto/starkare-inloggning/?{urlencode({'next': path})}"


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, namespace)
        elif pattern.name:
            names.add(prefix + pattern.name)
    return names


# The policy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PROTECTED)
def test_pages_with_others_personal_data_are_protected(name: str) -> None:
    assert page_shows_personal_data(name)


@pytest.mark.parametrize("name", OPEN)
def test_other_pages_are_not(name: str) -> None:
    assert not page_shows_personal_data(name)


def test_every_pattern_matches_a_real_page_and_the_lists_above_are_real() -> None:
    """A renamed URL must not silently fall out of the table (nor out of these tests)."""
    names = _url_names(get_resolver())
    stale = [
        page.pattern for page in PERSONAL_DATA_PAGES if not any(fnmatchcase(n, page.pattern) for n in names)
    ]
    assert stale == []
    assert names >= OPEN_PAGES
    assert set(PROTECTED) <= names
    assert {name for name in OPEN if name} <= names


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/lonesupport/ko/", "support:queue"),
        ("/lonesupport/bilagor/1/", "support:attachment"),
        ("/intyg/ko/1/pdf/", "certificates:staff_pdf"),
        ("/lon/export/1/paxml/", "payroll:export_paxml"),
        ("/konto/granskningslogg/", "audit:log"),
        ("/konto/hr/import/", "accounts:hr_import"),
        ("/bemanning/vikariepoolen/1/profil/", "staffing:pool_profile"),
        ("/admin/accounts/user/", "admin:accounts_user_changelist"),
        ("/cms/users/", "wagtailusers_users:index"),
        ("/cms/groups/edit/1/", "wagtailusers_groups:edit"),
    ],
)
def test_the_addresses_resolve_to_protected_names(path: str, name: str) -> None:
    assert resolve(path).view_name == name
    assert page_shows_personal_data(name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(set(Role) - {Role.SUBSTITUTE}))
def test_every_role_but_substitute_is_staff(role: Role) -> None:
    assert user_is_staff(UserFactory.create(roles=[role]))


@pytest.mark.django_db
def test_a_substitute_is_not_staff_but_a_django_staff_flag_is() -> None:
    assert not user_is_staff(SubstituteFactory.create())
    assert user_is_staff(SubstituteFactory.create(is_staff=True))


# Over HTTP ------------------------------------------------------------------------------------

# Pages without data of their own to set up: (role that may read it, address).
PAGES = [
    (Role.PAYROLL, "/lonesupport/ko/"),
    (Role.HR_SERVICE, "/intyg/ko/"),
    (Role.PAYROLL, "/lon/export/"),
    (Role.ADMINISTRATOR, "/konto/granskningslogg/"),
    (Role.HR_SERVICE, "/konto/hr/"),
    (Role.HR_SERVICE, "/konto/hr/import/"),
    (Role.STAFFING_CENTRE, "/bemanning/vikariepoolen/"),
    (Role.ADMINISTRATOR, "/admin/"),
    (Role.ADMINISTRATOR, "/admin/accounts/user/"),
    (Role.ADMINISTRATOR, "/cms/users/"),
    (Role.ADMINISTRATOR, "/cms/groups/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "path"), PAGES)
def test_a_password_only_login_steps_up_and_a_strong_one_reads(role: Role, path: str) -> None:
    user = UserFactory.create(roles=[role])
    weak = client_logged_in(user, strong=False).get(path)
    assert weak.status_code == 302
    assert weak["Location"] == step_up_location(path)
    assert client_logged_in(user, strong=True).get(path).status_code == 200


@pytest.mark.django_db
def test_a_pool_substitute_page_steps_up_with_its_query_string_kept() -> None:
    substitute = SubstituteFactory.create()
    path = f"/bemanning/vikariepoolen/{substitute.pk}/?tab=profil"
    response = client_logged_in(StaffingCentreFactory.create(), strong=False).get(path)
    assert response["Location"] == step_up_location(path)


@pytest.mark.django_db
@override_settings(STAFF_PERSONAL_DATA_ASSURANCE="low")
@pytest.mark.parametrize(("role", "path"), PAGES)
def test_the_demo_setting_lets_a_password_do(role: Role, path: str) -> None:
    user = UserFactory.create(roles=[role])
    assert client_logged_in(user, strong=False).get(path).status_code == 200


@pytest.mark.django_db
def test_a_substitute_is_left_to_the_pages_own_checks() -> None:
    client = client_logged_in(SubstituteFactory.create(), strong=False)
    assert client.get("/lonesupport/ko/").status_code == 403
    assert client.get("/bemanning/vikariepoolen/").status_code == 403


@pytest.mark.django_db
def test_leaving_the_admin_and_stepping_up_need_no_strong_login() -> None:
    client = client_logged_in(AdministratorFactory.create(), strong=False)
    assert client.get("/konto/starkare-inloggning/?next=/admin/").status_code == 200
    response = client.post("/admin/logout/")
    assert response.get("Location") != step_up_location("/admin/logout/")
    assert "_auth_user_id" not in client.session


# The access matrix with password-only staff logins -------------------------------------------------


def _view_name(url: str) -> str:
    try:
        return resolve(url.split("?")[0]).view_name
    except Resolver404:
        return ""


STAFF_WHO = {who for who in Who if who.role is not None and who.role is not Role.SUBSTITUTE}
LOW_ROWS: list[AccessRow] = [
    row for row in ROWS if row.who in STAFF_WHO and page_shows_personal_data(_view_name(row.url))
]


def test_the_low_matrix_covers_every_protected_app() -> None:
    prefixes = {row.url.split("/")[1] for row in LOW_ROWS}
    assert {"lonesupport", "intyg", "lon", "konto", "bemanning", "admin"} <= prefixes


@pytest.mark.django_db
@pytest.mark.parametrize("row", LOW_ROWS, ids=[row.id for row in LOW_ROWS])
def test_a_password_only_staff_login_is_sent_to_step_up(row: AccessRow) -> None:
    """Whatever the page would answer a strong login (200, 403, 404, 405), a weak one steps up first."""
    if row.setup is not None:
        row.setup()
    response = getattr(client_for(row.who, strong=False), row.method)(row.url)
    assert response.status_code == 302
    assert response["Location"] == step_up_location(row.url)
