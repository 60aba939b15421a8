"""Test data for the support desk: cases opened through the service, files made in memory."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from vikarieportalen.accounts.login.assurance import SESSION_KEY
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.support import services
from vikarieportalen.support.attachments import attachment_check
from vikarieportalen.support.choices import AttachmentType, CaseStatus, MessageKind, Topic
from vikarieportalen.support.models import StatusPeriod, SupportAttachment, SupportCase, SupportMessage
from vikarieportalen.testing import client_logged_in

PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "lonespecifikation.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def png_upload(name: str = "skarmbild.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg_upload(name: str = "foto.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def case_open(
    *,
    requester: User | None = None,
    subject: str = "Saknar timmar i maj",
    text: str = "Jag jobbade 12 maj på Solbacken men passet syns inte på lönen.",
    topic: str = Topic.SALARY,
    files: list[SimpleUploadedFile] | None = None,
    now: dt.datetime | None = None,
) -> SupportCase:
    return services.case_open(
        requester=requester or SubstituteFactory(),
        topic=topic,
        subject=subject,
        text=text,
        files=[attachment_check(upload) for upload in files or []],
        now=now,
    )


def high_assurance_client(user: User) -> Client:
    """A logged-in client whose session says the user logged in with password + SMS code just now."""
    client = client_logged_in(user)
    session = client.session
    session[SESSION_KEY] = {"level": "high", "method": "password_sms", "at": timezone.now().isoformat()}
    session.save()
    return client


# Fixed ids for the access matrix, far above what other rows create.
ACCESS_CASE_PK = 900_001
ACCESS_ATTACHMENT_PK = 900_001


def access_case() -> SupportCase:
    """A case with one attachment at fixed ids, owned by a substitute nobody in the matrix is."""
    requester = SubstituteFactory()
    now = timezone.now()
    case = SupportCase.objects.create(
        pk=ACCESS_CASE_PK, requester=requester, topic=Topic.TAX, subject="Skattetabell", created_at=now
    )
    StatusPeriod.objects.create(case=case, status=CaseStatus.NEW, started_at=now)
    message = SupportMessage.objects.create(
        case=case, kind=MessageKind.SUBSTITUTE, author=requester, text="Fel skattetabell?"
    )
    attachment = SupportAttachment(
        pk=ACCESS_ATTACHMENT_PK,
        case=case,
        message=message,
        display_name="skatt.pdf",
        content_type=AttachmentType.PDF,
        size=len(PDF_BYTES),
    )
    attachment.file.save("upload", pdf_upload(), save=False)
    attachment.save()
    return case
