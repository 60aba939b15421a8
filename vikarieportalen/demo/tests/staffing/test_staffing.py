"""The staffing demo: realistic, within the rules, and idempotent also when run again on a later day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import QuerySet
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from vikarieportalen.accounts.models import User
from vikarieportalen.demo.common import DAYS_AHEAD, DAYS_BACK, local, no_count
from vikarieportalen.demo.municipality import demo_municipality_build
from vikarieportalen.demo.staffing.offers import demo_offers_build
from vikarieportalen.demo.staffing.shifts import demo_staffing_build, demo_tables
from vikarieportalen.notifications.models import Message, Status
from vikarieportalen.staffing.booking.candidates import candidate_check
from vikarieportalen.staffing.booking.rules import employment_form_for
from vikarieportalen.staffing.models import (
    AvailabilityKind,
    AvailabilityPeriod,
    Booking,
    BookingStatus,
    Offer,
    OfferStatus,
    Qualification,
    Shift,
    SubstituteQualification,
)
from vikarieportalen.staffing.offers import answers
from vikarieportalen.staffing.offers import services as offers
from vikarieportalen.testing import client_logged_in


def _saras_open_offers() -> QuerySet[Offer]:
    """Her single open offers; the series offer waiting for her has its own demo and tests
    (demo/staffing/series_offer.py, demo/tests/staffing/test_series_offer.py)."""
    now = timezone.now()
    return Offer.objects.filter(
        substitute__username="JOSA9804",
        status=OfferStatus.OPEN,
        expires_at__gt=now,
        shift__starts_at__gt=now,
        series_key="",
    )


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model, _fields in demo_tables()}


@pytest.mark.slow
class StaffingDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        with translation.override("sv"):
            demo_municipality_build()

    def test_the_six_qualifications_one_of_which_expires(self) -> None:
        assert set(Qualification.objects.values_list("name", flat=True)) == {
            "Undersköterska",
            "Barnskötare",
            "Lärare",
            "B-körkort",
            "Läkemedelsdelegering",
            "Förskollärare",
        }
        assert list(Qualification.objects.filter(expires=True).values_list("code", flat=True)) == [
            "lakemedelsdelegering"
        ]
        today = timezone.localdate()
        delegations = SubstituteQualification.objects.filter(qualification__code="lakemedelsdelegering")
        assert delegations.filter(valid_until__lt=today).exists()  # some have run out
        assert delegations.filter(valid_until__gte=today).exists()

    def test_bookings_carry_the_form_of_employment_of_their_shift(self) -> None:
        pairs = set(Booking.objects.values_list("shift__reason", "employment_form"))
        assert pairs == {(reason, employment_form_for(reason)) for reason, _form in pairs}
        assert {form for _reason, form in pairs} == {"sav", "vikariat"}

    def test_four_weeks_of_shifts_at_every_workplace_many_booked_some_open(self) -> None:
        today = timezone.localdate()
        # Earlier years' shifts come from the LAS demo (demo/staffing/las.py) and end well before.
        # The series offer's evenings (demo/staffing/series_offer.py) go wherever Sara may take them.
        days = set(Shift.objects.exclude(offers__series_key__gt="").values_list("day", flat=True))
        window = {day for day in days if day >= today - dt.timedelta(days=DAYS_BACK + 30)}
        assert min(window) == today - dt.timedelta(days=DAYS_BACK)
        assert max(days - window, default=today) < today - dt.timedelta(days=DAYS_BACK + 30)
        assert max(days) == today + dt.timedelta(days=DAYS_AHEAD - 1)
        assert Shift.objects.values("workplace").distinct().count() == 15
        coming = Shift.objects.filter(day__gte=today)
        booked = coming.filter(bookings__status=BookingStatus.ACTIVE).count()
        assert booked > 50
        assert coming.count() - booked > 20  # open shifts for the board
        starts = {
            timezone.localtime(s).strftime("%H:%M") for s in Shift.objects.values_list("starts_at", flat=True)
        }
        assert {"07:00", "13:30", "21:15", "08:00"} <= starts

    def test_the_seed_substitute_has_history_and_coming_bookings(self) -> None:
        mine = Booking.objects.filter(substitute__username="JOSA9804", status=BookingStatus.ACTIVE)
        now = timezone.now()
        assert mine.filter(ends_at__lt=now).count() >= 3
        assert mine.filter(starts_at__gt=now).count() >= 3

    def test_every_demo_booking_keeps_the_rules(self) -> None:
        with translation.override("en"):
            # Active ones: the statistics demo's cancelled bookings were never held (demo/statistics.py).
            recent = Booking.objects.filter(
                starts_at__date__gte=timezone.localdate() - dt.timedelta(days=DAYS_BACK),
                status=BookingStatus.ACTIVE,
            )
            for booking in recent.select_related("shift__workplace", "substitute")[:150]:
                checked = candidate_check(shift=booking.shift, substitute=booking.substitute)
                assert checked.violations == [], (booking, [v.message for v in checked.violations])

    def test_running_again_on_a_later_day_only_adds_the_new_days(self) -> None:
        before = _counts()
        demo_staffing_build()
        assert _counts() == before
        later = timezone.localdate() + dt.timedelta(days=3)
        demo_staffing_build(today=later)
        after = _counts()
        assert after["staffing.Shift"] > before["staffing.Shift"]
        new_days = set(
            Shift.objects.filter(
                day__gt=timezone.localdate() + dt.timedelta(days=DAYS_AHEAD - 1)
            ).values_list("day", flat=True)
        )
        assert new_days and max(new_days) == later + dt.timedelta(days=DAYS_AHEAD - 1)
        # The same plan per workplace and day: nothing that existed was made twice.
        pairs = list(Shift.objects.values_list("workplace_id", "starts_at"))
        assert len(pairs) == len(set(pairs))

    # The README promises JOSA9804 "an open offer under Mina förfrågningar", whatever happened since.

    def test_sara_has_an_open_offer_to_answer(self) -> None:
        [offer] = _saras_open_offers()
        assert offer.shift.workplace.introductions.filter(substitute=offer.substitute).exists()

    def test_after_sara_answered_her_offer_the_next_run_sends_her_another(self) -> None:
        [answered] = _saras_open_offers()
        answers.offer_decline(offer=answered, by=answered.substitute)
        demo_offers_build(count=no_count)
        [waiting] = _saras_open_offers()
        assert waiting.pk != answered.pk
        assert waiting.shift_id != answered.shift_id  # she said no to that one

    def test_sara_gets_an_open_offer_even_when_she_cannot_work_any_of_the_next_two_weeks(self) -> None:
        today = timezone.localdate()
        [first] = _saras_open_offers()
        sara = first.substitute
        first.send.delete()  # as before the demo's first offers were sent
        AvailabilityPeriod.objects.create(
            substitute=sara,
            kind=AvailabilityKind.UNAVAILABLE,
            starts_at=local(today, dt.time(0)),
            ends_at=local(today + dt.timedelta(days=DAYS_AHEAD), dt.time(0)),
            note="Semester",
        )
        demo_offers_build(count=no_count)
        [waiting] = _saras_open_offers()
        assert waiting.shift.day >= today + dt.timedelta(days=DAYS_AHEAD)

    def test_a_withdrawn_offer_is_followed_by_a_new_one(self) -> None:
        [withdrawn] = _saras_open_offers()
        offers.offer_withdraw(send=withdrawn.send, by=User.objects.get(username="LILE7514"))
        demo_offers_build(count=no_count)
        [waiting] = _saras_open_offers()
        assert waiting.send_id != withdrawn.send_id

    def test_a_second_run_while_her_offer_waits_sends_nothing(self) -> None:
        before = set(Offer.objects.values_list("pk", flat=True))
        demo_offers_build(count=no_count)
        assert set(Offer.objects.values_list("pk", flat=True)) == before

    @override_settings(DEBUG=True, SMS_SIMULATE_REPLIES=True, SMS_CALLBACK_SECRET="make-run")
    def test_a_yes_typed_in_the_outbox_as_if_from_saras_phone_books_her(self) -> None:
        [offer] = _saras_open_offers()
        client = client_logged_in(User.objects.get(username="LILE7514"))  # staff: a strong login
        response = client.post(
            # With her number: a series offer waits for her too (demo/staffing/series_offer.py).
            reverse("notifications:sms_reply_simulate"),
            {"sender": "070-174 06 05", "text": f"JA {offer.code}"},
        )
        assert response.status_code == 302
        offer.refresh_from_db()
        assert (offer.status, offer.channel) == (OfferStatus.ACCEPTED, "sms")
        assert Booking.objects.filter(
            shift=offer.shift, substitute=offer.substitute, status=BookingStatus.ACTIVE
        ).exists()

    def test_one_sms_of_saras_send_out_failed_and_the_page_says_so(self) -> None:
        [offer] = _saras_open_offers()
        failed = Message.objects.filter(kind="staffing_offer", status=Status.FAILED)
        assert failed.count() == 1 and failed.get().recipient != offer.substitute
        client = client_logged_in(User.objects.get(username="LILE7514"))
        page = client.get(reverse("staffing:offer_send_detail", args=[offer.send_id]))
        assert 'data-sms="failed"' in page.text and "Skicka sms:et igen" in page.text
