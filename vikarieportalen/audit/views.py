"""The administrators' audit-log page: every event, newest first, filtered by kind, name and date;
the same events as CSV (``?format=csv``), which is itself written to the log."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vikarieportalen.audit.audit_kinds import AuditAuditKind
from vikarieportalen.audit.details import details_text
from vikarieportalen.audit.forms import AuditFilterForm
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.audit.selectors import audit_event_list
from vikarieportalen.audit.services import audit_record
from vikarieportalen.core.access import role_required
from vikarieportalen.core.http import list_page, request_user
from vikarieportalen.core.roles import Role
from vikarieportalen.core.web.csv_export import csv_download, csv_safe

AUDIT_PAGE_SIZE = 50


def _csv_header() -> list[str]:
    return [
        _("When"),
        _("Event"),
        _("Username"),
        _("Name"),
        _("Done by"),
        _("Address"),
        _("Method"),
        _("Details"),
    ]


def _csv_rows(events: Iterable[AuditEvent]) -> Iterator[list[str]]:
    for event in events:
        yield [
            timezone.localtime(event.occurred_at).isoformat(timespec="seconds"),
            csv_safe(event.get_kind_display()),
            csv_safe(event.username),
            csv_safe(event.user.get_full_name() if event.user else ""),
            csv_safe(event.actor.get_full_name() if event.actor else ""),
            event.client_ip or "",
            csv_safe(event.method),
            csv_safe(details_text(event.details)),
        ]


def _export(
    request: HttpRequest, events: QuerySet[AuditEvent], filters: dict[str, object]
) -> HttpResponseBase:
    audit_record(
        kind=AuditAuditKind.AUDIT_LOG_EXPORTED,
        user=request_user(request),
        request=request,
        format="csv",
        rows=events.count(),
        filters={name: str(value) for name, value in filters.items() if value},
    )
    return csv_download(
        _csv_header(), _csv_rows(events.iterator(chunk_size=2000)), filename="granskningslogg.csv"
    )


@role_required(Role.ADMINISTRATOR)  # type: ignore[arg-type]  # it passes any response through
@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponseBase:
    form = AuditFilterForm(request.GET or None)
    filter_is_bad = form.is_bound and not form.is_valid()
    filters = form.cleaned_data if form.is_bound and not filter_is_bad else {}
    events = audit_event_list(
        kind=filters.get("kind", ""),
        username=filters.get("username", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if request.GET.get("format") == "csv" and not filter_is_bad:
        return _export(request, events, filters)
    page, query = list_page(request, events, AUDIT_PAGE_SIZE)
    return render(
        request,
        "audit/audit_log.html",
        {"form": form, "page": page, "query": query, "filter_is_bad": filter_is_bad},
    )
