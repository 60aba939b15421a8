"""Forms of the staffing centre's pool pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vikarieportalen.staffing.availability.forms import DATE_WIDGET
from vikarieportalen.staffing.models import Agreement, AreaOfWork, Qualification, SubstituteProfile, Workplace


class PoolFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, username or mobile number."),
    )
    area = forms.ChoiceField(
        label=_("Area of work (introduced)"), required=False, choices=[("", _("Any")), *AreaOfWork.choices]
    )
    qualification = forms.ModelChoiceField(
        label=_("Qualification"), required=False, queryset=Qualification.objects.none(), empty_label=_("Any")
    )
    workplace = forms.ModelChoiceField(
        label=_("Introduced at"), required=False, queryset=Workplace.objects.none(), empty_label=_("Any")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = Qualification.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["workplace"].queryset = Workplace.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]


class QualificationAddForm(forms.Form):
    qualification = forms.ModelChoiceField(
        label=_("Qualification"), queryset=Qualification.objects.none(), empty_label=_("Choose…")
    )
    valid_until = forms.DateField(
        label=_("Valid until (optional)"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Required for qualifications that expire, such as a medication delegation."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["qualification"].queryset = Qualification.objects.order_by("name")  # type: ignore[attr-defined]


class IntroductionAddForm(forms.Form):
    workplace = forms.ModelChoiceField(
        label=_("Workplace"), queryset=Workplace.objects.none(), empty_label=_("Choose…")
    )
    introduced_on = forms.DateField(label=_("Introduced on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workplace"].queryset = Workplace.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]


class SubstituteProfileForm(forms.ModelForm[SubstituteProfile]):
    class Meta:
        model = SubstituteProfile
        fields = ["agreement", "is_bookable", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["agreement"].empty_label = _("The default agreement")  # type: ignore[attr-defined]
