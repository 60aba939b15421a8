"""The staffing proposal's forms: what to propose for, and how to confirm."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.availability.forms import DATE_WIDGET
from vikarieportalen.staffing.models import Workplace
from vikarieportalen.staffing.proposal.services import TIME_LIMIT_DEFAULT, TIME_LIMIT_MAX, TIME_LIMIT_MIN


class ProposalForm(forms.Form):
    first_day = forms.DateField(label=_("First day"), widget=DATE_WIDGET)
    last_day = forms.DateField(label=_("Last day"), widget=DATE_WIDGET, help_text=_("At most 5 weeks."))
    workplaces = forms.ModelMultipleChoiceField(
        label=_("Workplaces"),
        queryset=Workplace.objects.filter(is_active=True).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=TIME_LIMIT_MIN,
        max_value=TIME_LIMIT_MAX,
        initial=TIME_LIMIT_DEFAULT,
        help_text=_("The solver returns the best proposal it has found when the time is up."),
    )


class ConfirmForm(forms.Form):
    MODES = [("book", _("Book directly")), ("offer", _("Send as offers"))]
    mode = forms.ChoiceField(label=_("Confirm as"), choices=MODES, widget=forms.RadioSelect, initial="book")
    assignments = forms.TypedMultipleChoiceField(
        label=_("Assignments"), coerce=int, required=False, choices=[]
    )
    everything = forms.BooleanField(label=_("All proposed assignments"), required=False)

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["assignments"].choices = choices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("everything") and not data.get("assignments"):
            raise forms.ValidationError(_("Choose the assignments to confirm, or all of them."))
        return data


class SwapForm(forms.Form):
    substitute = forms.TypedChoiceField(label=_("Instead"), coerce=int, choices=[], widget=forms.RadioSelect)

    def __init__(self, *args: object, choices: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["substitute"].choices = choices  # type: ignore[attr-defined]
