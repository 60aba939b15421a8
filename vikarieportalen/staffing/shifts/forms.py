"""Forms for shift needs, the board's filters and the staffing centre's booking actions.

The forms parse input and apply the pure rules of ``shift_rules`` so every problem is shown beside
its field; the services check the same rules again before they write.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from vikarieportalen.accounts.models import User
from vikarieportalen.staffing.booking.candidates import substitute_list_active
from vikarieportalen.staffing.booking.facts import Limits
from vikarieportalen.staffing.models import AreaOfWork, Qualification, ShiftReason, Workplace
from vikarieportalen.staffing.shifts.rules import (
    NeedWarning,
    ShiftInputError,
    ShiftTimes,
    need_warnings,
    need_warnings_key,
    series_days,
    series_times_resolve,
    shift_input_problems,
    shift_times_resolve,
)
from vikarieportalen.staffing.shifts.selectors import BOARD_MAX_DAYS

WEEKDAY_CHOICES = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


@dataclass(frozen=True)
class ShiftPlan:
    """What a valid need form would create: one shift, or every shift of a series."""

    times: list[ShiftTimes]
    repeat: bool

    @property
    def count(self) -> int:
        return len(self.times)


class PoolChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A substitute from the pool, shown by name."""

    def label_from_instance(self, obj: Any) -> str:
        return cast(User, obj).get_full_name()


