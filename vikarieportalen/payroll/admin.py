"""Django admin for pay data: hourly wages and supplement bands (OB).

A changed or removed wage is audited (WAGE_CHANGED). Time transactions are not edited here: they come
from approved hours (``transactions.transactions_create_for_report``) and are counted by the export
and the certificates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.http import request_user
from vikarieportalen.payroll.audit_kinds import PayrollAuditKind
from vikarieportalen.payroll.models import HourlyWage, SupplementBand


@admin.register(HourlyWage)
class HourlyWageAdmin(admin.ModelAdmin[HourlyWage]):
    list_display = ["substitute", "valid_from", "amount"]
    list_select_related = ["substitute"]
    search_fields = ["substitute__username", "substitute__family_name", "substitute__employee_number"]
    autocomplete_fields = ["substitute"]
    date_hierarchy = "valid_from"
    exclude = ["created_by"]

    def save_model(self, request: HttpRequest, obj: HourlyWage, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request_user(request)
        super().save_model(request, obj, form, change)
        _wage_audit(request, obj, "changed" if change else "added")

    def delete_model(self, request: HttpRequest, obj: HourlyWage) -> None:
        _wage_audit(request, obj, "deleted")
        super().delete_model(request, obj)


def _wage_audit(request: HttpRequest, wage: HourlyWage, change: str) -> None:
    audit_record(
        kind=PayrollAuditKind.WAGE_CHANGED,
        user=wage.substitute,
        actor=request.user,  # type: ignore[arg-type]  # the admin lets only staff in
        request=request,
        wage=wage.pk,
        valid_from=wage.valid_from.isoformat(),
        amount=str(wage.amount),
        change=change,
    )


# What a band says beyond its name and code: edited in the form and shown in the list, in this order.
_BAND_SETTINGS = [
    "time_code",
    "kind",
    "weekdays",
    "starts",
    "ends",
    "on_holidays",
    "amount_per_hour",
    "priority",
    "is_active",
]


class SupplementBandForm(forms.ModelForm[SupplementBand]):
    class Meta:
        model = SupplementBand
        fields = ["code", "name", *_BAND_SETTINGS]
        help_texts = {
            "weekdays": _("A list of weekdays, 0 = Monday … 6 = Sunday, e.g. [0, 1, 2, 3, 4]."),
            "ends": _("An end at or before the start runs past midnight. Without times: the whole day."),
        }

    def clean_weekdays(self) -> list[int]:
        days = self.cleaned_data.get("weekdays") or []
        if not isinstance(days, list) or any(not isinstance(day, int) or not 0 <= day <= 6 for day in days):
            raise forms.ValidationError(_("Give the weekdays as a list of numbers 0–6, e.g. [5, 6]."))
        return sorted(set(days))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("starts") is None) != (data.get("ends") is None):
            raise forms.ValidationError(_("Give both times, or neither for the whole day."))
        return data


@admin.register(SupplementBand)
class SupplementBandAdmin(admin.ModelAdmin[SupplementBand]):
    form = SupplementBandForm
    list_display = ["name", "code", *_BAND_SETTINGS]
    list_filter = ["kind", "is_active", "on_holidays"]
    search_fields = ["name", "code", "time_code"]
