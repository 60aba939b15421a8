"""AnyOf: the same rows as ``__in``, one array parameter on PostgreSQL (core/lookups.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import F

from vikarieportalen.core.lookups import AnyOf
from vikarieportalen.staffing.models import Workplace
from vikarieportalen.staffing.tests.factories import WorkplaceFactory

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects() -> None:
    places = WorkplaceFactory.create_batch(5)
    wanted = [places[0].pk, places[3].pk, places[4].pk, 10_000_000]
    found = set(Workplace.objects.filter(AnyOf(F("pk"), wanted)).values_list("pk", flat=True))
    assert found == set(Workplace.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    assert found == {places[0].pk, places[3].pk, places[4].pk}
    assert not Workplace.objects.filter(AnyOf(F("pk"), [])).exists()
    assert Workplace.objects.exclude(AnyOf(F("pk"), [places[1].pk])).count() == Workplace.objects.count() - 1


def test_a_long_list_is_one_parameter_on_postgresql() -> None:
    place = WorkplaceFactory()
    ids = [place.pk, *range(10_000_000, 10_003_000)]
    sent: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert list(Workplace.objects.filter(AnyOf(F("pk"), ids)).values_list("pk", flat=True)) == [place.pk]
    sql, params = sent[-1]
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql
        assert list(params) == [ids]
    else:
        assert len(params) == len(ids)
