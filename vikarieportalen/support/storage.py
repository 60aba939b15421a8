"""Private file storage: files that only some people may see, served only through checked views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    """A folder outside the web root (PRIVATE_MEDIA_ROOT). Its files have no public address."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("location", settings.PRIVATE_MEDIA_ROOT)
        super().__init__(**kwargs)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no public URL; link to the view that checks access")
