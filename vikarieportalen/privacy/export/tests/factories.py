"""A person with data in every section of the export, and secrets planted where the portal keeps them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.models import (
    MobileChange,
    PasswordHistory,
    PasswordResetAttempt,
    User,
    UserSession,
)
from vikarieportalen.accounts.tests.factories import SubstituteFactory, UserFactory
from vikarieportalen.audit.services import audit_record
from vikarieportalen.certificates.models import CertificateStatus
from vikarieportalen.certificates.tests.factories import order
from vikarieportalen.core.roles import Role
from vikarieportalen.core.time import local_instant
from vikarieportalen.notifications.models import Channel, Message, Status
from vikarieportalen.payroll.tests.factories import (
    HourlyWageFactory,
    TimeReportFactory,
    ordinary_transaction_for,
)
from vikarieportalen.staffing.models import (
    GroupMessage,
    InboundMessage,
    Offer,
    OfferSend,
    OfferStatus,
    SubstituteProfile,
    Workplace,
    WorkplaceRequest,
)
from vikarieportalen.staffing.tests.factories import (
    AvailabilityPeriodFactory,
    BookingFactory,
    IntroductionFactory,
    QualificationFactory,
    ShiftFactory,
    SubstituteQualificationFactory,
    WeeklyAvailabilityFactory,
    WorkplaceFactory,
)
from vikarieportalen.support import services as support
from vikarieportalen.support.tests.factories import case_open, pdf_upload
from vikarieportalen.trainings.tests.factories import CourseCompletionFactory, CoursePageFactory


@dataclass(frozen=True)
class Secrets:
    """Values that must never appear in an export."""

    password_hash: str
    earlier_password_hash: str
    session_key: str
    reset_salt: str
    reset_code_hash: str
    mobile_code_hash: str
    offer_token: str
    calendar_token: str
    sms_code: str
    verification_code: str
    hr_note: str
    support_note: str
    profile_note: str

    def values(self) -> list[str]:
        return list(self.__dict__.values())


def person_with_data_everywhere(
    *,
    workplace: Workplace,
    staff: User,
    tag: str,
    person: User | None = None,
    days_ago: int = 1,
    **user_fields: str,
) -> tuple[User, Secrets]:
    """A substitute with rows in every section, staff's marks on them, and ``tag`` in every secret.

    Give ``person`` to add the same again to someone (with another ``days_ago`` for the booking).
    """
    person = person or SubstituteFactory(**user_fields)
    now = timezone.now()
    secrets = Secrets(
        password_hash=person.password,
        earlier_password_hash=f"pbkdf2_sha256$1000000$earlier{tag}$hash",
        session_key=f"sessionkey{tag}",
        reset_salt=f"resetsalt{tag}",
        reset_code_hash=f"resethash{tag}",
        mobile_code_hash=f"mobilehash{tag}",
        offer_token=f"offertoken{tag}",
        calendar_token=f"calendartoken{tag}",
        sms_code=f"{tag}7391",
        verification_code=f"VC{tag}-WXYZ",
        hr_note=f"HR internal note {tag}",
        support_note=f"Payroll internal note {tag}",
        profile_note=f"Staffing centre note {tag}",
    )
    # Account and login.
    PasswordHistory.objects.create(user=person, password=secrets.earlier_password_hash, set_at=now)
    UserSession.objects.create(
        session_key=secrets.session_key,
        user=person,
        started_at=now,
        last_seen_at=now,
        client_ip="198.51.100.7",
    )
    PasswordResetAttempt.objects.create(
        user=person,
        username_given=person.username,
        salt=secrets.reset_salt,
        code_hash=secrets.reset_code_hash,
        created_at=now,
        expires_at=now + dt.timedelta(minutes=10),
    )
    MobileChange.objects.create(
        user=person,
        old_mobile=person.mobile,
        new_mobile="+46735550000",
        code_hash=secrets.mobile_code_hash,
        expires_at=now + dt.timedelta(minutes=10),
        closed_at=now,
    )
    # Workplaces and qualifications.
    SubstituteProfile.objects.update_or_create(
        user=person,
        defaults={
            "calendar_token": secrets.calendar_token,
            "calendar_token_created_at": now,
            "note": secrets.profile_note,
        },
    )
    SubstituteQualificationFactory(substitute=person, qualification=QualificationFactory(), added_by=staff)
    IntroductionFactory(substitute=person, workplace=WorkplaceFactory(), added_by=staff)
    # Work: availability, a booking with approved hours and pay lines, an offer, a request.
    AvailabilityPeriodFactory(substitute=person, note=f"Semester {tag}")
    WeeklyAvailabilityFactory(substitute=person)
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    shift = ShiftFactory(
        workplace=workplace,
        starts_at=local_instant(day, dt.time(7)),
        ends_at=local_instant(day, dt.time(16)),
        break_minutes=45,
    )
    report = TimeReportFactory(
        booking=BookingFactory(substitute=person, shift=shift, created_by=staff),
        approved_by=staff,
        note=f"Approved {tag}",
    )
    ordinary_transaction_for(report)
    HourlyWageFactory(substitute=person, amount=Decimal("165.50"), created_by=staff)
    send = OfferSend.objects.create(created_by=staff, message=f"Kan du jobba? {tag}")
    Offer.objects.create(
        send=send,
        shift=ShiftFactory(workplace=workplace),
        substitute=person,
        code="4711",
        token=secrets.offer_token,
        status=OfferStatus.DECLINED,
        expires_at=now + dt.timedelta(days=1),
        responded_at=now,
    )
    WorkplaceRequest.objects.create(substitute=person, workplace=WorkplaceFactory(), message=f"Skolor {tag}")
    # An SMS the person sent back to a group message, kept in the staffing centre's inbox, handled.
    group = GroupMessage.objects.create(
        created_by=staff, text="Vem kan jobba?", group="alla", recipient_count=1, segments=1, cost_ore=50
    )
    InboundMessage.objects.create(
        gateway_id=f"gw-{tag}-{days_ago}",
        sender_number=person.mobile,
        sender=person,
        text=f"Jag kan på fredag {tag}",
        received_at=now,
        group_message=group,
        handled_at=now,
        handled_by=staff,
    )
    # Certificates and payroll support (with a reply, an internal note and a file).
    order(
        substitute=person,
        status=CertificateStatus.IN_REVIEW,
        purpose=f"A-kassa {tag}",
        hr_note=secrets.hr_note,
        verification_code=secrets.verification_code,
        signed_by=staff,
    )
    case = case_open(
        requester=person, subject=f"Lön {tag}", text=f"Saknar timmar {tag}", files=[pdf_upload()]
    )
    support.case_reply_by_staff(case_id=case.pk, staff=staff, text=f"Vi tittar {tag}", notify=False)
    support.case_note_add(case_id=case.pk, staff=staff, text=secrets.support_note)
    # What the portal sent: a login code by SMS (its text holds the secret).
    Message.objects.create(
        channel=Channel.SMS,
        recipient=person,
        to_number=person.mobile,
        kind="login_code",
        text=f"Din kod är {secrets.sms_code}",
        redacted_text="Din kod är ******",
        idempotency_key=f"login-code-{tag}",
        status=Status.SENT,
        sent_at=now,
    )
    # Trainings and the audit log (an event made by staff about the person too).
    CourseCompletionFactory(user=person, course=CoursePageFactory(title=f"Brandskydd {tag}"))
    audit_record(kind=AccountsAuditKind.LOGIN, user=person, method="password_sms")
    audit_record(kind=AccountsAuditKind.MOBILE_CHANGED, user=person, actor=staff)
    return person, secrets


def staff_member(**fields: str) -> User:
    """Someone at the staffing centre and payroll, who books, approves, answers and signs."""
    user: User = UserFactory(roles=[Role.STAFFING_CENTRE, Role.PAYROLL, Role.HR_SERVICE], **fields)
    return user
