"""Uploads of support attachments: refused early when too large, checked by their content.

The order matters, because a 2 GB upload must never be read: a view first compares the request's
Content-Length with the largest allowed request (before anything touches ``request.POST``; the
view is CSRF-exempt for that and checks CSRF itself afterwards), then installs an upload handler
that stops keeping a file once it passes the per-file limit, then validates each kept file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import Image, UnidentifiedImageError

from vikarieportalen.core.errors import Refused
from vikarieportalen.support.choices import AttachmentType
from vikarieportalen.support.rules import (
    attachment_display_name,
    attachment_type_of,
    name_claims_other_type,
    name_with_extension,
    pdf_has_end_marker,
)

# Room for the form's text fields and the multipart framing around the files.
REQUEST_OVERHEAD_BYTES = 1024 * 1024


def max_file_bytes() -> int:
    return int(settings.SUPPORT_MAX_ATTACHMENT_MB) * 1024 * 1024


def max_request_bytes() -> int:
    return int(settings.SUPPORT_MAX_ATTACHMENTS) * max_file_bytes() + REQUEST_OVERHEAD_BYTES


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips (stops storing and discards the rest of) any file larger than the per-file limit.

    Its names of skipped files are read by the form, which reports them; nothing of them is kept.
    """

    def __init__(self, request: HttpRequest | None = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large: list[str] = []

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large.append(attachment_display_name(self.file_name or ""))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers (memory or temporary file) make the file


def _back_url(request: HttpRequest) -> str:
    """The page the form was on: the case for an answer, else the new-case form."""
    from django.urls import reverse

    match = request.resolver_match
    if match is not None and "case_id" in match.kwargs:
        return reverse("support:case_detail", kwargs={"case_id": match.kwargs["case_id"]})
    return reverse("support:case_new")


def _request_too_large(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "support/upload_too_large.html",
        {
            "max_files": settings.SUPPORT_MAX_ATTACHMENTS,
            "max_mb": settings.SUPPORT_MAX_ATTACHMENT_MB,
            "back": _back_url(request),
        },
        status=413,
    )


def upload_limited(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views that take attachments: refuse too large a request unread, then check CSRF.

    Django reads the body for CSRF before a view runs; so the view is CSRF-exempt here, the
    size is checked from the headers alone, and csrf_protect runs after the upload handlers are
    in place (the pattern Django's documentation gives for custom upload handlers).
    """
    protected = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST":
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > max_request_bytes():
                return _request_too_large(request)
            limiter = SizeLimitUploadHandler(request, limit=max_file_bytes())
            request.upload_handlers.insert(0, limiter)
            request.support_too_large = limiter.too_large  # type: ignore[attr-defined]
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def files_too_large(request: HttpRequest) -> list[str]:
    return list(getattr(request, "support_too_large", []))


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile[bytes]
    display_name: str
    content_type: AttachmentType
    size: int


class AttachmentRefused(Refused):
    pass


def _read_head_and_tail(upload: UploadedFile[bytes]) -> tuple[bytes, bytes]:
    upload.seek(0)
    head = upload.read(8192)
    if upload.size and upload.size > 2048:
        upload.seek(upload.size - 2048)
    tail = upload.read(2048) if upload.size and upload.size > 2048 else head
    upload.seek(0)
    return head, tail


def _image_opens(upload: UploadedFile[bytes]) -> bool:
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()  # reads the structure without decoding every pixel
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


def attachment_check(upload: UploadedFile[bytes]) -> CheckedFile:
    """The upload as a file we keep, or AttachmentRefused with a message for the person."""
    name = attachment_display_name(upload.name or "")
    size = upload.size or 0
    if size == 0:
        raise AttachmentRefused(_("“%(name)s” is empty.") % {"name": name})
    if size > max_file_bytes():
        raise AttachmentRefused(
            _("“%(name)s” is larger than %(mb)s MB.")
            % {"name": name, "mb": settings.SUPPORT_MAX_ATTACHMENT_MB}
        )
    head, tail = _read_head_and_tail(upload)
    actual = attachment_type_of(head)
    if actual is None:
        raise AttachmentRefused(
            _(
                "“%(name)s” is not a PDF, JPEG or PNG file. "
                "The type is checked from the file's content, not its name."
            )
            % {"name": name}
        )
    claimed = name_claims_other_type(name, actual)
    if claimed is not None:
        raise AttachmentRefused(
            _("“%(name)s” is named as a %(claimed)s file but is a %(actual)s file. Choose the right file.")
            % {"name": name, "claimed": claimed.label, "actual": actual.label}
        )
    if actual == AttachmentType.PDF and not pdf_has_end_marker(tail):
        raise AttachmentRefused(_("“%(name)s” is not a complete PDF file.") % {"name": name})
    if actual in {AttachmentType.JPEG, AttachmentType.PNG} and not _image_opens(upload):
        raise AttachmentRefused(_("“%(name)s” is a damaged image and cannot be opened.") % {"name": name})
    return CheckedFile(
        upload=upload, display_name=name_with_extension(name, actual), content_type=actual, size=size
    )
