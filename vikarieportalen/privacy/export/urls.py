from django.urls import path

from vikarieportalen.privacy.export import views

# Mounted in privacy/urls.py (namespace "privacy") under /konto/personuppgifter/.
urlpatterns = [
    path("mina/", views.my_data, name="my_data"),
    path("mina/ladda-ner/", views.my_data_download, name="my_data_download"),
]
