"""Wagtail's images under /media/ when the portal serves them itself (SERVE_MEDIA)."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.test import Client, override_settings
from PIL import Image as PillowImage
from wagtail.images.models import Image

from vikarieportalen.core.web.media import media_is_public
from vikarieportalen.testing import Who, client_for


def _png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "path",
    ["images/news.fill-10x10.png", "original_images/news.PNG", "images/2026/a.webp", "images/a.jpeg"],
)
def test_wagtail_image_files_are_public(path: str) -> None:
    assert media_is_public(path)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "documents/policy.pdf",  # Wagtail's /documents/ view checks collection privacy
        "images/../documents/policy.pdf",
        "images/./a.png",
        "/images/a.png",
        "images/.hidden.png",
        "images\\a.png",
        "images/a.svg",  # an SVG may carry script
        "images/a.html",
        "images",
        "a.png",
        "private/attachment.png",
    ],
)
def test_everything_else_is_not(path: str) -> None:
    assert not media_is_public(path)


@pytest.mark.django_db
@override_settings(SERVE_MEDIA=True)
def test_a_wagtail_rendition_is_served_with_debug_off() -> None:
    image = Image.objects.create(title="Sommarfest", file=ImageFile(io.BytesIO(_png()), name="fest.png"))
    rendition = image.get_rendition("fill-20x20")

    response = Client().get(rendition.url)

    assert rendition.url.startswith("/media/images/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "public, max-age=3600"
    loaded = PillowImage.open(io.BytesIO(b"".join(response.streaming_content)))
    assert loaded.size == (20, 20)


@pytest.mark.django_db
@override_settings(SERVE_MEDIA=True)
@pytest.mark.parametrize("who", list(Who))
def test_every_visitor_gets_the_image(who: Who) -> None:
    name = default_storage.save("original_images/visitor.png", ContentFile(_png("blue")))

    response = client_for(who).get(f"/media/{name}")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(SERVE_MEDIA=True)
def test_documents_and_missing_files_are_404() -> None:
    document = default_storage.save("documents/policy.pdf", ContentFile(b"%PDF-1.4 secret"))
    client = Client()

    assert client.get(f"/media/{document}").status_code == 404
    assert client.get("/media/images/missing.png").status_code == 404
    assert client.get("/media/images/%2e%2e/documents/policy.pdf").status_code == 404
    assert client.post("/media/images/missing.png").status_code == 405


@pytest.mark.django_db
@override_settings(SERVE_MEDIA=False)
def test_nothing_is_served_when_a_web_server_serves_media() -> None:
    name = default_storage.save("images/off.png", ContentFile(_png()))

    assert Client().get(f"/media/{name}").status_code == 404
