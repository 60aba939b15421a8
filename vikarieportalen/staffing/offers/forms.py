"""Forms for sending offers: parse input only; ``offers.offer_send`` checks everything again."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vikarieportalen.core.time import STOCKHOLM
from vikarieportalen.staffing.offers.services import MESSAGE_MAX, ROUND_SIZE_MAX, TOP_N_MAX
from vikarieportalen.staffing.shifts.forms import TIME_FORMATS, DateInput, TimeInput


class _OfferSendBase(forms.Form):
    """Answer-by time, message and automatic rounds: common to one shift and a set of shifts."""

    answer_day = forms.DateField(
        label=_("Answer by: date"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave the date and time empty to keep the offer open until the shift starts."),
        error_messages={"invalid": _("Enter a date that exists, e.g. 2026-11-02.")},
    )
    answer_time = forms.TimeField(
        label=_("Answer by: time"),
        required=False,
        input_formats=TIME_FORMATS,
        widget=TimeInput(),
        error_messages={"invalid": _("Enter a time, e.g. 07:00.")},
    )
    message = forms.CharField(
        label=_("Message on the offer page (optional)"),
        required=False,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rounds = forms.BooleanField(
        label=_("Automatic rounds: if nobody accepts, offer the shift to the next candidates"),
        required=False,
    )
    round_size = forms.IntegerField(
        label=_("Next round: how many candidates"),
        required=False,
        min_value=1,
        max_value=ROUND_SIZE_MAX,
        error_messages={"invalid": _("Enter a whole number.")},
    )
    round_minutes = forms.IntegerField(
        label=_("Next round after (minutes)"),
        required=False,
        min_value=5,
        max_value=24 * 60,
        error_messages={"invalid": _("Enter a whole number.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("round_size", settings.OFFER_DEFAULT_ROUND_SIZE)
            self.initial.setdefault("round_minutes", settings.OFFER_DEFAULT_ROUND_MINUTES)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("answer_day"), data.get("answer_time")
        data["answer_by"] = None
        if day and not time and "answer_time" not in self.errors:
            self.add_error("answer_time", _("Enter the time too, or leave both empty."))
        elif time and not day and "answer_day" not in self.errors:
            self.add_error("answer_day", _("Enter the date too, or leave both empty."))
        elif day and time:
            answer_by = dt.datetime.combine(day, time, tzinfo=STOCKHOLM)
            if answer_by <= timezone.now():
                self.add_error("answer_time", _("The time to answer by has already passed."))
            data["answer_by"] = answer_by
        if data.get("rounds"):
            if data.get("round_size") is None and "round_size" not in self.errors:
                self.add_error("round_size", _("Enter how many get each new round."))
            if data.get("round_minutes") is None and "round_minutes" not in self.errors:
                self.add_error("round_minutes", _("Enter after how many minutes."))
        return data


class OfferShiftForm(_OfferSendBase):
    """One shift: to the chosen candidates, or to the top N."""

    CHOSEN, TOP = "chosen", "top"

    who = forms.ChoiceField(
        label=_("Who gets the offer"),
        choices=[(CHOSEN, _("The candidates I tick")), (TOP, _("The top candidates"))],
        widget=forms.RadioSelect,
        initial=CHOSEN,
    )
    substitutes = forms.TypedMultipleChoiceField(
        label=_("Candidates"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    top_n = forms.IntegerField(
        label=_("How many of the top candidates"),
        required=False,
        min_value=1,
        max_value=TOP_N_MAX,
        error_messages={"invalid": _("Enter a whole number.")},
    )

    field_order = ["who", "substitutes", "top_n"]

    def __init__(self, *args: Any, candidates: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["substitutes"].choices = candidates  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("top_n", settings.OFFER_DEFAULT_TOP_N)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (
            data.get("who") == self.CHOSEN
            and not data.get("substitutes")
            and "substitutes" not in self.errors
        ):
            self.add_error("substitutes", _("Tick at least one candidate."))
        if data.get("who") == self.TOP and data.get("top_n") is None and "top_n" not in self.errors:
            self.add_error("top_n", _("Enter how many of the top candidates get the offer."))
        return data


class OfferSetForm(_OfferSendBase):
    """Several shifts, each to its own top N candidates."""

    shifts = forms.TypedMultipleChoiceField(
        label=_("Shifts"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one shift.")},
    )
    top_n = forms.IntegerField(
        label=_("How many of each shift's top candidates"),
        min_value=1,
        max_value=TOP_N_MAX,
        error_messages={
            "required": _("Enter how many of the top candidates get the offer."),
            "invalid": _("Enter a whole number."),
        },
    )

    field_order = ["shifts", "top_n"]

    def __init__(self, *args: Any, shifts: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shifts"].choices = shifts  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("top_n", settings.OFFER_DEFAULT_TOP_N)


class OfferAnswerForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"

    answer = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (DECLINE, DECLINE)])


class OfferSeriesAnswerForm(forms.Form):
    """A series offer's page: accept the ticked shifts, or decline every open one."""

    ACCEPT, DECLINE = "accept", "decline"

    answer = forms.ChoiceField(choices=[(ACCEPT, ACCEPT), (DECLINE, DECLINE)])
    offers = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=[])

    def __init__(self, *args: Any, open_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offers"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101 - declared above
        field.choices = [(pk, str(pk)) for pk in open_ids]
        field.error_messages["invalid_choice"] = _("Choose among the shifts still open to you.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") == self.ACCEPT and not data.get("offers") and not self.errors:
            raise forms.ValidationError(_("Tick at least one shift to accept."), code="none")
        return data
