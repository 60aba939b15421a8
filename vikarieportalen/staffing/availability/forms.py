"""Forms of the availability editor: a period (can/cannot, dates and times) and a weekly row.

They only turn input into instants; the editor's rules (past, far future, overlaps) live in
``availability/rules.py`` and run in the service.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import clock_text
from vikarieportalen.staffing.availability.intervals import WHOLE_DAY_END, local_instant, local_time_exists
from vikarieportalen.staffing.availability.rules import weekday_name
from vikarieportalen.staffing.models import AvailabilityKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Mark as"), choices=AvailabilityKind.choices, widget=forms.RadioSelect)


def _ends_field() -> forms.TimeField:
    return forms.TimeField(
        label=_("Until"),
        required=False,
        widget=TIME_WIDGET,
        help_text=_("An end earlier than the start means the next morning, e.g. 22:00–07:00."),
    )


class AvailabilityPeriodForm(forms.Form):
    """A single period: one date with times (an end at or before the start is the next morning),
    several dates with times, or whole days."""

    kind = _kind_field()
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    whole_day = forms.BooleanField(label=_("Whole day"), required=False)
    starts = forms.TimeField(label=_("From"), required=False, widget=TIME_WIDGET)
    ends = _ends_field()
    last_day = forms.DateField(
        label=_("Last date (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("For several days in a row, e.g. a holiday."),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day: dt.date | None = data.get("day")
        last_day: dt.date | None = data.get("last_day")
        starts: dt.time | None = data.get("starts")
        ends: dt.time | None = data.get("ends")
        if day is None or self.errors:
            return data
        if last_day is not None and last_day < day:
            self.add_error("last_day", _("The last date must be on or after the first date."))
            return data
        if data.get("whole_day"):
            if starts is not None or ends is not None:
                self.add_error(None, _("Either tick “Whole day” or give the times, not both."))
                return data
            end_day = (last_day or day) + dt.timedelta(days=1)
            data["starts_at"] = local_instant(day, dt.time(0, 0))
            data["ends_at"] = local_instant(end_day, dt.time(0, 0))
            return data
        if starts is None or ends is None:
            self.add_error(None, _("Enter both times, or tick “Whole day”."))
            return data
        if last_day is None:
            if starts == ends:
                self.add_error("ends", _("The end must differ from the start."))
                return data
            end_day = day if ends > starts else day + dt.timedelta(days=1)
        else:
            end_day = last_day
        for when, time, field in ((day, starts, "starts"), (end_day, ends, "ends")):
            if not local_time_exists(when, time):
                self.add_error(
                    field,
                    _("%(time)s does not exist on %(day)s: the clocks go forward that night.")
                    % {"time": clock_text(time), "day": formats.date_format(when, "j F Y")},
                )
                return data
        data["starts_at"] = local_instant(day, starts)
        data["ends_at"] = local_instant(end_day, ends)
        if data["ends_at"] <= data["starts_at"]:
            self.add_error("ends", _("The end must be after the start."))
        return data


class WeeklyAvailabilityForm(forms.Form):
    kind = _kind_field()
    weekday = forms.TypedChoiceField(label=_("Weekday"), coerce=int, choices=())
    whole_day = forms.BooleanField(label=_("Whole day"), required=False)
    starts = forms.TimeField(label=_("From"), required=False, widget=TIME_WIDGET)
    ends = _ends_field()
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_until = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Leave empty for “until further notice”."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["weekday"].choices = [(day, weekday_name(day).capitalize()) for day in range(7)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
        if valid_from is not None and valid_until is not None and valid_until < valid_from:
            self.add_error("valid_until", _("“Valid until” must be on or after “valid from”."))
            return data
        starts, ends = data.get("starts"), data.get("ends")
        if data.get("whole_day"):
            if starts is not None or ends is not None:
                self.add_error(None, _("Either tick “Whole day” or give the times, not both."))
                return data
            data["starts"], data["ends"] = dt.time(0, 0), WHOLE_DAY_END
            return data
        if starts is None or ends is None:
            self.add_error(None, _("Enter both times, or tick “Whole day”."))
        elif starts == ends:
            self.add_error("ends", _("The end must differ from the start."))
        return data
