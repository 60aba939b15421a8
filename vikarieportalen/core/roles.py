"""The roles of the portal, kept as Django groups. The group names are stable identifiers."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    SUBSTITUTE = "substitute"
    STAFFING_CENTRE = "staffing_centre"
    WORKPLACE_MANAGER = "workplace_manager"
    PAYROLL = "payroll"
    HR_SERVICE = "hr_service"
    EDITOR = "editor"
    ADMINISTRATOR = "administrator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.SUBSTITUTE: _("Substitute"),
    Role.STAFFING_CENTRE: _("Staffing centre"),
    Role.WORKPLACE_MANAGER: _("Workplace manager"),
    Role.PAYROLL: _("Payroll centre"),
    Role.HR_SERVICE: _("HR service"),
    Role.EDITOR: _("Editor"),
    Role.ADMINISTRATOR: _("Administrator"),
}
