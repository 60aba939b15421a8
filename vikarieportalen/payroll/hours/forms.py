"""Forms for the approval of worked hours: parse input only; the service checks the rules."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.payroll.hours.services import NOTE_MAX, HoursRefused
from vikarieportalen.staffing.models import Booking
from vikarieportalen.staffing.shifts.forms import TIME_FORMATS, DateInput, TimeInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _note_field() -> forms.CharField:
    return forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=NOTE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def _time_field(label: StrOrPromise, required: StrOrPromise, invalid: StrOrPromise) -> forms.TimeField:
    """A time of day, with the messages for a missing and for an unreadable time."""
    return forms.TimeField(
        label=label,
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        error_messages={"required": required, "invalid": invalid},
    )


class HoursForm(forms.Form):
    """Actual times of a booked shift; an end at or before the start is the next day."""

    day = forms.DateField(
        label=_("Date the shift started"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date the shift started."),
            "invalid": _("Enter a date that exists, e.g. 2026-11-02."),
        },
    )
    starts = _time_field(
        _("Actual start"), _("Enter when the shift started."), _("Enter a time, e.g. 07:00.")
    )
    ends = _time_field(_("Actual end"), _("Enter when the shift ended."), _("Enter a time, e.g. 16:00."))
    break_minutes = forms.IntegerField(
        label=_("Break (minutes)"),
        min_value=0,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 5}),
        error_messages={
            "required": _("Enter the break in minutes (0 for none)."),
            "invalid": _("Enter the break as whole minutes, e.g. 30."),
            "min_value": _("The break cannot be negative."),
            "max_value": _("The break must be shorter than the time worked."),
        },
    )
    note = _note_field()

    @classmethod
    def initial_for(cls, booking: Booking) -> dict[str, Any]:
        starts = booking.starts_at.astimezone(STOCKHOLM)
        return {
            "day": starts.date(),
            "starts": starts.time().replace(second=0, microsecond=0),
            "ends": booking.ends_at.astimezone(STOCKHOLM).time().replace(second=0, microsecond=0),
            "break_minutes": booking.shift.break_minutes,
        }

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware start and end from the cleaned fields."""
        day: dt.date = self.cleaned_data["day"]
        starts_at = dt.datetime.combine(day, self.cleaned_data["starts"], tzinfo=STOCKHOLM)
        ends_day = (
            day if self.cleaned_data["ends"] > self.cleaned_data["starts"] else day + dt.timedelta(days=1)
        )
        ends_at = dt.datetime.combine(ends_day, self.cleaned_data["ends"], tzinfo=STOCKHOLM)
        return starts_at, ends_at

    def add_refusal(self, refused: HoursRefused) -> None:
        for problem in refused.problems:
            self.add_error(problem.field if problem.field in self.fields else None, problem.message)


class NotWorkedForm(forms.Form):
    note = _note_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "not-worked")
        super().__init__(*args, **kwargs)

    def add_refusal(self, refused: HoursRefused) -> None:
        for problem in refused.problems:
            self.add_error("note" if problem.field == "note" else None, problem.message)
