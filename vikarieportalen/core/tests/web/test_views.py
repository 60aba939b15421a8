import pytest
from django.test import Client

from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.testing import INSIDE_ADDRESS, TEST_PASSWORD


@pytest.mark.django_db
def test_form_without_csrf_token_gets_swedish_explanation_and_logs_nobody_in() -> None:
    user = SubstituteFactory()
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=INSIDE_ADDRESS)

    response = client.post("/konto/logga-in/", {"username": user.username, "password": TEST_PASSWORD})

    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.django_db
def test_health_answers_ok_without_login() -> None:
    response = Client(REMOTE_ADDR="203.0.113.9").get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_every_page_names_the_portal_icon_and_the_icon_exists() -> None:
    from django.contrib.staticfiles import finders
    from django.test import Client

    html = Client().get("/konto/logga-in/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert finders.find("img/favicon.svg")
