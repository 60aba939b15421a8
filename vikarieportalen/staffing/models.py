from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaOfWork(models.TextChoices):
    ELDERLY_CARE = "elderly_care", _("Elderly care")
    HOME_CARE = "home_care", _("Home care")
    DISABILITY = "disability", _("Disability support")
    SCHOOL = "school", _("School")
    PRESCHOOL = "preschool", _("Preschool")
    OTHER = "other", _("Other")


class Workplace(models.Model):
    """A unit that substitutes are booked to (*arbetsplats/enhet*)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    area = models.CharField(_("area of work"), max_length=20, choices=AreaOfWork.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    cost_centre = models.CharField(
        _("cost centre"), max_length=20, blank=True, help_text=_("Sent with worked hours to payroll.")
    )
    managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("managers"),
        related_name="managed_workplaces",
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(area__in=AreaOfWork.values), name="staffing_workplace_area_valid"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Qualification(models.Model):
    """Something a shift may require and a substitute may hold (*kompetens*)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    expires = models.BooleanField(
        _("has a valid-until date"),
        default=False,
        help_text=_("For example a medication delegation, renewed every year."),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class SubstituteQualification(models.Model):
    """A qualification a substitute holds, valid up to and including ``valid_until`` when set."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="qualifications_held",
    )
    qualification = models.ForeignKey(
        Qualification, verbose_name=_("qualification"), on_delete=models.PROTECT, related_name="holders"
    )
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        constraints = [
            models.UniqueConstraint(
                fields=["substitute", "qualification"], name="staffing_substitutequalification_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id}: {self.qualification_id}"


class Introduction(models.Model):
    """A substitute introduced at (approved for) a workplace; bookings go only to such places."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="introductions",
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.CASCADE, related_name="introductions"
    )
    introduced_on = models.DateField(_("introduced on"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(fields=["substitute", "workplace"], name="staffing_introduction_once")
        ]
        indexes = [models.Index(fields=["workplace", "substitute"], name="staffing_intro_wp_sub")]

    def __str__(self) -> str:
        return f"{self.substitute_id} @ {self.workplace_id}"


class Agreement(models.Model):
    """A collective agreement's working-time parameters (AB by default). Durations in minutes."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)
    daily_rest_minutes = models.PositiveIntegerField(_("daily rest (minutes)"), default=11 * 60)
    weekly_rest_minutes = models.PositiveIntegerField(_("weekly rest (minutes)"), default=36 * 60)
    max_work_without_break_minutes = models.PositiveIntegerField(
        _("longest work without a break (minutes)"), default=5 * 60
    )
    max_month_minutes = models.PositiveIntegerField(
        _("most work per calendar month (minutes)"), default=165 * 60
    )
    substitute_cancel_hours = models.PositiveIntegerField(
        _("a substitute may cancel until this many hours before the start"), default=48
    )

    class Meta:
        verbose_name = _("collective agreement")
        verbose_name_plural = _("collective agreements")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="staffing_agreement_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SubstituteProfile(models.Model):
    """What staffing keeps about a substitute beyond the account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="substitute_profile",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("collective agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Empty: the default agreement."),
    )
    is_bookable = models.BooleanField(
        _("can be booked"), default=True, help_text=_("Off while on leave or during a pause in the pool.")
    )
    note = models.CharField(_("note for the staffing centre"), max_length=500, blank=True)
    # The secret in the personal calendar-feed address; NULL until the feed is first used.
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    calendar_token_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("substitute profile")
        verbose_name_plural = _("substitute profiles")

    def __str__(self) -> str:
        return str(self.user)


class AvailabilityKind(models.TextChoices):
    AVAILABLE = "available", _("Can work")
    UNAVAILABLE = "unavailable", _("Cannot work")


