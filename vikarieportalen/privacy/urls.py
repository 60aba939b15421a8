from django.urls import URLPattern, URLResolver

from vikarieportalen.privacy.export import urls as export_urls

app_name = "privacy"

urlpatterns: list[URLPattern | URLResolver] = [
    # A person's own data (art. 15): Mina personuppgifter and its download.
    *export_urls.urlpatterns,
]
