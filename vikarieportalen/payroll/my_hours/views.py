"""*Mina timmar*, /lon/mina-timmar/: the substitute's own approved hours per pay period.

Per period: its pay day, and per shift the approved hours with their supplement (OB) pieces, late
lines marked, and corrections with their reason. No kronor unless ``PAYROLL_MY_HOURS_SHOW_AMOUNTS``
is on. Personal data: a strong login, as the substitute's other pay pages.
"""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vikarieportalen.accounts.login.assurance import strong_substitute_required
from vikarieportalen.core.http import request_user
from vikarieportalen.payroll.my_hours import selectors
from vikarieportalen.payroll.periods.services import config


@never_cache
@require_GET
@strong_substitute_required
def my_hours(request: HttpRequest) -> HttpResponse:
    substitute = request_user(request)
    page = Paginator(selectors.my_periods(substitute=substitute), selectors.PERIODS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "payroll/my_hours.html",
        {
            "page": page,
            "periods": selectors.my_hours(substitute=substitute, months=list(page), config=config()),
            "show_amounts": settings.PAYROLL_MY_HOURS_SHOW_AMOUNTS,
        },
    )
