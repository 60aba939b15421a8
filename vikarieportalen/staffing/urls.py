"""Staffing URLs under /bemanning/; each audience keeps its own list."""

from vikarieportalen.staffing.availability import urls as urls_availability
from vikarieportalen.staffing.board import urls as urls_staff
from vikarieportalen.staffing.las.urls import urlpatterns as las_urlpatterns
from vikarieportalen.staffing.messages import urls as urls_group_messages
from vikarieportalen.staffing.my_shifts import urls as urls_substitute
from vikarieportalen.staffing.offers import urls as urls_offers
from vikarieportalen.staffing.overview import urls as urls_overview
from vikarieportalen.staffing.pool import urls as urls_pool
from vikarieportalen.staffing.proposal import urls as urls_proposal
from vikarieportalen.staffing.series import urls as urls_series
from vikarieportalen.staffing.shifts import urls as urls_manager
from vikarieportalen.staffing.workplace_requests import urls as urls_requests

app_name = "staffing"

urlpatterns = [
    *urls_substitute.urlpatterns,
    *urls_availability.urlpatterns,
    *urls_manager.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_pool.urlpatterns,
    *urls_offers.urlpatterns,
    *urls_requests.urlpatterns,
    *las_urlpatterns,
    *urls_series.urlpatterns,
    *urls_overview.urlpatterns,
    *urls_group_messages.urlpatterns,
    *urls_proposal.urlpatterns,
]
