"""Anonymising leavers after the retention period: who is due, what goes, what stays."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from vikarieportalen.accounts.models import MobileChange, PasswordHistory, User, UserSession
from vikarieportalen.accounts.tests.factories import SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates.models import CertificateOrder, CertificateStatus
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import (
    NoticeCategory,
    NoticeChannel,
    NoticePreference,
    PushSubscription,
)
from vikarieportalen.payroll.models import ExportBatch, ExportStatus, TimeTransaction
from vikarieportalen.payroll.tests.factories import PastBookingFactory, TimeTransactionFactory
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.privacy.leavers import services
from vikarieportalen.privacy.leavers.selectors import leavers_due_for_anonymisation
from vikarieportalen.staffing.models import InboundMessage, SubstituteProfile
from vikarieportalen.support.models import SupportCase
from vikarieportalen.testing import client_logged_in

pytestmark = pytest.mark.django_db

YEARS = 2  # RETENTION_LEAVER_YEARS in these tests


@pytest.fixture(autouse=True)
def _retention(settings):
    settings.RETENTION_LEAVER_YEARS = YEARS


def _now() -> dt.datetime:
    return timezone.now()


_numbers = itertools.count(10)


def _leaver(years_ago: float = YEARS + 0.1, **fields) -> User:
    user = SubstituteFactory(personal_identity_number=f"1998040423{next(_numbers) % 100:02d}", **fields)
    services.engagement_end(
        user=user, by=None, source="import", now=_now() - dt.timedelta(days=365.25 * years_ago)
    )
    user.refresh_from_db()
    return user


def _exported_pay_line(user: User) -> TimeTransaction:
    batch = ExportBatch.objects.create(status=ExportStatus.DONE)
    line: TimeTransaction = TimeTransactionFactory(report__booking__substitute=user, batch=batch)
    return line


def test_a_leaver_past_the_retention_period_is_due():
    due = _leaver()
    _leaver(years_ago=YEARS - 0.1)  # not yet
    SubstituteFactory()  # still engaged
    assert list(leavers_due_for_anonymisation(now=_now())) == [due]


def test_the_period_is_the_setting(settings):
    leaver = _leaver(years_ago=1.5)
    assert not leavers_due_for_anonymisation(now=_now()).exists()
    settings.RETENTION_LEAVER_YEARS = 1
    assert list(leavers_due_for_anonymisation(now=_now())) == [leaver]


@pytest.mark.parametrize(
    "still_needed",
    ["hours_not_approved", "pay_line_not_exported", "open_support_case", "certificate_being_handled"],
)
def test_a_leaver_is_not_due_while_something_still_needs_the_name(still_needed):
    leaver = _leaver()
    if still_needed == "hours_not_approved":
        PastBookingFactory(substitute=leaver)
    elif still_needed == "pay_line_not_exported":
        TimeTransactionFactory(report__booking__substitute=leaver, batch=None)
    elif still_needed == "open_support_case":
        SupportCase.objects.create(requester=leaver, topic="salary", subject="Lön för mars")
    else:
        CertificateOrder.objects.create(kind="service", substitute=leaver, status=CertificateStatus.IN_REVIEW)
    assert not leavers_due_for_anonymisation(now=_now()).exists()
    with pytest.raises(Refused) as refused:
        services.leaver_anonymise(leaver, now=_now())
    assert refused.value.code == services.NOT_DUE
    leaver.refresh_from_db()
    assert leaver.family_name and leaver.anonymised_at is None


def test_anonymising_removes_the_person_and_keeps_the_pay_lines():
    leaver = _leaver(
        given_names="Sara Maria", preferred_given_name="Sara", family_name="Johansson", employee_number="E-77"
    )
    line = _exported_pay_line(leaver)
    PasswordHistory.objects.create(user=leaver, password=leaver.password, set_at=_now())
    MobileChange.objects.create(
        user=leaver, old_mobile=leaver.mobile, new_mobile="+46701234599", code_hash="x", expires_at=_now()
    )
    SubstituteProfile.objects.create(user=leaver, note="Föredrar förskola")
    PushSubscription.objects.create(
        user=leaver, endpoint="https://fcm.googleapis.com/x", p256dh="k", auth="a"
    )
    NoticePreference.objects.create(user=leaver, category=NoticeCategory.OFFERS, channel=NoticeChannel.PUSH)
    now = _now()

    assert services.leaver_anonymise(leaver, now=now) is True

    leaver.refresh_from_db()
    # Gone: name, identity number, birth date, mobile, e-mail, the username built from them, login methods.
    assert (leaver.given_names, leaver.preferred_given_name, leaver.family_name) == ("", "", "")
    assert leaver.personal_identity_number is None and leaver.date_of_birth is None
    assert leaver.mobile == "" and leaver.email == ""
    assert leaver.username == f"ANONYM-{leaver.pk}"
    assert not leaver.has_usable_password()
    assert not PasswordHistory.objects.filter(user=leaver).exists()
    assert not MobileChange.objects.filter(user=leaver).exists()
    assert not PushSubscription.objects.filter(user=leaver).exists()
    assert not NoticePreference.objects.filter(user=leaver).exists()
    assert SubstituteProfile.objects.get(user=leaver).note == ""
    # Kept: the account row under its employee number, and the pay lines tied to it.
    assert leaver.employee_number == "E-77" and leaver.anonymised_at == now
    line.refresh_from_db()
    assert line.substitute_id == leaver.pk and line.amount > 0
    event = AuditEvent.objects.get(kind=PrivacyAuditKind.PERSON_ANONYMISED)
    assert event.user == leaver and event.details == {"employee_number": "E-77"}
    assert "Johansson" not in str(event.details) and event.username == leaver.username


def _inbox_sms(number: str, sender: User | None, gateway_id: str) -> InboundMessage:
    return InboundMessage.objects.create(
        gateway_id=gateway_id,
        sender_number=number,
        sender=sender,
        text=f"Jag kan jobba ({gateway_id})",
        received_at=_now() - dt.timedelta(days=800),
    )


def test_anonymising_clears_the_leavers_sms_in_the_inbox():
    leaver = _leaver(mobile="+46701110001")
    colleague = SubstituteFactory(mobile="+46701110002")
    _inbox_sms(leaver.mobile, leaver, "gw-1")
    _inbox_sms(leaver.mobile, None, "gw-2")  # the number was shared when it came; now only hers
    kept = [_inbox_sms(colleague.mobile, colleague, "gw-3"), _inbox_sms("+46701110003", None, "gw-4")]

    services.leaver_anonymise(leaver, now=_now())

    assert sorted(InboundMessage.objects.values_list("pk", flat=True)) == sorted(m.pk for m in kept)


def test_an_inbox_sms_from_a_number_someone_else_still_has_is_kept():
    leaver = _leaver(mobile="+46701110005")
    SubstituteFactory(mobile="+46701110005")  # a sibling with the same number
    _inbox_sms(leaver.mobile, leaver, "gw-5")
    shared = _inbox_sms(leaver.mobile, None, "gw-6")  # may be the sibling's

    services.leaver_anonymise(leaver, now=_now())

    assert list(InboundMessage.objects.all()) == [shared]


def test_a_second_person_is_untouched():
    leaver = _leaver()
    other_leaver = _leaver(years_ago=YEARS - 0.5, family_name="Kvar")
    colleague = SubstituteFactory(family_name="Aktiv", personal_identity_number="199001012380")
    client = client_logged_in(colleague)
    assert client.get("/konto/mina-uppgifter/").status_code == 200
    services.leaver_anonymise(leaver, now=_now())
    for person, name in ((other_leaver, "Kvar"), (colleague, "Aktiv")):
        person.refresh_from_db()
        assert person.family_name == name and person.anonymised_at is None and person.mobile
    assert colleague.personal_identity_number == "199001012380"
    assert UserSession.objects.filter(user=colleague).exists()
    assert client.get("/konto/mina-uppgifter/").status_code == 200


def test_anonymising_twice_changes_nothing_more():
    leaver = _leaver()
    first_at = _now()
    assert services.leaver_anonymise(leaver, now=first_at) is True
    assert services.leaver_anonymise(leaver, now=first_at + dt.timedelta(days=1)) is False
    leaver.refresh_from_db()
    assert leaver.anonymised_at == first_at
    assert AuditEvent.objects.filter(kind=PrivacyAuditKind.PERSON_ANONYMISED).count() == 1


def test_someone_still_engaged_is_never_anonymised():
    current = SubstituteFactory()
    with pytest.raises(Refused) as refused:
        services.leaver_anonymise(current, now=_now())
    assert refused.value.code == services.NOT_ENDED
    current.refresh_from_db()
    assert current.family_name and current.is_active


def test_anonymised_leavers_are_no_longer_due_and_not_found_by_hr():
    leaver = _leaver(family_name="Borta")
    services.leaver_anonymise(leaver, now=_now())
    assert not leavers_due_for_anonymisation(now=_now()).exists()
    from vikarieportalen.privacy.leavers.selectors import substitute_search

    assert substitute_search(query=leaver.employee_number or "") == []
