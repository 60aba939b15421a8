"""The administrators' audit-log page: every event, newest first, filtered by kind, name and date."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from vikarieportalen.audit.forms import AuditFilterForm
from vikarieportalen.audit.selectors import audit_event_list
from vikarieportalen.core.access import role_required
from vikarieportalen.core.roles import Role

AUDIT_PAGE_SIZE = 50


@role_required(Role.ADMINISTRATOR)
@require_http_methods(["GET"])
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_event_list(
        kind=filters.get("kind", ""),
        username=filters.get("username", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
