"""The purge anonymises leavers past RETENTION_LEAVER_YEARS, and only them (privacy.leavers does the work)."""

from __future__ import annotations

import datetime as dt

import pytest

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.privacy.retention.services import purge_expired_data

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)


def _leaver(ended_at: dt.datetime, **fields: object) -> object:
    return SubstituteFactory(is_active=False, engagement_ended_at=ended_at, **fields)


def test_a_leaver_past_the_period_is_anonymised_and_one_within_it_is_not(settings) -> None:  # type: ignore[no-untyped-def]
    settings.RETENTION_LEAVER_YEARS = 2
    old = _leaver(NOW - dt.timedelta(days=2 * 366), family_name="Gammalsson", employee_number="E-1")
    recent = _leaver(NOW - dt.timedelta(days=300), family_name="Nyligensson", employee_number="E-2")
    staying = SubstituteFactory(family_name="Kvarsson")

    assert purge_expired_data(now=NOW, dry_run=True)["leavers_anonymised"] == 1
    old.refresh_from_db()
    assert old.family_name == "Gammalsson"  # a dry run changes nothing

    assert purge_expired_data(now=NOW)["leavers_anonymised"] == 1
    for person in (old, recent, staying):
        person.refresh_from_db()
    assert old.family_name == "" and old.mobile == "" and old.anonymised_at == NOW
    assert old.employee_number == "E-1"  # the pay lines stay tied to it
    assert recent.family_name == "Nyligensson" and recent.anonymised_at is None
    assert staying.family_name == "Kvarsson"
    assert purge_expired_data(now=NOW)["leavers_anonymised"] == 0  # a second run finds nobody
