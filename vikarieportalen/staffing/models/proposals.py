"""The automatic staffing proposal (issue 18): a solver's proposal for a period, reviewed, then confirmed.

A ``StaffingProposal`` is one run of the solver for a period and some workplaces; its
``ProposalAssignment`` rows are what it proposes (and what became of each in review and on
confirming), its ``ProposalUnfilled`` rows the shifts it left open and the rule that bound them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.models.shifts import Shift
from vikarieportalen.staffing.models.workplaces import Workplace


class ProposalStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Solving")
    DONE = "done", _("Ready to review")
    CANCELLED = "cancelled", _("Cancelled before it was done")
    FAILED = "failed", _("Failed")


class StaffingProposal(models.Model):
    """One solver run: who asked, for which period and workplaces, how far it got and how good it is."""

    WORKER_LOST = "worker_lost"  # ``error`` of one whose worker died while solving (proposal.tasks)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    workplaces = models.ManyToManyField(Workplace, related_name="+", verbose_name=_("workplaces"))
    status = models.CharField(max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    time_limit_seconds = models.PositiveSmallIntegerField(default=20)
    # Progress, written while solving: the share of the time limit used (0-100), solutions found.
    progress = models.PositiveSmallIntegerField(default=0)
    solutions = models.PositiveIntegerField(default=0)
    shifts_total = models.PositiveIntegerField(default=0)
    filled = models.PositiveIntegerField(default=0)
    upper_bound = models.PositiveIntegerField(null=True, blank=True)  # proven: no proposal fills more
    objective = models.BigIntegerField(null=True, blank=True)
    best_bound = models.BigIntegerField(null=True, blank=True)
    solver_status = models.CharField(max_length=12, blank=True)  # optimal / feasible / first
    seconds = models.FloatField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("staffing proposal")
        verbose_name_plural = _("staffing proposals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="staffing_proposal_period_order",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="staffing_proposal_progress_percent"
            ),
        ]
        indexes = [models.Index(fields=["created_at"], name="staffing_proposal_created")]

    def __str__(self) -> str:
        return f"{self.pk} {self.first_day}–{self.last_day}"

    @property
    def is_active(self) -> bool:
        return self.status in (ProposalStatus.QUEUED, ProposalStatus.RUNNING)

    @property
    def error_text(self) -> str:
        """Why it failed, for the page: a lost worker explained in the reader's language, else the
        refusal as the worker wrote it."""
        if self.error == self.WORKER_LOST:
            return str(_("Solving stopped unexpectedly (the worker was restarted). Make the proposal again."))
        return self.error


class AssignmentState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    REMOVED = "removed", _("Removed")
    CONFIRMED = "confirmed", _("Confirmed")
    SKIPPED = "skipped", _("Skipped")


class ProposalAssignment(models.Model):
    """One proposed (shift, substitute): why it was chosen, and what became of it."""

    proposal = models.ForeignKey(StaffingProposal, on_delete=models.CASCADE, related_name="assignments")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="+")
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Why the solver chose them: codes of ``proposal.explain`` and the hours so far in the month.
    reason_codes = models.JSONField(default=list, blank=True)
    month_minutes_before = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=AssignmentState.choices, default=AssignmentState.PROPOSED)
    as_offer = models.BooleanField(default=False)  # confirmed as an offer, not a booking
    skipped_reason = models.CharField(max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposed assignment")
        verbose_name_plural = _("proposed assignments")
        constraints = [
            # A shift is proposed to one person at a time (a removed row does not count).
            models.UniqueConstraint(
                fields=["proposal", "shift"],
                condition=~models.Q(state="removed"),
                name="staffing_proposal_one_per_shift",
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.shift_id} → {self.substitute_id}"


class ProposalUnfilled(models.Model):
    """A shift the proposal left open: the rule that bound it and the smallest change known to help."""

    proposal = models.ForeignKey(StaffingProposal, on_delete=models.CASCADE, related_name="unfilled")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)
    change = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("shift left open")
        verbose_name_plural = _("shifts left open")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "shift"], name="staffing_proposal_unfilled_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.shift_id} ({self.code})"
