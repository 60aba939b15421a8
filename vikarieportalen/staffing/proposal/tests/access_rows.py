"""Access rows for the staffing proposal's pages (see core/tests/test_access_matrix.py).

The staffing centre's and administrators' only: the proposal names the whole pool's people and
their hours. Proposal 940001 is ready to review, with one proposed assignment (940010).
"""

# ruff: noqa: E501 - one row per URL reads better than wrapped rows
from __future__ import annotations

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.staffing.models import ProposalAssignment, ProposalStatus, StaffingProposal
from vikarieportalen.staffing.tests.factories import ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import LOGIN, RedirectTo, access_table

L = LOGIN
PROPOSAL, ASSIGNMENT = 940001, 940010
BASE = f"/bemanning/forslag/{PROPOSAL}"
DETAIL = RedirectTo(f"{BASE}/")


def proposal_setup() -> None:
    workplace = WorkplaceFactory(pk=940002, name="Förslagsradernas arbetsplats")
    shift = ShiftFactory(workplace=workplace)
    proposal = StaffingProposal.objects.create(
        pk=PROPOSAL,
        first_day=shift.day,
        last_day=shift.day,
        status=ProposalStatus.DONE,
        shifts_total=1,
        filled=1,
    )
    proposal.workplaces.add(workplace)
    ProposalAssignment.objects.create(
        pk=ASSIGNMENT,
        proposal=proposal,
        shift=shift,
        substitute=SubstituteFactory(),
        reason_codes=["new_here"],
    )


# fmt: off
ROWS = [
    *access_table([
        # url                                          out  in   forged proxy subst  mgr    staff  pay    hr     editor admin
        ("/bemanning/forslag/",                        L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BASE}/",                                   L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BASE}/framsteg/",                          L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BASE}/tilldelning/{ASSIGNMENT}/byt/",      L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        ("/bemanning/forslag/940099/",                 L,   L,   L,     L,    403,   403,   404,   403,   403,   403,   404),
        # Changes state: POST only.
        (f"{BASE}/avbryt/",                            405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{BASE}/bekrafta/",                          405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
        (f"{BASE}/tilldelning/{ASSIGNMENT}/ta-bort/",  405, 405, 405,   405,  405,   405,   405,   405,   405,   405,   405),
    ], setup=proposal_setup),
    *access_table([
        ("/bemanning/forslag/",                        L,   L,   L,     L,    403,   403,   200,   403,   403,   403,   200),
        (f"{BASE}/avbryt/",                            L,   L,   L,     L,    403,   403,   DETAIL, 403,  403,   403,   DETAIL),
        # Nothing chosen: a message, back to the proposal, nothing booked.
        (f"{BASE}/bekrafta/",                          L,   L,   L,     L,    403,   403,   DETAIL, 403,  403,   403,   DETAIL),
        (f"{BASE}/tilldelning/{ASSIGNMENT}/ta-bort/",  L,   L,   L,     L,    403,   403,   DETAIL, 403,  403,   403,   DETAIL),
    ], method="post", setup=proposal_setup),
]
# fmt: on
