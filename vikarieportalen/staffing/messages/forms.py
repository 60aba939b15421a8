"""Group messages: the compose form (text and the group's choices) and the inbox filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import clock_text, date_text, local_instant
from vikarieportalen.staffing.las import rules as las
from vikarieportalen.staffing.messages.selectors import GroupChoice
from vikarieportalen.staffing.models import AreaOfWork, Qualification, Shift, ShiftStatus, Workplace
from vikarieportalen.staffing.shifts.forms import TIME_FORMATS, DateInput, TimeInput

LAS_CHOICES = [("", _("Any")), *((state.value, label) for state, label in las.STATE_LABELS.items())]


class ShiftChoiceField(forms.ModelChoiceField[Shift]):
    def label_from_instance(self, obj: Shift) -> str:
        when = (
            f"{date_text(obj.starts_at, 'DAY_FORMAT')} {clock_text(obj.starts_at)}–{clock_text(obj.ends_at)}"
        )
        return f"{when} {obj.workplace.name}"


class GroupMessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sent as it stands. With a shift, it is shown on the offer page and the SMS is the offer."
        ),
        error_messages={"required": _("Write the message.")},
    )
    area = forms.ChoiceField(
        label=_("Area of work (introduced at a workplace there)"),
        choices=[("", _("Any")), *AreaOfWork.choices],
        required=False,
    )
    workplace = forms.ModelChoiceField(
        label=_("Introduced at workplace"),
        queryset=Workplace.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
    )
    qualification = forms.ModelChoiceField(
        label=_("Holds qualification"),
        queryset=Qualification.objects.order_by("name"),
        required=False,
        empty_label=_("Any"),
    )
    day = forms.DateField(
        label=_("Available on: date"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a date that exists, e.g. 2026-11-02.")},
    )
    available_from = forms.TimeField(
        label=_("Available from"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        error_messages={"invalid": _("Enter a time, e.g. 07:00.")},
    )
    available_until = forms.TimeField(
        label=_("Available until"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        error_messages={"invalid": _("Enter a time, e.g. 07:00.")},
    )
    las_state = forms.ChoiceField(label=_("LAS state today"), choices=LAS_CHOICES, required=False)
    shift = ShiftChoiceField(
        label=_("Link to an open shift (the first to answer YES gets it)"),
        queryset=Shift.objects.none(),
        required=False,
        empty_label=_("No shift"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["shift"].queryset = (  # type: ignore[attr-defined]
            Shift.objects.filter(status=ShiftStatus.ACTIVE, is_booked=False, starts_at__gt=now)
            .select_related("workplace")
            .order_by("starts_at", "pk")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("available_from"), data.get("available_until")
        given = [value is not None for value in (day, start, end)]
        if any(given) and not all(given) and not self.errors:
            raise forms.ValidationError(
                _("To choose by availability, give the date and both times."), code="availability"
            )
        if all(given) and start >= end:  # type: ignore[operator]
            self.add_error("available_until", _("The end must be after the start."))
        return data

    def choice(self) -> GroupChoice:
        data = self.cleaned_data
        day: dt.date | None = data.get("day")
        start: dt.time | None = data.get("available_from")
        end: dt.time | None = data.get("available_until")
        window = (
            (local_instant(day, start), local_instant(day, end))
            if day is not None and start is not None and end is not None
            else (None, None)
        )
        return GroupChoice(
            area=data.get("area") or "",
            workplace=data.get("workplace"),
            qualification=data.get("qualification"),
            available_from=window[0],
            available_until=window[1],
            las_state=data.get("las_state") or "",
            shift=data.get("shift"),
        )


class ConfirmForm(forms.Form):
    """The preview's own fields: the count seen, and the tick above the threshold."""

    previewed_count = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    confirm = forms.BooleanField(label=_("I have checked the group and the cost: send it."), required=False)
