"""Staffing URLs under /bemanning/; each audience keeps its own list."""

from . import urls_hours, urls_manager, urls_offers, urls_pool, urls_requests, urls_staff, urls_substitute
from .urls_las import urlpatterns as las_urlpatterns

app_name = "staffing"

urlpatterns = [
    *urls_substitute.urlpatterns,
    *urls_manager.urlpatterns,
    *urls_staff.urlpatterns,
    *urls_pool.urlpatterns,
    *urls_offers.urlpatterns,
    *urls_requests.urlpatterns,
    *urls_hours.urlpatterns,
    *las_urlpatterns,
]
