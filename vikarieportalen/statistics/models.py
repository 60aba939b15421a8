"""The daily summary the reports read for whole past days (``services.statistics_refresh`` keeps it).

One row per day and workplace with the day's additive figures: needs and bookings, cancellations by
whom, approved hours and their cost. No person is in it, only counts and sums, as on the page.
Percentiles cannot be added up from daily rows, so the time to booking and the offers' answer times,
the hours per substitute and LAS are still computed from the bookings (see docs/statistics.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from vikarieportalen.staffing.models import Workplace

SUMMED = (
    "needed",
    "booked",
    "booking_substitute",
    "booking_manager",
    "booking_staff",
    "need_manager",
    "need_staff",
    "minutes",
    "wages",
    "supplements",
)


class DailyFigures(models.Model):
    day = models.DateField()  # the shift's (or pay line's) local date
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="+")
    needed = models.PositiveIntegerField(default=0)  # active needs
    booked = models.PositiveIntegerField(default=0)  # active needs an active booking holds
    booking_substitute = models.PositiveIntegerField(default=0)  # bookings cancelled by the substitute
    booking_manager = models.PositiveIntegerField(default=0)  # … by one of the workplace's managers
    booking_staff = models.PositiveIntegerField(default=0)  # … by anyone else
    need_manager = models.PositiveIntegerField(default=0)  # needs withdrawn by a manager
    need_staff = models.PositiveIntegerField(default=0)  # … by anyone else
    minutes = models.PositiveIntegerField(default=0)  # approved ordinary minutes
    wages = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    supplements = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "workplace"], name="statistics_daily_one_per_day_workplace"
            ),
        ]
        indexes = [models.Index(fields=["workplace", "day"], name="statistics_daily_wp_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.workplace_id}"


class SummaryState(models.Model):
    """The summary's bookkeeping: one row (pk 1). ``through``: every day up to it is in
    DailyFigures; ``refreshed_at``: when the last refresh began (what changed since is redone)."""

    singleton = models.BooleanField(default=True, unique=True)
    through = models.DateField(null=True)
    refreshed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="statistics_summary_state_one_row"
            )
        ]

    def __str__(self) -> str:
        return f"through {self.through}"
