"""The demo's workplace requests: every state, JOSA9804's waiting with her workplace's manager, and a
second run that adds nothing (without building the whole demo municipality)."""

from __future__ import annotations

import pytest

from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.demo.staffing.workplace_requests import REQUESTS, demo_requests_build
from vikarieportalen.staffing.models import AreaOfWork, Introduction, WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.tests.factories import WorkplaceFactory

pytestmark = pytest.mark.django_db


def test_demo_requests_cover_every_state_and_a_second_run_adds_nothing() -> None:
    StaffingCentreFactory(employee_number="P20001")
    manager = WorkplaceManagerFactory()
    for spec in REQUESTS:
        if spec.workplace:
            WorkplaceFactory(name=spec.workplace, area=AreaOfWork.OTHER, managers=[manager])
    josa = SubstituteFactory(employee_number="V10001", username="JOSA9804")
    for number in range(10002, 10060):
        SubstituteFactory(employee_number=f"V{number}")
    counted: list[bool] = []

    demo_requests_build(count=lambda _what, created: counted.append(created))
    assert WorkplaceRequest.objects.count() == len(REQUESTS)
    assert set(WorkplaceRequest.objects.values_list("status", flat=True)) == set(
        WorkplaceRequestStatus.values
    )
    waiting = WorkplaceRequest.objects.get(substitute=josa, status=WorkplaceRequestStatus.FORWARDED)
    assert waiting.workplace is not None and waiting.workplace.name == "Förskolan Snäckan"
    approved = WorkplaceRequest.objects.get(status=WorkplaceRequestStatus.APPROVED)
    assert Introduction.objects.filter(substitute=approved.substitute, workplace=approved.workplace).exists()

    before = list(WorkplaceRequest.objects.order_by("pk").values_list("pk", "status", "created_at"))
    counted.clear()
    demo_requests_build(count=lambda _what, created: counted.append(created))
    assert not any(counted)
    assert list(WorkplaceRequest.objects.order_by("pk").values_list("pk", "status", "created_at")) == before