class AvailabilityPeriod(models.Model):
    """A single period when a substitute can, or cannot, work. "Cannot" wins over "can"."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="availability_periods",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AvailabilityKind.choices)
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("availability period")
        verbose_name_plural = _("availability periods")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="staffing_availabilityperiod_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AvailabilityKind.values),
                name="staffing_availabilityperiod_kind_valid",
            ),
        ]
        indexes = [models.Index(fields=["substitute", "ends_at"], name="staffing_avail_sub_end")]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.kind} {self.starts_at:%Y-%m-%d %H:%M}"


class WeeklyAvailability(models.Model):
    """A repeating weekly pattern, local time; ``ends`` at or before ``starts`` runs past midnight."""

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="weekly_availability",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=AvailabilityKind.choices)
    weekday = models.PositiveSmallIntegerField(_("weekday"))  # 0 = Monday, as datetime.weekday()
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("weekly availability")
        verbose_name_plural = _("weekly availability")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weekday__gte=0, weekday__lte=6),
                name="staffing_weeklyavailability_weekday_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="staffing_weeklyavailability_not_empty"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="staffing_weeklyavailability_valid_range",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=AvailabilityKind.values),
                name="staffing_weeklyavailability_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} {self.weekday} {self.starts:%H:%M}–{self.ends:%H:%M}"


class ShiftReason(models.TextChoices):
    SICK_LEAVE = "sick_leave", _("Sick leave")
    VACATION = "vacation", _("Vacation")
    EXTRA_NEED = "extra_need", _("Extra need")
    OTHER_LEAVE = "other_leave", _("Other leave")


class ShiftSeries(models.Model):
    """Shifts registered together as a repeating need; cancelling the series cancels its open shifts."""

    workplace = models.ForeignKey(Workplace, on_delete=models.PROTECT, related_name="shift_series")
    weekdays = models.JSONField(_("weekdays"), default=list)  # 0 = Monday
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("repeating shift need")
        verbose_name_plural = _("repeating shift needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="staffing_shiftseries_days_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.workplace_id} {self.first_day}–{self.last_day}"


class ShiftStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CANCELLED = "cancelled", _("Cancelled")


class Shift(models.Model):
    """A need for one substitute at a workplace (*behov/pass*). Open while no active booking holds it."""

    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.PROTECT, related_name="shifts"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    day = models.DateField(_("date"), help_text=_("The local (Europe/Stockholm) date the shift starts."))
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    reason = models.CharField(_("reason"), max_length=20, choices=ShiftReason.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    required_qualifications = models.ManyToManyField(
        Qualification, verbose_name=_("required qualifications"), blank=True, related_name="shifts"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ShiftStatus.choices, default=ShiftStatus.ACTIVE
    )
    series = models.ForeignKey(
        ShiftSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    # True while an active booking holds the shift, so the board counts without a join. Kept by the
    # database itself (triggers, migration 0005): whatever writes bookings, it cannot drift.
    is_booked = models.BooleanField(_("booked"), default=False, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "workplace_id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="staffing_shift_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ShiftStatus.values), name="staffing_shift_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(reason__in=ShiftReason.values), name="staffing_shift_reason_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status=ShiftStatus.CANCELLED) | models.Q(cancelled_at__isnull=True),
                name="staffing_shift_cancelled_at_only_when_cancelled",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "workplace"], name="staffing_shift_day_wp"),
            models.Index(fields=["workplace", "starts_at"], name="staffing_shift_wp_start"),
        ]

    def __str__(self) -> str:
        return f"{self.workplace_id} {self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    ACTIVE = "active", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class EmploymentForm(models.TextChoices):
    """The form of a fixed-term employment under LAS 5 §: covering an absent employee, or not."""

    SAV = "sav", _("Special fixed-term employment (SÄV)")
    VIKARIAT = "vikariat", _("Substitute position (vikariat)")


class BookingSource(models.TextChoices):
    DIRECT = "direct", _("Booked by the staffing centre")
    OFFER = "offer", _("Accepted offer")


class Booking(models.Model):
    """A substitute booked onto a shift. Times and workplace are copied from the shift so the
    database can refuse overlaps (PostgreSQL exclusion constraint) and history stays fast."""

    shift = models.ForeignKey(
        Shift, verbose_name=_("shift"), on_delete=models.PROTECT, related_name="bookings"
    )
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    workplace = models.ForeignKey(
        Workplace, verbose_name=_("workplace"), on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    work_minutes = models.PositiveIntegerField(_("working time (minutes)"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.ACTIVE
    )
    source = models.CharField(
        _("source"), max_length=10, choices=BookingSource.choices, default=BookingSource.DIRECT
    )
    # For LAS: covering someone's leave is a vikariat, an extra need SÄV (rules.employment_form_for).
    employment_form = models.CharField(
        _("form of employment"), max_length=10, choices=EmploymentForm.choices, default=EmploymentForm.SAV
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Rules the staffing centre overrode for this booking (rule codes) and why; audited too.
    overridden_rules = models.JSONField(default=list, blank=True)
    override_reason = models.CharField(_("reason for overriding"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    # For the calendar feed (RFC 5545 LAST-MODIFIED and SEQUENCE): services that change a booking's
    # time, place or status add one to ``sequence``.
    updated_at = models.DateTimeField(auto_now=True)
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift"],
                condition=models.Q(status=BookingStatus.ACTIVE),
                name="staffing_booking_one_active_per_shift",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="staffing_booking_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BookingStatus.values), name="staffing_booking_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=BookingSource.values), name="staffing_booking_source_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(employment_form__in=EmploymentForm.values),
                name="staffing_booking_employment_form_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status=BookingStatus.CANCELLED) | models.Q(cancelled_at__isnull=True),
                name="staffing_booking_cancelled_at_only_when_cancelled",
            ),
            # On PostgreSQL migration 0002 adds staffing_booking_no_overlap (EXCLUDE USING gist).
        ]
        indexes = [
            models.Index(fields=["substitute", "starts_at"], name="staffing_booking_sub_start"),
            models.Index(fields=["substitute", "workplace"], name="staffing_booking_sub_wp"),
        ]

    def __str__(self) -> str:
        return f"{self.substitute_id} → {self.shift_id}"


# --- offers (förfrågan) ------------------------------------------------------------------------


class OfferSend(models.Model):
    """One send-out by the staffing centre: one or more shifts offered to chosen substitutes.

    With ``auto_round_size`` set, when nobody has accepted a shift ``auto_round_minutes`` after the
    last round, the next ranked candidates get it, until the shift starts.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(
        _("answer by"), null=True, blank=True, help_text=_("Empty: until the shift starts.")
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    auto_round_size = models.PositiveSmallIntegerField(_("next round: how many"), null=True, blank=True)
    auto_round_minutes = models.PositiveSmallIntegerField(
        _("next round after (minutes)"), null=True, blank=True
    )
    next_round_at = models.DateTimeField(null=True, blank=True)
    rounds = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("offer send-out")
        verbose_name_plural = _("offer send-outs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(auto_round_size__isnull=True)
                | models.Q(auto_round_size__gt=0, auto_round_minutes__gt=0),
                name="staffing_offersend_auto_round_complete",
            )
        ]
        indexes = [models.Index(fields=["next_round_at"], name="staffing_offersend_next_round")]

    def __str__(self) -> str:
        return f"{self.pk} {self.created_at:%Y-%m-%d %H:%M}"


class OfferStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    TAKEN = "taken", _("Filled by someone else")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class OfferChannel(models.TextChoices):
    WEB = "web", _("Web")
    SMS = "sms", _("SMS")
    STAFF = "staff", _("Staffing centre")


class Offer(models.Model):
    """One shift offered to one substitute. The first to accept gets the shift, exactly once."""

    send = models.ForeignKey(OfferSend, on_delete=models.CASCADE, related_name="offers")
    shift = models.ForeignKey(Shift, verbose_name=_("shift"), on_delete=models.CASCADE, related_name="offers")
    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="offers",
    )
    round = models.PositiveSmallIntegerField(default=1)
    # The number in "JA 4711": unique among one substitute's open offers.
    code = models.CharField(max_length=8)
    # The secret in the personal short link.
    token = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("answer by"))
    responded_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=5, choices=OfferChannel.choices, blank=True)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="offer"
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "substitute"], name="staffing_offer_once_per_person"),
            models.UniqueConstraint(
                fields=["substitute", "code"],
                condition=models.Q(status="open"),
                name="staffing_offer_open_code_unique",
            ),
            models.UniqueConstraint(
                fields=["shift"], condition=models.Q(status="accepted"), name="staffing_offer_one_accepted"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=OfferStatus.values), name="staffing_offer_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status="open")
                | models.Q(responded_at__isnull=False)
                | models.Q(status__in=["taken", "expired", "withdrawn"]),
                name="staffing_offer_answered_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["substitute", "status"], name="staffing_offer_sub_status"),
            models.Index(fields=["shift", "status"], name="staffing_offer_shift_status"),
            models.Index(fields=["status", "expires_at"], name="staffing_offer_status_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.shift_id} → {self.substitute_id} ({self.status})"


# --- requests to work at more workplaces ---------------------------------------------------------


class WorkplaceRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Sent to the staffing centre")
    FORWARDED = "forwarded", _("With the workplace's manager")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WorkplaceRequest(models.Model):
    """A substitute asks to work at a workplace (or anywhere in an area of work).

    The staffing centre reviews it (and picks the workplace when the request names an area), then
    the workplace's manager approves or declines; approval adds an ``Introduction``.
    """

    substitute = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("substitute"),
        on_delete=models.CASCADE,
        related_name="workplace_requests",
    )
    workplace = models.ForeignKey(
        Workplace,
        verbose_name=_("workplace"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="requests",
    )
    area = models.CharField(_("area of work"), max_length=20, choices=AreaOfWork.choices, blank=True)
    message = models.CharField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=WorkplaceRequestStatus.choices,
        default=WorkplaceRequestStatus.SUBMITTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("note from the staffing centre"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note from the manager"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("workplace request")
        verbose_name_plural = _("workplace requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workplace__isnull=False) | ~models.Q(area=""),
                name="staffing_workplacerequest_has_target",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=WorkplaceRequestStatus.values),
                name="staffing_workplacerequest_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="forwarded") | models.Q(workplace__isnull=False),
                name="staffing_workplacerequest_forwarded_has_workplace",
            ),
            models.UniqueConstraint(
                fields=["substitute", "workplace"],
                condition=models.Q(status__in=["submitted", "forwarded"]),
                name="staffing_workplacerequest_one_open_per_workplace",
            ),
            # A request for anywhere in an area has no workplace until the staffing centre picks one.
            models.UniqueConstraint(
                fields=["substitute", "area"],
                condition=models.Q(workplace__isnull=True, status="submitted"),
                name="staffing_workplacerequest_one_open_per_area",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="staffing_wpreq_status")]

    def __str__(self) -> str:
        return f"{self.substitute_id} → {self.workplace_id or self.area} ({self.status})"