class ShiftNeedForm(forms.Form):
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=Workplace.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of your own workplaces.")},
    )
    day = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the shift."),
            "invalid": _("Enter a date that exists, e.g. 2026-11-02."),
        },
    )
    starts = forms.TimeField(
        label=_("Starts"),
        widget=TimeInput(),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter when the shift starts."),
            "invalid": _("Enter a time such as 07:00."),
        },
    )
    ends = forms.TimeField(
        label=_("Ends"),
        # The template shows the help under both times (id "times-help").
        widget=TimeInput(attrs={"aria-describedby": "times-help"}),
        input_formats=TIME_FORMATS,
        error_messages={
            "required": _("Enter when the shift ends."),
            "invalid": _("Enter a time such as 16:00."),
        },
    )
    break_minutes = forms.IntegerField(
        label=_("Break (minutes)"),
        initial=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 5}),
        error_messages={
            "required": _("Enter the break in minutes (0 for none)."),
            "invalid": _("Enter the break as whole minutes, e.g. 30."),
        },
    )
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *ShiftReason.choices],
        error_messages={
            "required": _("Choose a reason for the need."),
            "invalid_choice": _("Choose one of the reasons in the list."),
        },
    )
    qualifications = forms.ModelMultipleChoiceField(
        label=_("Required qualifications"),
        queryset=Qualification.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Unknown qualification: %(value)s."),
            "invalid_pk_value": _("Unknown qualification: %(pk)s."),
        },
    )
    note = forms.CharField(
        label=_("Note for the substitute"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    wished_substitute = PoolChoiceField(
        label=_("Wished-for substitute"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No wish"),
        help_text=_("Optional. The staffing centre sees the wish and tries that person first."),
        error_messages={"invalid_choice": _("Choose a substitute from the pool, or leave the field empty.")},
    )
    repeat = forms.BooleanField(label=_("Repeats every week"), required=False)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown weekday.")},
    )
    until = forms.DateField(
        label=_("Repeats until (inclusive)"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date that exists, e.g. 2026-12-20.")},
    )
    # The count the manager saw in the preview; a series is created only when it still matches.
    confirmed_count = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # The working-time warnings the manager saw (need_warnings_key); a need that breaks a rule is
    # created only when they still match, so it is never registered with a warning unseen.
    warnings_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        workplaces: QuerySet[Workplace],
        now: dt.datetime,
        limits: Limits,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.now = now
        self.limits = limits
        self.plan: ShiftPlan | None = None
        self.warnings: list[NeedWarning] = []
        cast("forms.ModelChoiceField[Workplace]", self.fields["workplace"]).queryset = workplaces
        cast(PoolChoiceField, self.fields["wished_substitute"]).queryset = substitute_list_active().order_by(
            "family_name", "preferred_given_name", "pk"
        )

    def clean_note(self) -> str:
        return cast(str, self.cleaned_data.get("note", "")).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        break_minutes = data.get("break_minutes")
        if day is None or starts is None or ends is None or break_minutes is None:
            return data
        try:
            if data.get("repeat"):
                days = series_days(
                    first_day=day, last_day=data.get("until"), weekdays=data.get("weekdays", [])
                )
                times = series_times_resolve(
                    days=days, starts=starts, ends=ends, break_minutes=break_minutes, now=self.now
                )
            else:
                one = shift_times_resolve(day=day, starts=starts, ends=ends)
                problems = shift_input_problems(times=one, break_minutes=break_minutes, now=self.now)
                if problems:
                    raise ShiftInputError(problems)
                times = [one]
        except ShiftInputError as error:
            self.add_problems(error)
        else:
            self.plan = ShiftPlan(times=times, repeat=bool(data.get("repeat")))
            self.warnings = need_warnings(
                times=times[0],
                break_minutes=break_minutes,
                limits=self.limits,
                series=times if self.plan.repeat else (),
            )
        return data

    def add_problems(self, error: ShiftInputError) -> None:
        for problem in error.problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)

    def check_while_filling_in(self) -> tuple[list[str], list[NeedWarning]]:
        """For the check as the manager types: why the times cannot be read (a malformed time, a
        shift without length, a time the clocks skip) and the warnings of the times given so far,
        before the rest of the form (reason, repeat dates) is filled in."""
        self.is_valid()
        errors = self.errors.as_data()
        unreadable = [
            message
            for name in ("day", "starts", "ends", "break_minutes")
            for error in errors.get(name, [])
            if error.code == "invalid"
            for message in error.messages
        ]
        if self.plan is not None or unreadable:
            return unreadable, self.warnings
        # Read again: the rest of the form's problems (a start in the past) take a field out of cleaned_data.
        day, starts, ends, break_minutes = (
            self._parsed(name) for name in ("day", "starts", "ends", "break_minutes")
        )
        if day is None or starts is None or ends is None or break_minutes is None:
            return [], []
        try:
            times = shift_times_resolve(day=day, starts=starts, ends=ends)
        except ShiftInputError as error:
            return [problem.message for problem in error.problems], []
        return [], need_warnings(times=times, break_minutes=break_minutes, limits=self.limits)

    def _parsed(self, name: str) -> Any:
        try:
            return self.fields[name].clean(self[name].data)
        except forms.ValidationError:
            return None

    @property
    def warnings_key(self) -> str:
        return need_warnings_key(self.warnings)

    @property
    def needs_confirmation(self) -> bool:
        """A series is shown (how many shifts, which dates) before it is created, and a need no
        substitute can take within the rules is shown with the reasons."""
        if self.plan is None:
            return False
        unseen_series = self.plan.repeat and self.cleaned_data.get("confirmed_count") != self.plan.count
        unseen_warnings = bool(self.warnings) and self.cleaned_data.get("warnings_seen") != self.warnings_key
        return unseen_series or unseen_warnings


class ShiftCancelForm(forms.Form):
    SCOPE_ONE = "one"
    SCOPE_SERIES = "series"

    reason = forms.CharField(
        label=_("Why is the need cancelled?"),
        required=False,
        max_length=500,
        help_text=_("A booked substitute gets an SMS that the shift is cancelled."),
    )
    scope = forms.ChoiceField(
        label=_("What to cancel"),
        choices=[
            (SCOPE_ONE, _("Only this shift")),
            (SCOPE_SERIES, _("This and the later shifts of the series")),
        ],
        initial=SCOPE_ONE,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose what to cancel.")},
    )


class ManagerWeekForm(forms.Form):
    date = forms.DateField(label=_("Week of"), required=False, widget=DateInput())
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=Workplace.objects.none(),
        required=False,
        empty_label=_("All my workplaces"),
        error_messages={"invalid_choice": _("Choose one of your own workplaces.")},
    )

    def __init__(self, *args: Any, workplaces: QuerySet[Workplace], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Workplace]", self.fields["workplace"]).queryset = workplaces


class DayRangeForm(forms.Form):
    """A range of days to show, for a filter form: ``first_day`` (today when empty) to ``last_day``
    (six days on when empty); a last day before the first, or more than ``max_days`` days, is the
    last day's error. The board's filters and the availability overview share it; each sets
    ``max_days``."""

    max_days: ClassVar[int]

    first_day = forms.DateField(label=_("From"), required=False, widget=DateInput())
    last_day = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("first_day") or self.today
        last = data.get("last_day") or first + dt.timedelta(days=6)
        if last < first:
            self.add_error("last_day", _("The last date is before the first."))
        elif (last - first).days >= self.max_days:
            self.add_error("last_day", _("Show at most %(days)d days at a time.") % {"days": self.max_days})
        data["first_day"], data["last_day"] = first, last
        return data


class BoardFilterForm(DayRangeForm):
    SHOW_OPEN = "open"
    SHOW_ALL = "all"
    SHOW_REOPENED = "reopened"
    max_days = BOARD_MAX_DAYS

    area = forms.ChoiceField(
        label=_("Area of work"), required=False, choices=[("", _("All areas")), *AreaOfWork.choices]
    )
    workplace = forms.ModelChoiceField(
        label=_("Workplace"),
        queryset=Workplace.objects.filter(is_active=True).order_by("name"),
        required=False,
        empty_label=_("All workplaces"),
    )
    qualification = forms.ModelChoiceField(
        label=_("Qualification"),
        queryset=Qualification.objects.order_by("name"),
        required=False,
        empty_label=_("Any qualification"),
    )
    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (SHOW_OPEN, _("Only open shifts")),
            (SHOW_REOPENED, _("Only reopened shifts")),
            (SHOW_ALL, _("Open and booked shifts")),
        ],
    )


class OverrideForm(forms.Form):
    override_reason = forms.CharField(
        label=_("Why book despite the rules?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. It is saved with the booking and in the audit log."),
        error_messages={"required": _("Write why the rules are overridden.")},
    )

    def clean_override_reason(self) -> str:
        reason = cast(str, self.cleaned_data["override_reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Write why the rules are overridden."))
        return reason


class BookingCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the booking cancelled?"),
        max_length=500,
        help_text=_("The substitute gets an SMS; the shift opens again."),
        error_messages={"required": _("Write why the booking is cancelled.")},
    )

    def clean_reason(self) -> str:
        reason = cast(str, self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Write why the booking is cancelled."))
        return reason
