from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from vikarieportalen.core import views as core_views
from vikarieportalen.core.web import media as core_media
from vikarieportalen.intranet import views as intranet_views
from vikarieportalen.intranet.serving.i18n_urls import page_patterns

urlpatterns = [
    # The language button: Django's set_language, leading to the page's translation where one exists.
    path("i18n/setlang/", intranet_views.language_switch, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/login/", core_views.admin_login, name="portal_admin_login"),
    path("admin/", admin.site.urls),
    path("cms/login/", core_views.cms_login, name="portal_cms_login"),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("konto/granskningslogg/", include("vikarieportalen.audit.urls")),
    path("konto/personuppgifter/", include("vikarieportalen.privacy.urls")),
    # A substitute's engagement (ending it: privacy.leavers) sits with HR's other pages.
    path("konto/hr/", include("vikarieportalen.privacy.leavers.urls")),
    # Mina uppgifter → Aviseringar: push notices and SMS (notifications.push, docs/phone.md).
    path("konto/mina-uppgifter/aviseringar/", include("vikarieportalen.notifications.push.urls")),
    path("konto/", include("vikarieportalen.accounts.urls")),
    path("notifications/", include("vikarieportalen.notifications.urls")),
    path("bemanning/attest/", include("vikarieportalen.payroll.hours.urls")),
    path("bemanning/", include("vikarieportalen.staffing.urls")),
    path("f/", include("vikarieportalen.staffing.offers.link_urls")),  # short links in offer SMS
    path("utbildning/", include("vikarieportalen.trainings.urls")),
    path("sidrespons/", include("vikarieportalen.feedback.urls")),
    path("lonesupport/", include("vikarieportalen.support.urls")),
    path("lon/", include("vikarieportalen.payroll.urls")),
    path("intyg/", include("vikarieportalen.certificates.urls")),
    path("statistik/", include("vikarieportalen.statistics.urls")),
    path("intranat/", include("vikarieportalen.intranet.urls")),
    path("health/", core_views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says; the icon itself is a static SVG.
    path("favicon.ico", core_views.favicon, name="favicon"),
    # Installable (PWA): the manifest, the service worker at the root (its scope: every page), and
    # the page it shows offline (docs/phone.md).
    path("manifest.webmanifest", core_views.web_manifest, name="web_manifest"),
    path("sw.js", core_views.service_worker, name="service_worker"),
    path("offline/", core_views.offline, name="offline"),
    # Probes do not follow the slash redirect: both spellings answer.
    re_path(r"^health/live/?$", core_views.health_live, name="health_live"),
    re_path(r"^health/ready/?$", core_views.health_ready, name="health_ready"),
]

# Wagtail's images, when no web server in front serves them (SERVE_MEDIA; otherwise 404).
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", core_media.public_media, name="public_media")
]

# Intranet pages: Swedish without a prefix, English translations under /en/ (i18n_patterns with
# prefix_default_language=False, but matched by the address alone: see intranet/serving/i18n_urls.py).
urlpatterns += page_patterns(path("", include(wagtail_urls)))

handler403 = "vikarieportalen.core.views.permission_denied"
handler404 = "vikarieportalen.core.views.page_not_found"
handler500 = "vikarieportalen.core.views.server_error"
