"""HR marks a certificate changed by a correction of hours handled (issue 22): the rule, the page."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from vikarieportalen.accounts.models import User
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.certificates import selectors
from vikarieportalen.certificates.audit_kinds import CertificatesAuditKind
from vikarieportalen.certificates.corrections import FlagAlreadyHandled, correction_flag_handle
from vikarieportalen.certificates.models import (
    CertificateKind,
    CertificateOrder,
    CertificateStatus,
    CorrectionFlag,
    FlagOutcome,
)
from vikarieportalen.certificates.tests.factories import order
from vikarieportalen.core.roles import Role
from vikarieportalen.testing import client_logged_in, english, user_with_role

pytestmark = pytest.mark.django_db
NOTE = "Nytt intyg INT-2026-000099 utfärdat."


def released_order() -> CertificateOrder:
    pdf = b"%PDF-1.4 flagged"
    return order(
        kind=CertificateKind.SERVICE,
        status=CertificateStatus.RELEASED,
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        verification_code="ABCD-EFGH-JKMN",
        released_at=timezone.now(),
    )


def flag_on(certificate: CertificateOrder, day: dt.date = dt.date(2025, 3, 3)) -> CorrectionFlag:
    return CorrectionFlag.objects.create(order=certificate, work_day=day)


@pytest.fixture
def hr() -> User:
    return user_with_role(Role.HR_SERVICE, preferred_given_name="Hanna", family_name="Hr", language="sv")


def url(flag: CorrectionFlag, order_pk: int | None = None) -> str:
    return f"/intyg/ko/{order_pk or flag.order_id}/rattelser/{flag.pk}/hanterad/"


def fields(flag: CorrectionFlag) -> tuple[object, ...]:
    flag.refresh_from_db()
    return (flag.handled_at, flag.handled_by_id, flag.handled_outcome, flag.handled_note)


# ---------------------------------------------------------------------------------------------
# The rule


def test_handling_a_flag_stores_who_when_and_what_and_audits_without_the_note(hr: User) -> None:
    flag = flag_on(released_order())
    correction_flag_handle(flag=flag, by=hr, outcome=FlagOutcome.NO_ACTION, note="  " + NOTE + " ")
    handled_at, by, outcome, note = fields(flag)
    assert handled_at is not None and (by, outcome, note) == (hr.pk, FlagOutcome.NO_ACTION, NOTE)
    event = AuditEvent.objects.get(kind=CertificatesAuditKind.CERTIFICATE_FLAG_HANDLED)
    assert event.actor_id == hr.pk and event.user_id == flag.order.substitute_id
    assert event.details["outcome"] == "no_action" and event.details["flag"] == flag.pk
    assert NOTE not in str(event.details)


def test_handling_an_already_handled_flag_is_refused_and_changes_nothing(hr: User) -> None:
    flag = flag_on(released_order())
    correction_flag_handle(flag=flag, by=hr, outcome=FlagOutcome.NEW_CERTIFICATE, note="")
    before = fields(flag)
    with pytest.raises(FlagAlreadyHandled):
        correction_flag_handle(
            flag=flag, by=user_with_role(Role.HR_SERVICE), outcome=FlagOutcome.NO_ACTION, note="other"
        )
    assert fields(flag) == before
    assert AuditEvent.objects.filter(kind=CertificatesAuditKind.CERTIFICATE_FLAG_HANDLED).count() == 1


def test_only_orders_with_an_unhandled_flag_count_as_corrected(hr: User) -> None:
    one, two = released_order(), released_order()
    first, second = flag_on(one), flag_on(one, dt.date(2025, 3, 4))
    other = flag_on(two)
    flag_on(order())  # an open order's flag is not a released certificate
    assert selectors.orders_corrected_count() == 2
    correction_flag_handle(flag=other, by=hr, outcome=FlagOutcome.NO_ACTION, note="")
    correction_flag_handle(flag=first, by=hr, outcome=FlagOutcome.NO_ACTION, note="")
    assert selectors.orders_corrected_count() == 1  # `one` still has `second`
    assert {o.pk: o.corrected for o in selectors.order_queue(status=CertificateStatus.RELEASED)} == {
        one.pk: 1,
        two.pk: 0,
    }
    correction_flag_handle(flag=second, by=hr, outcome=FlagOutcome.NEW_CERTIFICATE, note="")
    assert selectors.orders_corrected_count() == 0


@pytest.mark.parametrize(
    "handled",
    [
        {"handled_outcome": FlagOutcome.NO_ACTION},  # what, but not when
        {"handled_at": "now"},  # when, but not what
        {"handled_at": "now", "handled_outcome": "shrug"},  # not one of the outcomes
        {"handled_note": "a note on an unhandled flag"},
    ],
)
def test_the_database_keeps_the_handled_fields_together(handled: dict[str, object]) -> None:
    if handled.get("handled_at") == "now":
        handled["handled_at"] = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        CorrectionFlag.objects.create(order=released_order(), work_day=dt.date(2025, 3, 3), **handled)


def test_a_handled_flag_whose_handler_is_removed_stays_handled(hr: User) -> None:
    flag = flag_on(released_order())
    correction_flag_handle(flag=flag, by=hr, outcome=FlagOutcome.NO_ACTION, note="")
    hr.delete()
    handled_at, by, outcome, _note = fields(flag)
    assert handled_at is not None and by is None and outcome == FlagOutcome.NO_ACTION


# ---------------------------------------------------------------------------------------------
# The page


def test_hr_marks_a_flag_handled_on_the_order_page_in_swedish(hr: User) -> None:
    flag = flag_on(released_order())
    client = client_logged_in(hr)
    page = client.get(f"/intyg/ko/{flag.order_id}/").content.decode()
    assert "Markera som hanterad" in page and f'name="flag-{flag.pk}-outcome"' in page
    response = client.post(
        url(flag), {f"flag-{flag.pk}-outcome": "new_certificate", f"flag-{flag.pk}-note": NOTE}, follow=True
    )
    assert response.redirect_chain == [(f"/intyg/ko/{flag.order_id}/", 302)]
    page = response.content.decode()
    assert "Rättelsen är markerad som hanterad." in page
    assert "Ett nytt intyg har beställts eller utfärdats" in page and NOTE in page
    handled_at = fields(flag)[0]
    assert isinstance(handled_at, dt.datetime)
    with translation.override("sv"):
        when = date_format(timezone.localtime(handled_at), "SHORT_DATETIME_FORMAT")
    assert f"Av {hr.get_full_name()}, {when}." in page
    assert "Markera som hanterad" not in page
    assert client.get("/intyg/ko/").content.decode().count("har timmar som rättats") == 0


def test_hr_marks_a_flag_handled_in_english() -> None:
    hr = user_with_role(Role.HR_SERVICE, language="en")
    flag = flag_on(released_order())
    client = english(client_logged_in(hr))
    response = client.post(url(flag), {f"flag-{flag.pk}-outcome": "no_action"}, follow=True)
    page = response.content.decode()
    assert "The correction is marked handled." in page
    assert "No action needed: the change does not matter for this certificate" in page
    assert fields(flag)[1:] == (hr.pk, "no_action", "")


@pytest.mark.parametrize(
    ("data", "sv", "en"),
    [
        ({}, "Välj vad som gjordes", "Choose what was done about the corrected hours."),
        ({"outcome": "shrug"}, "Välj ett av svaren.", "Choose one of the answers given."),
        ({"outcome": "no_action", "note": "x" * 501}, "som mest 500 tecken", "at most 500 characters"),
    ],
)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_bad_input_is_shown_in_the_users_language_and_changes_nothing(
    data: dict[str, str], sv: str, en: str, language: str
) -> None:
    hr = user_with_role(Role.HR_SERVICE, language=language)
    flag = flag_on(released_order())
    client = client_logged_in(hr)
    if language == "en":
        english(client)
    response = client.post(url(flag), {f"flag-{flag.pk}-{name}": value for name, value in data.items()})
    assert response.status_code == 400
    assert (sv if language == "sv" else en) in response.content.decode()
    assert fields(flag) == (None, None, "", "")
    assert not AuditEvent.objects.filter(kind=CertificatesAuditKind.CERTIFICATE_FLAG_HANDLED).exists()


def test_handling_twice_says_so_and_keeps_the_first_answer(hr: User) -> None:
    flag = flag_on(released_order())
    correction_flag_handle(flag=flag, by=hr, outcome=FlagOutcome.NEW_CERTIFICATE, note=NOTE)
    before = fields(flag)
    client: Client = english(client_logged_in(user_with_role(Role.HR_SERVICE, language="en")))
    response = client.post(url(flag), {f"flag-{flag.pk}-outcome": "no_action"}, follow=True)
    assert (
        "This correction has already been marked handled. Nothing was changed." in response.content.decode()
    )
    assert fields(flag) == before


def test_a_flag_of_another_order_is_not_found(hr: User) -> None:
    flag = flag_on(released_order())
    other = released_order()
    response = client_logged_in(hr).post(url(flag, other.pk), {f"flag-{flag.pk}-outcome": "no_action"})
    assert response.status_code == 404
    assert fields(flag) == (None, None, "", "")
