"""A substitute's cancellation reopens the shift: the flag, the e-mail to the staffing centre, the
board's badge and filter, dismissing the flag, and the cancel page's promise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.errors import Refused
from vikarieportalen.notifications.models import Channel, Message
from vikarieportalen.staffing.audit_kinds import StaffingAuditKind
from vikarieportalen.staffing.booking.services import BookingRefused, booking_cancel, booking_create
from vikarieportalen.staffing.models import Booking, BookingStatus, Shift
from vikarieportalen.staffing.reopened.notify import EMAIL_KIND_REOPENED, staffing_centre_tell_reopened
from vikarieportalen.staffing.reopened.rules import cancellation_reopens_shift
from vikarieportalen.staffing.reopened.services import shift_reopen_dismiss
from vikarieportalen.staffing.shifts.services import shift_cancel
from vikarieportalen.staffing.tests.factories import BookingFactory, ShiftFactory, WorkplaceFactory
from vikarieportalen.testing import client_logged_in

NOW = dt.datetime(2026, 12, 9, 12, 0, tzinfo=dt.UTC)


# --- the rule (no database) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("by_substitute", "shift_cancelled", "ends_in_hours", "reopens"),
    [
        (True, False, 50, True),  # the substitute cancels in good time: the centre must fill it
        (False, False, 50, False),  # staff or the workplace cancelled: they know already
        (True, True, 50, False),  # the shift itself is cancelled: nothing to fill
        (True, False, 0, False),  # over: nothing to fill
        (True, False, -1, False),
    ],
)
def test_only_the_substitutes_own_cancellation_of_a_live_shift_reopens_it(
    by_substitute: bool, shift_cancelled: bool, ends_in_hours: int, reopens: bool
) -> None:
    assert (
        cancellation_reopens_shift(
            staffing_centre_unaware=by_substitute,
            shift_cancelled=shift_cancelled,
            shift_ends_at=NOW + dt.timedelta(hours=ends_in_hours),
            now=NOW,
        )
        is reopens
    )


# --- the service -----------------------------------------------------------------------------------


def _in_days(days: int, hour: int = 7) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 30), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def substitute() -> User:
    return SubstituteFactory(preferred_given_name="Ali", family_name="Hassan")


@pytest.fixture
def staff() -> User:
    return StaffingCentreFactory(language="en")


@pytest.fixture
def booking(substitute: User) -> Booking:
    workplace = WorkplaceFactory(name="Solrosen")
    shift = ShiftFactory(workplace=workplace, starts_at=_in_days(5), ends_at=_in_days(5, 15))
    return BookingFactory(shift=shift, substitute=substitute)


def _reopen_mails() -> list[Message]:
    return list(Message.objects.filter(kind=EMAIL_KIND_REOPENED, channel=Channel.EMAIL))


@pytest.mark.django_db
def test_the_substitute_cancelling_flags_the_shift_audits_and_emails_the_staffing_centre(
    booking: Booking, substitute: User, staff: User, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking, by=substitute, reason="Sjuk")

    shift = Shift.objects.get(pk=booking.shift_id)
    assert shift.reopened_by_booking_id == booking.pk and not shift.is_booked
    [message] = _reopen_mails()
    assert message.recipient == staff and message.to_email == staff.email
    assert "Solrosen" in message.subject and "Solrosen" in message.text
    assert substitute.family_name not in message.text  # the board, behind login, names them
    assert f"/bemanning/pass/{shift.pk}/kandidater/" in message.text
    assert not message.urgent  # five days ahead
    event = AuditEvent.objects.get(kind=StaffingAuditKind.BOOKING_CANCELLED)
    assert event.details["reopened"] is True
    # Delivered through EMAIL_BACKEND after commit.
    assert [m.to for m in mail.outbox if "Solrosen" in m.subject] == [[staff.email]]


@pytest.mark.django_db
def test_a_shared_mailbox_gets_the_email_instead_of_each_person(booking, substitute, staff, settings) -> None:
    settings.STAFFING_CENTRE_EMAIL = "bemanning@example.se"
    booking_cancel(booking=booking, by=substitute)
    assert [m.to_email for m in _reopen_mails()] == ["bemanning@example.se"]


@pytest.mark.django_db
def test_a_shift_starting_soon_makes_the_email_urgent(substitute, settings) -> None:
    settings.STAFFING_CENTRE_EMAIL = "bemanning@example.se"
    now = timezone.now()
    shift = ShiftFactory(starts_at=now + dt.timedelta(hours=3), ends_at=now + dt.timedelta(hours=9))
    staffing_centre_tell_reopened(booking=BookingFactory(shift=shift, substitute=substitute))
    assert [m.urgent for m in _reopen_mails()] == [True]


@pytest.mark.django_db
def test_staff_cancelling_neither_flags_nor_emails(booking, staff) -> None:
    booking_cancel(booking=booking, by=staff, reason="Fel person")
    assert Shift.objects.get(pk=booking.shift_id).reopened_by_booking is None
    assert _reopen_mails() == []


@pytest.mark.django_db
def test_cancelling_twice_is_refused_and_tells_the_centre_once(booking, substitute, staff) -> None:
    booking_cancel(booking=booking, by=substitute)
    with pytest.raises(BookingRefused):
        booking_cancel(booking=booking, by=substitute)
    assert len(_reopen_mails()) == 1


@pytest.mark.django_db
def test_booking_the_shift_again_clears_the_flag(booking, substitute, staff) -> None:
    booking_cancel(booking=booking, by=substitute)
    other = SubstituteFactory()
    booking_create(shift=booking.shift, substitute=other, by=staff, override_reason="Testar")
    shift = Shift.objects.get(pk=booking.shift_id)
    assert shift.is_booked and shift.reopened_by_booking is None


@pytest.mark.django_db
def test_cancelling_the_shift_clears_the_flag(booking, substitute, staff) -> None:
    booking_cancel(booking=booking, by=substitute)
    shift_cancel(shift=booking.shift, by=staff, reason="Behövs inte")
    assert Shift.objects.get(pk=booking.shift_id).reopened_by_booking is None


@pytest.mark.django_db
def test_the_database_refuses_the_flag_on_a_booked_shift(booking) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Shift.objects.filter(pk=booking.shift_id).update(reopened_by_booking=booking)


@pytest.mark.django_db
def test_dismissing_clears_the_flag_once_audited_and_keeps_the_shift_open(booking, substitute, staff) -> None:
    booking_cancel(booking=booking, by=substitute)
    shift_reopen_dismiss(shift=booking.shift, by=staff)
    shift = Shift.objects.get(pk=booking.shift_id)
    assert shift.reopened_by_booking is None and shift.status == "active" and not shift.is_booked
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.SHIFT_REOPEN_DISMISSED, actor=staff).count() == 1
    with pytest.raises(Refused):
        shift_reopen_dismiss(shift=booking.shift, by=staff)
    assert AuditEvent.objects.filter(kind=StaffingAuditKind.SHIFT_REOPEN_DISMISSED).count() == 1


# --- the pages ---------------------------------------------------------------------------------------

BOARD = "/bemanning/tavla/"


def _staff_client(staff: User, language: str) -> Client:
    client = client_logged_in(staff)
    client.cookies["vp_language"] = language
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "badge", "who", "notice"),
    [
        ("sv", "Återöppnat", "Avbokat av Ali Hassan", "1 pass har återöppnats"),
        ("en", "Reopened", "Cancelled by Ali Hassan", "1 shift has been reopened"),
    ],
)
def test_the_board_shows_the_reopened_badge_with_who_and_when_and_a_filter(
    booking, substitute, staff, language, badge, who, notice
) -> None:
    plain = ShiftFactory(workplace=booking.workplace, starts_at=_in_days(5, 9), ends_at=_in_days(5, 12))
    client = _staff_client(staff, language)
    assert "shift-badge--reopened" not in client.get(BOARD).text

    booking_cancel(booking=booking, by=substitute)
    html = client.get(BOARD).text
    assert f'shift-badge--reopened">{badge}</span>' in html
    assert who in html and notice in html
    reopened_only = client.get(BOARD, {"show": "reopened"}).text
    assert f"/bemanning/pass/{booking.shift_id}/kandidater/" in reopened_only
    assert f"/bemanning/pass/{plain.pk}/kandidater/" not in reopened_only
    assert f"/bemanning/pass/{plain.pk}/kandidater/" in html


@pytest.mark.django_db
def test_the_candidates_page_dismisses_the_flag_and_a_bad_post_changes_nothing(
    booking, substitute, staff
) -> None:
    booking_cancel(booking=booking, by=substitute)
    client = _staff_client(staff, "en")
    page = f"/bemanning/pass/{booking.shift_id}/kandidater/"
    url = f"/bemanning/pass/{booking.shift_id}/ateroppnat/sett/"
    assert "Mark as seen" in client.get(page).text
    assert client.get(url).status_code == 405
    # A substitute (or a forged form) cannot dismiss it.
    assert client_logged_in(substitute).post(url).status_code == 403
    assert Shift.objects.get(pk=booking.shift_id).reopened_by_booking_id == booking.pk

    response = client.post(url, follow=True)
    assert "no longer marked as reopened" in response.text
    assert Shift.objects.get(pk=booking.shift_id).reopened_by_booking is None
    again = client.post(url, follow=True)
    assert "not marked as reopened" in again.text
    assert client.post("/bemanning/pass/999999/ateroppnat/sett/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "promise"),
    [
        ("sv", "Bemanningscentrum får veta det direkt, via e-post och på bokningstavlan"),
        ("en", "The staffing centre is told at once, by e-mail and on its booking board"),
    ],
)
def test_the_cancel_page_promises_what_happens_and_the_post_keeps_it(
    booking, substitute, staff, language, promise, django_capture_on_commit_callbacks
) -> None:
    client = client_logged_in(substitute)
    client.cookies["vp_language"] = language
    url = f"/bemanning/mina-pass/{booking.pk}/avboka/"
    assert promise in client.get(url).text
    assert "offered to someone else" not in client.get(url).text

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"reason": "Sjuk"}).status_code == 302
    assert Shift.objects.get(pk=booking.shift_id).reopened_by_booking_id == booking.pk
    assert len(_reopen_mails()) == 1
    # Twice: refused, nothing more is sent.
    assert client.post(url, {"reason": "Sjuk"}).status_code == 409
    assert len(_reopen_mails()) == 1


@pytest.mark.django_db
def test_a_forged_cancel_without_the_csrf_token_changes_nothing(booking, substitute) -> None:
    client = client_logged_in(substitute)
    client.handler.enforce_csrf_checks = True
    response = client.post(f"/bemanning/mina-pass/{booking.pk}/avboka/", {"reason": "x"})
    assert response.status_code == 403
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ACTIVE
    assert _reopen_mails() == []


@pytest.mark.django_db
def test_someone_elses_booking_cannot_be_cancelled(booking) -> None:
    other = client_logged_in(SubstituteFactory())
    assert other.post(f"/bemanning/mina-pass/{booking.pk}/avboka/", {"reason": "x"}).status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ACTIVE
    assert _reopen_mails() == []
