"""Public Wagtail images under ``MEDIA_URL``, served by the portal when nothing in front does.

In production a web server (nginx, ``deploy/nginx/vikarieportalen.conf``) serves these files from
disk. Where none does (the container on its own, ``make run``, the browser tests with ``DEBUG`` off)
``SERVE_MEDIA=true`` lets this view serve them. Only image files in Wagtail's two image folders are
public: documents go through Wagtail's ``/documents/`` view, which checks collection privacy, and
private files (``PRIVATE_MEDIA_ROOT``) are never under ``MEDIA_ROOT`` at all.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

# Wagtail's folders: renditions (every <img> a page shows) and the uploaded originals.
PUBLIC_MEDIA_FOLDERS = ("images", "original_images")
IMAGE_TYPES = {
    ".avif": "image/avif",
    ".gif": "image/gif",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}
# Renditions keep their name when an editor replaces an image's file, so not cached for long.
MEDIA_MAX_AGE_SECONDS = 60 * 60


def media_is_public(path: str) -> bool:
    """Whether ``path`` (relative to ``MEDIA_ROOT``) names a file anyone may load: a Wagtail image."""
    if not path or path.startswith("/") or "\\" in path or "\x00" in path:
        return False
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in PUBLIC_MEDIA_FOLDERS:
        return False
    if any(not part or part.startswith(".") for part in parts):  # "..", ".", "a//b", dotfiles
        return False
    return PurePosixPath(path).suffix.lower() in IMAGE_TYPES


@require_safe
def public_media(request: HttpRequest, path: str) -> FileResponse:
    if not settings.SERVE_MEDIA or not media_is_public(path):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=IMAGE_TYPES[PurePosixPath(path).suffix.lower()])
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE_SECONDS}"
    return response
