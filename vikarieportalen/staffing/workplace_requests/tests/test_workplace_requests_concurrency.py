"""Two managers deciding one request at the same moment, from separate connections: one decision
wins, the other is refused, and there is never more than one introduction (PostgreSQL only; on
SQLite writers are serialised by the database lock anyway)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone, translation

from vikarieportalen.accounts.tests.factories import (
    StaffingCentreFactory,
    SubstituteFactory,
    WorkplaceManagerFactory,
)
from vikarieportalen.staffing.models import AreaOfWork, Introduction, WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.tests.factories import WorkplaceFactory
from vikarieportalen.staffing.workplace_requests import services as wr
from vikarieportalen.testing import postgresql_only


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_managers_deciding_at_once_one_wins_and_the_other_is_refused() -> None:
    first, second = WorkplaceManagerFactory(), WorkplaceManagerFactory()
    workplace = WorkplaceFactory(area=AreaOfWork.PRESCHOOL, managers=[first, second])
    substitute = SubstituteFactory()
    request = wr.workplace_request_create(substitute=substitute, workplace=workplace, area="", message="")
    wr.workplace_request_forward(
        request=request, workplace=None, note="", by=StaffingCentreFactory(), now=timezone.now()
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(work: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                start.wait()
                with translation.override("en"):
                    work()
                outcomes.append("done")
            except wr.RequestRefused as refused:
                outcomes.append(refused.message)
            finally:
                connection.close()

        return run

    threads = [
        threading.Thread(
            target=decide(
                lambda: wr.workplace_request_approve(
                    request=request, introduced_on=None, note="", by=first, now=timezone.now()
                )
            )
        ),
        threading.Thread(
            target=decide(
                lambda: wr.workplace_request_decline(
                    request=request, note="Nej", by=second, now=timezone.now()
                )
            )
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(outcomes) == 2 and outcomes.count("done") == 1, outcomes
    assert any("already been handled" in outcome for outcome in outcomes), outcomes
    final = WorkplaceRequest.objects.get(pk=request.pk)
    introductions = Introduction.objects.filter(substitute=substitute, workplace=workplace).count()
    assert (final.status, introductions) in {
        (WorkplaceRequestStatus.APPROVED, 1),
        (WorkplaceRequestStatus.DECLINED, 0),
    }
