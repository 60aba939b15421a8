"""A staffing proposal (issue 18) ready to review in the demo: next week's open shifts at the two
workplaces with the most of them, solved at once with a short time limit (kept small so the demo
builds fast). Idempotent: a second run finds the proposal and adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count as Counted
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.roles import Role
from vikarieportalen.demo.common import Count
from vikarieportalen.staffing.models import Shift, ShiftStatus, StaffingProposal
from vikarieportalen.staffing.proposal.services import proposal_create
from vikarieportalen.staffing.proposal.tasks import proposal_run

DAYS = 7
WORKPLACES = 2
TIME_LIMIT = 5  # seconds; the demo's week is small, the solver is done well before


def demo_proposal_build(*, count: Count, today: dt.date | None = None) -> StaffingProposal | None:
    if StaffingProposal.objects.exists():
        count("staffing proposals", False)
        return None
    first_day = (today or timezone.localdate()) + dt.timedelta(days=1)
    last_day = first_day + dt.timedelta(days=DAYS - 1)
    busiest = list(
        Shift.objects.filter(
            status=ShiftStatus.ACTIVE, is_booked=False, day__gte=first_day, day__lte=last_day
        )
        .values("workplace_id")
        .annotate(open=Counted("pk"))
        .order_by("-open", "workplace_id")
        .values_list("workplace_id", flat=True)[:WORKPLACES]
    )
    by = User.objects.filter(groups__name=Role.STAFFING_CENTRE.value, is_active=True).order_by("pk").first()
    if not busiest or by is None:
        return None
    try:
        proposal = proposal_create(
            by=by,
            first_day=first_day,
            last_day=last_day,
            workplace_ids=busiest,
            time_limit=TIME_LIMIT,
            enqueue=False,  # solved here and now, not by a worker
        )
    except Refused:
        return None
    solved = proposal_run(proposal_id=proposal.pk)
    count("staffing proposals", True)
    return solved
