"""Pay data and the export of approved hours.

An approved ``staffing.TimeReport`` becomes time transactions here: one line for the ordinary hours
and one per supplement band (OB) the work fell in. The export, the certificates and the annual
income all count these same lines.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HourlyWage(models.Model):
    """A substitute's hourly wage from a day on (kronor per hour, before tax)."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="hourly_wages",
    )
    valid_from = models.DateField(_("valid from"))
    amount = models.DecimalField(_("hourly wage (SEK)"), max_digits=8, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hourly wage")
        verbose_name_plural = _("hourly wages")
        ordering = ["substitute_id", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["substitute", "valid_from"], name="payroll_hourlywage_once_a_day"
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payroll_hourlywage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.valid_from}: {self.amount}"


class BandKind(models.TextChoices):
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")
    WEEKEND = "weekend", _("Weekend")
    HOLIDAY = "holiday", _("Public holiday")


class SupplementBand(models.Model):
    """An unsocial-hours supplement (*OB-tillägg*): when it applies and what it pays per hour.

    ``weekdays`` lists the days (0 = Monday) the band's local times apply on; ``ends`` at or before
    ``starts`` runs past midnight. ``on_holidays``: the band covers Swedish public holidays (and the
    eves the municipality treats as such) all day. Where bands overlap the highest ``priority`` wins.
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    time_code = models.CharField(_("time code in the payroll system"), max_length=10)
    kind = models.CharField(_("kind"), max_length=10, choices=BandKind.choices)
    weekdays = models.JSONField(_("weekdays"), default=list, blank=True)
    starts = models.TimeField(_("from"), null=True, blank=True)
    ends = models.TimeField(_("until"), null=True, blank=True)
    on_holidays = models.BooleanField(_("all day on public holidays"), default=False)
    amount_per_hour = models.DecimalField(_("supplement per hour (SEK)"), max_digits=8, decimal_places=2)
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("supplement band")
        verbose_name_plural = _("supplement bands")
        ordering = ["-priority", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=BandKind.values), name="payroll_supplementband_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_per_hour__gte=0), name="payroll_supplementband_amount_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PeriodState(models.TextChoices):
    OPEN = "open", _("Open")
    LOCKED = "locked", _("Locked")


class PayPeriod(models.Model):
    """A pay period (a calendar month, named by its first day) and whether it still takes lines.

    A row is made when a period first gets a line or is exported. A locked period (exported) takes
    no new lines: they go to the next open period, marked late (``periods/rules.py``).
    """

    month = models.DateField(_("period"), unique=True)  # the first day of the month
    state = models.CharField(_("state"), max_length=10, choices=PeriodState.choices, default=PeriodState.OPEN)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pay period")
        verbose_name_plural = _("pay periods")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="payroll_payperiod_first_of_month"),
            models.CheckConstraint(
                condition=models.Q(state__in=PeriodState.values), name="payroll_payperiod_state_valid"
            ),
            # Locked exactly when it has a time of locking; an open period has none.
            models.CheckConstraint(
                condition=models.Q(state=PeriodState.OPEN, locked_at__isnull=True)
                | models.Q(state=PeriodState.LOCKED, locked_at__isnull=False),
                name="payroll_payperiod_locked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.state})"


class ExportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ExportBatch(models.Model):
    """One export of approved hours. Its files are stored, so a download again gives the same bytes."""

    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.RUNNING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    transaction_count = models.PositiveIntegerField(default=0)
    paxml = models.BinaryField(default=b"")
    csv = models.BinaryField(default=b"")
    paxml_sha256 = models.CharField(max_length=64, blank=True)
    csv_sha256 = models.CharField(max_length=64, blank=True)
    # The pay period exported (its first day); empty for exports made before pay periods.
    period = models.DateField(_("period"), null=True, blank=True)

    class Meta:
        verbose_name = _("payroll export")
        verbose_name_plural = _("payroll exports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ExportStatus.values), name="payroll_exportbatch_status_valid"
            ),
            # One export at a time: a second one started while the first runs is refused.
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="running"),
                name="payroll_exportbatch_one_running",
            ),
            # A period is exported once (then locked); later changes go to a later period.
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(status="done", period__isnull=False),
                name="payroll_exportbatch_period_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} ({self.status})"


class HoursCorrection(models.Model):
    """A correction of a shift's approved hours after they were exported (or at least approved).

    It is never an edit of a line: it adds reversal lines (negative minutes and kronor, each
    ``corrects`` the line it cancels) and the new lines, in the next open pay period. The times here
    are the shift's corrected times; the latest correction of a report holds its current times.
    Removed with its report (retention), which goes only once its lines are gone.
    """

    report = models.ForeignKey("staffing.TimeReport", on_delete=models.CASCADE, related_name="corrections")
    reason = models.TextField(_("reason"), max_length=500)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    break_minutes = models.PositiveIntegerField(_("break (minutes)"))
    work_minutes = models.PositiveIntegerField(_("work minutes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("correction of hours")
        verbose_name_plural = _("corrections of hours")
        ordering = ["report_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="payroll_hourscorrection_ends_after_start",
            ),
            models.CheckConstraint(condition=~models.Q(reason=""), name="payroll_hourscorrection_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.created_at:%Y-%m-%d}"


class TimeTransaction(models.Model):
    """One line of approved time: ordinary hours (``band`` empty) or hours in a supplement band.

    A line of a correction (``correction`` set) is either a reversal of an earlier line (negative
    minutes and kronor, ``corrects`` that line) or a new line (``corrects`` the line it replaces).
    """

    report = models.ForeignKey("staffing.TimeReport", on_delete=models.PROTECT, related_name="transactions")
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_transactions"
    )
    day = models.DateField(_("date"))  # local date the piece of work starts
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    minutes = models.IntegerField(_("minutes"))  # negative only on a reversal
    time_code = models.CharField(_("time code"), max_length=10)
    band = models.ForeignKey(
        SupplementBand, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cost_centre = models.CharField(_("cost centre"), max_length=20, blank=True)
    rate = models.DecimalField(_("rate per hour (SEK)"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount (SEK)"), max_digits=10, decimal_places=2)
    batch = models.ForeignKey(
        ExportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    # The pay period the line is paid in (first day of its month): the work date's own, or a later
    # one when approved after the cut-off or after the period was locked (then ``late``).
    period = models.DateField(_("pay period"))
    late = models.BooleanField(_("late"), default=False)
    correction = models.ForeignKey(
        HoursCorrection, null=True, blank=True, on_delete=models.PROTECT, related_name="lines"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrected_by"
    )

    class Meta:
        verbose_name = _("time transaction")
        verbose_name_plural = _("time transactions")
        ordering = ["substitute_id", "starts_at", "time_code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="payroll_timetransaction_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(period__day=1), name="payroll_timetransaction_period_first_of_month"
            ),
            # Paid in a later period than the work only when marked late.
            models.CheckConstraint(
                condition=models.Q(period__lte=models.F("day")) | models.Q(late=True),
                name="payroll_timetransaction_later_period_is_late",
            ),
            # Negative minutes and kronor only on a correction's reversal lines.
            models.CheckConstraint(
                condition=models.Q(minutes__gte=0, amount__gte=0) | models.Q(correction__isnull=False),
                name="payroll_timetransaction_negative_only_in_correction",
            ),
        ]
        indexes = [
            models.Index(fields=["batch", "substitute"], name="payroll_tt_batch_sub"),
            models.Index(fields=["substitute", "day"], name="payroll_tt_sub_day"),
            models.Index(fields=["period", "batch"], name="payroll_tt_period_batch"),
            # The pay lines of some days (the statistics' cost of the days after its summary, and its
            # refresh) without reading every pay line.
            models.Index(fields=["day"], name="payroll_tt_day"),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.day} {self.time_code} {self.minutes}"