# --- approval of worked hours (attest) ----------------------------------------------------------


class TimeReportStatus(models.TextChoices):
    APPROVED = "approved", _("Approved")
    NOT_WORKED = "not_worked", _("Not worked")


class TimeReport(models.Model):
    """The manager's approval of what was actually worked on a booking; one per booking, ever.

    Payroll turns an approved report into time transactions (``payroll`` app); those, not the
    booking, are what the export and the certificates count.
    """

    booking = models.OneToOneField(
        Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="time_report"
    )
    status = models.CharField(_("status"), max_length=12, choices=TimeReportStatus.choices)
    starts_at = models.DateTimeField(_("actual start"), null=True, blank=True)
    ends_at = models.DateTimeField(_("actual end"), null=True, blank=True)
    break_minutes = models.PositiveSmallIntegerField(_("break (minutes)"), default=0)
    work_minutes = models.PositiveIntegerField(_("working time (minutes)"), default=0)
    note = models.CharField(_("note"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("approval of worked hours")
        verbose_name_plural = _("approvals of worked hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TimeReportStatus.values),
                name="staffing_timereport_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status="not_worked", work_minutes=0)
                | models.Q(status="approved", starts_at__isnull=False, ends_at__gt=models.F("starts_at")),
                name="staffing_timereport_times_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.status}"
