"""Intyg: the substitute's Mina intyg (after a strong login), HR's queue, and the public check.

A certificate that is not the substitute's own answers 404, whether it exists or not. Every view
of an order or its PDF by staff is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vikarieportalen.accounts.login.assurance import strong_substitute_required
from vikarieportalen.certificates import corrections, selectors, services
from vikarieportalen.certificates.forms import (
    AnnualOrderForm,
    FlagHandleForm,
    HrForm,
    LostEarningsOrderForm,
    PeriodOrderForm,
    PurposeForm,
    QueueFilterForm,
    RejectForm,
    VerifyForm,
)
from vikarieportalen.certificates.models import (
    CertificateKind,
    CertificateOrder,
    CertificateStatus,
    CorrectionFlag,
    FlagOutcome,
)
from vikarieportalen.certificates.services import CertificateRefused
from vikarieportalen.certificates.verification import certificate_verify, verify_lookup_allowed
from vikarieportalen.core.access import role_required
from vikarieportalen.core.errors import Refused
from vikarieportalen.core.http import list_page, request_user
from vikarieportalen.core.roles import Role

PAGE_SIZE = 30
# URL words (Swedish, as the rest of the portal) for each kind.
KIND_SLUGS = {
    "arbetsgivarintyg": CertificateKind.EMPLOYER,
    "tjanstgoringsintyg": CertificateKind.SERVICE,
    "forlorad-arbetsinkomst": CertificateKind.LOST_EARNINGS,
    "arsinkomst": CertificateKind.ANNUAL_INCOME,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


def kind_texts() -> list[dict[str, str]]:
    """The four kinds with what each is for, as the order page lists them."""
    return [
        {
            "slug": SLUG_OF_KIND[CertificateKind.EMPLOYER],
            "label": str(CertificateKind.EMPLOYER.label),
            "text": _(
                "For the unemployment fund (a-kassa): hours worked and pay for each month. "
                "HR fills in why the employment ended, then signs it."
            ),
        },
        {
            "slug": SLUG_OF_KIND[CertificateKind.SERVICE],
            "label": str(CertificateKind.SERVICE.label),
            "text": _("Where and how much you have worked: workplaces, days and hours, form of employment."),
        },
        {
            "slug": SLUG_OF_KIND[CertificateKind.LOST_EARNINGS],
            "label": str(CertificateKind.LOST_EARNINGS.label),
            "text": _("Booked hours you could not work on given dates, with the pay you lost."),
        },
        {
            "slug": SLUG_OF_KIND[CertificateKind.ANNUAL_INCOME],
            "label": str(CertificateKind.ANNUAL_INCOME.label),
            "text": _("Your gross income for each year, for example for a loan or housing."),
        },
    ]


def _pdf_response(order: CertificateOrder, content: bytes, *, preview: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{order.number}{'-forhandsgranskning' if preview else ''}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# ---------------------------------------------------------------------------------------------
# The substitute


def _own(request: HttpRequest, pk: int) -> CertificateOrder:
    order = selectors.order_for_substitute(substitute=request_user(request), pk=pk)
    if order is None:
        raise Http404
    return order


@never_cache
@require_GET
@strong_substitute_required
def home(request: HttpRequest) -> HttpResponse:
    orders = selectors.order_list_for_substitute(substitute=request_user(request))
    page = list_page(request, orders, PAGE_SIZE)[0]
    return render(request, "certificates/home.html", {"page": page, "kinds": kind_texts()})


@never_cache
@require_http_methods(["GET", "POST"])
@strong_substitute_required
def order_new(request: HttpRequest, kind: str) -> HttpResponse:
    certificate_kind = KIND_SLUGS.get(kind)
    if certificate_kind is None:
        raise Http404
    form_class: type[PurposeForm] = {
        CertificateKind.EMPLOYER: PeriodOrderForm,
        CertificateKind.SERVICE: PeriodOrderForm,
        CertificateKind.LOST_EARNINGS: LostEarningsOrderForm,
        CertificateKind.ANNUAL_INCOME: AnnualOrderForm,
    }[certificate_kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields: dict[str, Any] = {"purpose": data["purpose"], "recipient": data["recipient"]}
        if isinstance(form, AnnualOrderForm):
            fields["period_from"], fields["period_to"] = form.period()
        elif isinstance(form, LostEarningsOrderForm):
            fields["claimed_dates"] = data["dates"]
        else:
            fields["period_from"], fields["period_to"] = data["period_from"], data["period_to"]
        try:
            order = services.certificate_order_create(
                substitute=request_user(request), kind=certificate_kind, **fields
            )
        except CertificateRefused as refused:
            form.add_error(None, refused.message)
        else:
            if order.status == CertificateStatus.RELEASED:
                messages.success(request, _("Your certificate is ready."))
            else:
                messages.success(request, _("Thank you, your order has been sent to HR service."))
            return redirect("certificates:detail", order.pk)
    return render(
        request,
        "certificates/order_new.html",
        {
            "form": form,
            "kind": certificate_kind,
            "kind_label": certificate_kind.label,
            "auto": services.auto_release_allowed(certificate_kind),
        },
    )


@never_cache
@require_GET
@strong_substitute_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "certificates/detail.html", {"order": _own(request, pk)})


@never_cache
@require_GET
@strong_substitute_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    order = _own(request, pk)
    if order.status != CertificateStatus.RELEASED:
        raise Http404
    return _pdf_response(order, bytes(order.pdf))


@require_POST
@strong_substitute_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    order = _own(request, pk)
    try:
        services.certificate_cancel(order=order, by=request_user(request))
    except CertificateRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The order is cancelled."))
    return redirect("certificates:detail", order.pk)


# ---------------------------------------------------------------------------------------------
# HR service

_hr_view = role_required(Role.HR_SERVICE, Role.ADMINISTRATOR)


def _staff_order(pk: int) -> CertificateOrder:
    order = selectors.order_for_staff(pk=pk)
    if order is None:
        raise Http404
    return order


@never_cache
@require_GET
@_hr_view
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    page = list_page(request, selectors.order_queue(status=status), PAGE_SIZE)[0]
    return render(
        request,
        "certificates/queue.html",
        {
            "form": form,
            "page": page,
            "counts": selectors.order_counts(),
            "status": status,
            "corrected": selectors.orders_corrected_count(),
        },
    )


def _staff_page(request: HttpRequest, order: CertificateOrder, **forms: Any) -> HttpResponse:
    services.certificate_view_record(order=order, by=request_user(request), what="order")
    context = {
        "order": order,
        "hr_form": forms.get("hr_form")
        or HrForm(
            initial={
                "end_reason": order.end_reason,
                "further_work": order.further_work,
                "hr_note": order.hr_note,
            }
        ),
        "reject_form": forms.get("reject_form") or RejectForm(),
        "flag_rows": _flag_rows(order, forms.get("flag_form")),
        "needs_hr": order.kind == CertificateKind.EMPLOYER,
        "error": forms.get("error", ""),
    }
    status = (
        400
        if any(f is not None and getattr(f, "errors", None) for f in forms.values()) or forms.get("error")
        else 200
    )
    return render(request, "certificates/staff_order.html", context, status=status)


def _flag_rows(
    order: CertificateOrder, posted: FlagHandleForm | None
) -> list[tuple[CorrectionFlag, FlagHandleForm | None]]:
    """Each correction flag with its form (the posted one for the flag it was posted for); handled
    flags have none."""
    rows: list[tuple[CorrectionFlag, FlagHandleForm | None]] = []
    for flag in order.correction_flags.all():
        form = None
        if flag.handled_at is None:
            form = (
                posted
                if posted is not None and posted.flag_pk == flag.pk
                else FlagHandleForm(flag_pk=flag.pk)
            )
        rows.append((flag, form))
    return rows


@never_cache
@require_GET
@_hr_view
def staff_order(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_page(request, _staff_order(pk))


def _staff_act(
    request: HttpRequest,
    pk: int,
    act: Callable[[CertificateOrder, dict[str, Any]], object],
    *,
    done: str,
    form: tuple[str, Form] | None = None,
    keep_form: bool = False,
) -> HttpResponse:
    """One of HR's actions on order ``pk``, with its posted `form` (name, form) if it has one:
    back to the order with `done`, or the order's page again with the form's errors or the
    refusal (and, with `keep_form`, the form as it was posted)."""
    order = _staff_order(pk)
    data: dict[str, Any] = {}
    forms: dict[str, Form] = {}
    if form is not None:
        name, bound = form
        if not bound.is_valid():
            return _staff_page(request, order, **{name: bound})
        data = bound.cleaned_data
        forms = {name: bound} if keep_form else {}
    try:
        act(order, data)
    except CertificateRefused as refused:
        return _staff_page(request, order, error=refused.message, **forms)
    messages.success(request, done)
    return redirect("certificates:staff_order", order.pk)


@require_POST
@_hr_view
def staff_update(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_act(
        request,
        pk,
        lambda order, data: services.certificate_hr_update(order=order, by=request_user(request), **data),
        done=_("Saved."),
        form=("hr_form", HrForm(request.POST)),
        keep_form=True,
    )


@require_POST
@_hr_view
def staff_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_act(
        request,
        pk,
        lambda order, _data: services.certificate_release(order=order, by=request_user(request)),
        done=_("The certificate is signed and released. The substitute gets an SMS."),
    )


@require_POST
@_hr_view
def staff_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_act(
        request,
        pk,
        lambda order, data: services.certificate_reject(
            order=order, by=request_user(request), reason=data["reject_reason"]
        ),
        done=_("The order is rejected. The substitute gets an SMS."),
        form=("reject_form", RejectForm(request.POST)),
    )


@require_POST
@_hr_view
def staff_flag_handle(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    """HR marks a correction flag of order ``pk`` handled; another order's flag answers 404."""
    order = _staff_order(pk)
    flag = selectors.flag_for_order(order=order, pk=flag_pk)
    if flag is None:
        raise Http404
    form = FlagHandleForm(request.POST, flag_pk=flag.pk)
    try:
        if flag.handled_at is not None:
            raise corrections.FlagAlreadyHandled
        if not form.is_valid():
            return _staff_page(request, order, flag_form=form)
        corrections.correction_flag_handle(
            flag=flag,
            by=request_user(request),
            outcome=FlagOutcome(form.cleaned_data["outcome"]),
            note=form.cleaned_data["note"],
        )
    except Refused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("The correction is marked handled."))
    return redirect("certificates:staff_order", order.pk)


