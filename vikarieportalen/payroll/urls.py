"""Payroll URLs under /lon/."""

from __future__ import annotations

from django.urls import path

from vikarieportalen.payroll.corrections import views as views_corrections
from vikarieportalen.payroll.export import period_views as views_periods
from vikarieportalen.payroll.export import views as views_export
from vikarieportalen.payroll.my_hours import views as views_my_hours

app_name = "payroll"

urlpatterns = [
    path("export/", views_export.export_list, name="export_list"),
    path("export/ny/", views_export.export_make, name="export_make"),
    path(
        "export/<int:batch_id>/paxml/", views_export.export_download, {"kind": "paxml"}, name="export_paxml"
    ),
    path("export/<int:batch_id>/csv/", views_export.export_download, {"kind": "csv"}, name="export_csv"),
    path("perioder/<str:period>/", views_periods.period_status, name="period_status"),
    path(
        "perioder/<str:period>/avstamning/", views_periods.period_reconciliation, name="period_reconciliation"
    ),
    path(
        "perioder/<str:period>/avstamning.csv",
        views_periods.period_reconciliation_csv,
        name="period_reconciliation_csv",
    ),
    # A correction of an exported shift's hours (by booking, as the approval pages).
    path("rattelse/<int:booking_id>/", views_corrections.correction, name="correction"),
    # The substitute's Mina timmar.
    path("mina-timmar/", views_my_hours.my_hours, name="my_hours"),
]
