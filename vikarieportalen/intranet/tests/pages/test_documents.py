"""Documents attached to intranet pages are as internal as the pages themselves."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document

from vikarieportalen.testing import INSIDE_ADDRESS, OUTSIDE_ADDRESS


@pytest.fixture
def document() -> Document:
    return Document.objects.create(
        title="Checklista", file=ContentFile(b"Checklista\n", name="checklista.txt")
    )


@pytest.mark.django_db
def test_a_document_asks_an_outsider_to_log_in(client: Client, document: Document) -> None:
    response = client.get(document.url, REMOTE_ADDR=OUTSIDE_ADDRESS)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=/documents/")


@pytest.mark.django_db
def test_a_document_is_not_held_back_inside_the_municipal_network(client: Client, document: Document) -> None:
    response = client.get(document.url, REMOTE_ADDR=INSIDE_ADDRESS)
    assert not response.get("Location", "").startswith("/konto/logga-in/")