@never_cache
@require_GET
@_hr_view
def staff_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    order = _staff_order(pk)
    if order.status != CertificateStatus.RELEASED:
        raise Http404
    services.certificate_view_record(order=order, by=request_user(request), what="pdf")
    return _pdf_response(order, bytes(order.pdf))


@never_cache
@require_GET
@_hr_view
def staff_preview(request: HttpRequest, pk: int) -> HttpResponse:
    order = _staff_order(pk)
    if not order.is_open:
        raise Http404
    services.certificate_view_record(order=order, by=request_user(request), what="preview")
    try:
        content = services.certificate_preview(order=order)
    except CertificateRefused as refused:
        return _staff_page(request, order, error=refused.message)
    return _pdf_response(order, content, preview=True)


# ---------------------------------------------------------------------------------------------
# Anyone: is this certificate genuine?


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    asked = "nummer" in data or "kod" in data
    form = VerifyForm(data if asked else None, request.FILES or None)
    result = None
    status = 200
    if asked and form.is_valid():
        if verify_lookup_allowed(request):
            result = certificate_verify(
                number_text=form.cleaned_data["nummer"],
                code_text=form.cleaned_data["kod"],
                content=form.cleaned_data["fil"],
            )
        else:
            form.add_error(None, _("Too many checks from your connection. Wait a few minutes and try again."))
            status = 429
    elif asked:
        status = 400
    return render(request, "certificates/verify.html", {"form": form, "result": result}, status=status)
