"""The staffing proposal's background task: solving takes up to the time limit, so a worker does it."""

from __future__ import annotations

from django.tasks import task

from vikarieportalen.staffing.proposal.services import proposal_run


@task
def proposal_solve(proposal_id: int) -> None:
    """Solve one queued proposal (harmless twice: only a queued proposal is claimed)."""
    proposal_run(proposal_id=proposal_id)
