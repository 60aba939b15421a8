from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def _private_media_outside_public_roots(**kwargs: Any) -> list[checks.CheckMessage]:
    """Support attachments must never be reachable as static or media files."""
    from pathlib import Path

    from django.conf import settings

    private = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    errors: list[checks.CheckMessage] = []
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = Path(getattr(settings, name)).resolve()
        if private == public or public in private.parents or private in public.parents:
            errors.append(
                checks.Error(
                    f"PRIVATE_MEDIA_ROOT ({private}) overlaps {name} ({public}).",
                    hint="Point PRIVATE_MEDIA_ROOT at a folder the web server does not serve.",
                    id="support.E001",
                )
            )
    return errors


class SupportConfig(AppConfig):
    name = "vikarieportalen.support"
    verbose_name = _("Payroll support")

    def ready(self) -> None:
        checks.register(_private_media_outside_public_roots)

        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.support.audit_kinds import SupportAuditKind

        audit_kinds_register(SupportAuditKind)

        from vikarieportalen.notifications.kinds import message_kinds_register
        from vikarieportalen.support.message_kinds import SupportMessageKind

        message_kinds_register(SupportMessageKind)

        from vikarieportalen.notifications.models import NoticeCategory
        from vikarieportalen.notifications.push.categories import push_kinds_register

        push_kinds_register(NoticeCategory.SUPPORT_REPLIES, SupportMessageKind.REPLY)

        from vikarieportalen.notifications.jobs.scheduler import Job, job_register
        from vikarieportalen.support.services import cases_close_solved

        job_register(Job("support.close_solved_cases", dt.timedelta(hours=1), cases_close_solved))
