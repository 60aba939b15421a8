"""The daily summary the reports read for whole past days (``services.statistics_refresh`` keeps it).

One row per day and workplace with the day's additive figures: needs and bookings, cancellations by
whom, approved hours and their cost, and the same per week and month. No person is in it, only
counts and sums, as on the page. Percentiles and per-person figures cannot be added up from daily
rows: the durations are kept as histograms, the hours per substitute and the LAS days per person
and month (see docs/statistics.md).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
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
    "offers_sent",
    "offers_answered",
    "offers_accepted",
    "offers_declined",
)


class Figures(models.Model):
    """The additive figures of a day, week or month and workplace (``SUMMED``)."""

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
    offers_sent = models.PositiveIntegerField(default=0)  # offers of the day's shifts
    offers_answered = models.PositiveIntegerField(default=0)  # … accepted or declined
    offers_accepted = models.PositiveIntegerField(default=0)
    offers_declined = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class DailyFigures(Figures):
    day = models.DateField()  # the shift's (or pay line's) local date

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "workplace"], name="statistics_daily_one_per_day_workplace"
            ),
        ]
        indexes = [models.Index(fields=["workplace", "day"], name="statistics_daily_wp_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.workplace_id}"


class PeriodFigures(Figures):
    """``DailyFigures`` added up per week (from Monday) and per month, for the weeks and months the
    summary holds whole: a report of three years reads some 150 rows per workplace, not 1,100.
    Written from the daily rows by the refresh, after them (``selectors.daily.periods_write``)."""

    step = models.CharField(max_length=5)  # rules.Step
    start = models.DateField()  # the week's Monday or the month's first day

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step", "start", "workplace"], name="statistics_period_one_per_key"
            ),
            models.CheckConstraint(
                condition=models.Q(step__in=["week", "month"]), name="statistics_period_step_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.step} {self.start} {self.workplace_id}"


class Measure(models.IntegerChoices):
    """The durations whose median and 90th percentile the reports show."""

    LEAD_TIME = 1, "lead time"  # need registered → booked (active bookings)
    ANSWER_TIME = 2, "answer time"  # offer sent → answered (accepted or declined)


class DurationValue(models.Model):
    """One duration (a booking's time to booking, an offer's answer time) of a day the summary
    holds, in seconds exactly as the live computation gives it, with its histogram bucket
    (``selectors.durations.bucket_of``). No person: the day, the workplace and the value. Read only
    a bucket at a time, to find the exact k-th value once the bucket counts say where it lies."""

    measure = models.PositiveSmallIntegerField(choices=Measure.choices)
    day = models.DateField()  # the shift's local date
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="+")
    bucket = models.PositiveSmallIntegerField()
    seconds = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["measure", "bucket", "workplace", "day"], name="statistics_dv_bucket"),
            models.Index(fields=["measure", "day"], name="statistics_dv_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.workplace_id} {self.seconds}"


class DurationBuckets(models.Model):
    """How many durations per month, workplace and bucket (a histogram on a log scale of minutes),
    for the days ``DurationValue`` holds: a report adds the whole months up from here and counts the
    days at its edges from the values."""

    measure = models.PositiveSmallIntegerField(choices=Measure.choices)
    month = models.DateField()  # the month's first day
    workplace = models.ForeignKey(Workplace, on_delete=models.CASCADE, related_name="+")
    bucket = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()
    low = models.FloatField()  # the least and greatest value: a bucket of equal values needs no read
    high = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "month", "workplace", "bucket"], name="statistics_buckets_one_per_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.workplace_id} {self.bucket}: {self.count}"


class SubstituteMonthMinutes(models.Model):
    """Booked minutes (active bookings, by the shift's date) per substitute, month and workplace, and
    per substitute and month over every workplace (``workplace`` empty), for the hours per
    substitute. Personal data: kept as long as the bookings it is made from (the retention rule
    ``statistics_hours`` in ``privacy.retention.policy``)."""

    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    workplace = models.ForeignKey(Workplace, null=True, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    minutes = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["month", "workplace"], name="statistics_hours_month_wp")]

    def __str__(self) -> str:
        return f"{self.month} {self.workplace_id} {self.substitute_id}: {self.minutes}"


class SubstituteMonthDays(models.Model):
    """LAS employment days per substitute and month (``month``: of the local date, Europe/Stockholm,
    on which an active booking starts, as ``staffing.las`` counts them): the distinct days of SÄV, of
    vikariat, and of either form. A month holds whole days, so the days of whole months add up to
    the distinct days of a window (``selectors.las``). Personal data: kept as long as the bookings
    it is counted from (the retention rule ``statistics_las_days`` in ``privacy.retention.policy``)."""

    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the month's first day
    sav = models.PositiveIntegerField()
    vikariat = models.PositiveIntegerField()
    days = models.PositiveIntegerField()  # either form, each day once

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["substitute", "month"], name="statistics_las_days_one_per_month"),
        ]
        indexes = [models.Index(fields=["month"], name="statistics_las_days_month")]

    def __str__(self) -> str:
        return f"{self.month} {self.substitute_id}: {self.days}"


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
