"""The access matrix: for every URL and every kind of visitor, what the visitor gets.

How to read it: each app keeps a table in ``<app>/tests/access_rows.py``, one line per URL and
one column per kind of visitor (``Who``, in the order of ``WHO_COLUMNS``):

    anonymous outside the network (203.0.113.9), anonymous inside it (10.20.1.1), anonymous from
    outside with a forged X-Forwarded-For, anonymous inside behind the trusted proxy, then one
    logged-in user per role: substitute, workplace manager, staffing centre, payroll, HR service,
    editor, administrator (logged-in users come from outside the network).

A cell is a status code (200, 403, 404, 405), ``LOGIN`` (a redirect to the portal's login page
with ``?next=`` the requested path) or ``RedirectTo("/exact/location")``.

How to add a view: add its line to its app's ``access_rows.py`` (``access_table`` refuses a line
with a column missing). A new app adds an ``access_rows.py`` and one entry in ``ROWS`` below. Rows
that need data pass ``setup=`` (a callable, e.g. a factory) to ``access_table``.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.shortcuts import resolve_url

from vikarieportalen.accounts.hr.tests import access_rows as hr_details_rows
from vikarieportalen.accounts.login.tests import access_rows as login_methods_rows
from vikarieportalen.accounts.passwords.tests import access_rows as password_rows
from vikarieportalen.accounts.sessions.tests import access_rows as sessions_rows
from vikarieportalen.accounts.tests import access_rows as accounts_rows
from vikarieportalen.audit.tests import access_rows as audit_rows
from vikarieportalen.certificates.tests import access_rows as certificates_rows
from vikarieportalen.core.tests import access_rows as core_rows
from vikarieportalen.feedback.tests import access_rows as feedback_rows
from vikarieportalen.intranet.tests import access_rows as intranet_rows
from vikarieportalen.notifications.push.tests import access_rows as push_rows
from vikarieportalen.notifications.tests import access_rows as notifications_rows
from vikarieportalen.payroll.corrections.tests import access_rows as corrections_rows
from vikarieportalen.payroll.export.tests import access_rows as export_rows
from vikarieportalen.payroll.hours.tests import access_rows as hours_rows
from vikarieportalen.payroll.my_hours.tests import access_rows as my_hours_rows
from vikarieportalen.privacy.export.tests import access_rows as personal_data_rows
from vikarieportalen.privacy.leavers.tests import access_rows as leavers_rows
from vikarieportalen.staffing.las.tests import access_rows as las_rows
from vikarieportalen.staffing.messages.tests import access_rows as group_messages_rows
from vikarieportalen.staffing.my_shifts.tests import access_rows as mypages_rows
from vikarieportalen.staffing.offers.tests import access_rows as offers_rows
from vikarieportalen.staffing.overview.tests import access_rows as overview_rows
from vikarieportalen.staffing.proposal.tests import access_rows as proposal_rows
from vikarieportalen.staffing.series.tests import access_rows as series_rows
from vikarieportalen.staffing.shifts.tests import access_rows as shifts_rows
from vikarieportalen.staffing.workplace_requests.tests import access_rows as requests_rows
from vikarieportalen.statistics.tests import access_rows as statistics_rows
from vikarieportalen.support.tests import access_rows as support_rows
from vikarieportalen.testing import LOGIN, AccessRow, RedirectTo, Who, client_for
from vikarieportalen.trainings.tests import access_rows as trainings_rows

ROWS: list[AccessRow] = [
    *core_rows.ROWS,
    *accounts_rows.ROWS,
    *hr_details_rows.ROWS,
    *login_methods_rows.ROWS,
    *password_rows.ROWS,
    *sessions_rows.ROWS,
    *audit_rows.ROWS,
    *intranet_rows.ROWS,
    *feedback_rows.ROWS,
    *shifts_rows.ROWS,
    *mypages_rows.ROWS,
    *offers_rows.ROWS,
    *requests_rows.ROWS,
    *support_rows.ROWS,
    *trainings_rows.ROWS,
    *export_rows.ROWS,
    *certificates_rows.ROWS,
    *hours_rows.ROWS,
    *corrections_rows.ROWS,
    *my_hours_rows.ROWS,
    *las_rows.ROWS,
    *personal_data_rows.ROWS,
    *leavers_rows.ROWS,
    *notifications_rows.ROWS,
    *push_rows.ROWS,
    *series_rows.ROWS,
    *overview_rows.ROWS,
    *proposal_rows.ROWS,
    *group_messages_rows.ROWS,
    *statistics_rows.ROWS,
]


def test_every_row_is_unique() -> None:
    keys = [(row.method, row.url, row.who) for row in ROWS]
    assert len(keys) == len(set(keys))


def test_every_url_has_a_cell_for_every_kind_of_visitor() -> None:
    by_url: dict[tuple[str, str], set[Who]] = {}
    for row in ROWS:
        by_url.setdefault((row.method, row.url), set()).add(row.who)
    assert all(whos == set(Who) for whos in by_url.values())


@pytest.mark.django_db
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(row: AccessRow) -> None:
    if row.setup is not None:
        row.setup()
    response = getattr(client_for(row.who), row.method)(row.url)

    if row.expected == LOGIN:
        login = resolve_url(settings.LOGIN_URL)
        assert response.status_code == 302, f"expected a login redirect, got {response.status_code}"
        assert response["Location"] == f"{login}?next={quote(row.url)}"
    elif isinstance(row.expected, RedirectTo):
        assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
        assert response["Location"] == row.expected.location
    else:
        assert response.status_code == row.expected
