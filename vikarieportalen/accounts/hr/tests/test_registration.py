"""HR registers substitutes (form, upload, command) and the substitute activates the account."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from vikarieportalen.accounts.audit_kinds import AccountsAuditKind
from vikarieportalen.accounts.hr.services import activation_token_make
from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import HrServiceFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.core.roles import Role
from vikarieportalen.notifications.models import Message
from vikarieportalen.testing import OUTSIDE_ADDRESS, Who, client_for, client_logged_in

pytestmark = pytest.mark.django_db

EN = {"HTTP_COOKIE": "vp_language=en"}
NEW_PASSWORD = "Gron-Hast-Trappa-77"
HEADER = "employee_number;preferred_given_name;family_name;date_of_birth;mobile;email"
FILE = (
    "\ufeff" + HEADER + "\r\n"
    "100231;Sara;Johansson;1998-04-04;070-123 45 67;sara@example.se\r\n"
    "100232;Åsa;Öberg;20010317;0701234568;\r\n"
    "100233;Per;Ek;1999-02-30;0701234569;\r\n"
)
ACTIVATION_SMS = "account_activation"


def upload(content: str | bytes, name: str = "vikarier.csv") -> SimpleUploadedFile:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def hr() -> User:
    return HrServiceFactory()


@pytest.fixture
def hr_client(hr: User) -> Client:
    client = client_logged_in(hr)
    client.cookies["vp_language"] = "en"
    return client


FORM = {
    "employee_number": "100231",
    "preferred_given_name": "Sara",
    "given_names": "Sara Maria",
    "family_name": "Johansson",
    "date_of_birth": "1998-04-04",
    "mobile": "070-123 45 67",
    "email": "sara@example.se",
}


# --- one at a time ------------------------------------------------------------------------------


def test_hr_registers_a_substitute_who_gets_the_rule_username_and_an_activation_sms(
    hr: User, hr_client: Client
) -> None:
    response = hr_client.post("/konto/hr/ny-vikarie/", FORM, follow=True)
    assert response.status_code == 200
    assert "registered with the username JOSA9804" in response.content.decode()
    sara = User.objects.get(employee_number="100231")
    assert sara.username == "JOSA9804"
    assert sara.given_names == "Sara Maria"
    assert sara.mobile == "+46701234567"
    assert not sara.has_usable_password()
    assert sara.has_role(Role.SUBSTITUTE)
    sms = Message.objects.get(kind=ACTIVATION_SMS)
    assert (sms.recipient, sms.to_number, sms.urgent) == (sara, "+46701234567", False)
    assert "JOSA9804" in sms.text and "/konto/aktivera/" in sms.text
    event = AuditEvent.objects.get(kind=AccountsAuditKind.ACCOUNT_CREATED)
    assert (event.user, event.actor) == (sara, hr)


def test_a_second_person_with_the_same_rule_username_gets_the_variant(hr_client: Client) -> None:
    hr_client.post("/konto/hr/ny-vikarie/", FORM)
    hr_client.post("/konto/hr/ny-vikarie/", {**FORM, "employee_number": "200", "mobile": "0701234560"})
    assert set(
        User.objects.filter(employee_number__in=["100231", "200"]).values_list("username", flat=True)
    ) == {
        "JOSA9804",
        "JOSA9804-2",
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "1998-02-30", "is not a date that exists"),
        ("mobile", "0550-858 89", "not a mobile number"),
        ("preferred_given_name", "", "This field is required"),
        ("email", "sara@", "is not an e-mail address"),
        ("employee_number", "1 2 3 ?", "at most 20 letters"),
    ],
)
def test_bad_registration_is_refused_with_a_message_and_changes_nothing(
    hr_client: Client, field: str, value: str, message: str
) -> None:
    users = User.objects.count()
    response = hr_client.post("/konto/hr/ny-vikarie/", {**FORM, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'class="error-summary"' in response.content.decode()
    assert User.objects.count() == users
    assert not Message.objects.exists()


def test_a_known_employee_number_is_refused_and_the_account_left_alone(hr_client: Client) -> None:
    existing = SubstituteFactory(employee_number="100231", mobile="+46709999999")
    response = hr_client.post("/konto/hr/ny-vikarie/", FORM)
    assert f"already registered, as {existing.username}" in response.content.decode()
    existing.refresh_from_db()
    assert existing.mobile == "+46709999999"
    assert not Message.objects.exists()


@pytest.mark.parametrize(("known", "typed"), [("e-1", "E-1"), ("E-1", "e-1")])
def test_an_employee_number_in_other_letter_case_is_the_same_person(
    hr_client: Client, known: str, typed: str
) -> None:
    existing = SubstituteFactory(employee_number=known)
    users = User.objects.count()
    response = hr_client.post("/konto/hr/ny-vikarie/", {**FORM, "employee_number": typed})
    assert f"already registered, as {existing.username}" in response.content.decode()
    assert User.objects.count() == users
    assert not Message.objects.exists()


def test_the_database_refuses_one_employee_number_in_two_letter_cases() -> None:
    SubstituteFactory(employee_number="e-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        SubstituteFactory(employee_number="E-1")


def test_substitute_may_not_register_or_import() -> None:
    client = client_for(Who.SUBSTITUTE)
    assert client.post("/konto/hr/ny-vikarie/", FORM).status_code == 403
    assert client.post("/konto/hr/import/", {"file": upload(FILE)}).status_code == 403
    assert not User.objects.filter(employee_number="100231").exists()


# --- bulk ---------------------------------------------------------------------------------------


def test_upload_registers_good_rows_refuses_bad_ones_and_sends_one_sms_each(hr_client: Client) -> None:
    response = hr_client.post("/konto/hr/import/", {"file": upload(FILE)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 registered, 0 already registered, 1 refused." in html
    assert "JOSA9804" in html and "OBAA0117" in html
    assert "1999-02-30 is not a date that exists" in html
    assert not User.objects.filter(employee_number="100233").exists()
    assert Message.objects.filter(kind=ACTIVATION_SMS).count() == 2
    assert set(Message.objects.values_list("idempotency_key", flat=True)) == {
        f"account-activation:{pk}:first"
        for pk in User.objects.filter(employee_number__in=["100231", "100232"]).values_list("pk", flat=True)
    }


def test_importing_the_same_file_again_creates_nobody_twice_and_sends_nothing(hr_client: Client) -> None:
    hr_client.post("/konto/hr/import/", {"file": upload(FILE)})
    users = User.objects.count()
    sara = User.objects.get(employee_number="100231")
    sara.email = "changed@example.se"
    sara.save()
    response = hr_client.post("/konto/hr/import/", {"file": upload(FILE)})
    html = response.content.decode()
    assert "0 registered, 2 already registered, 1 refused." in html
    assert "Already registered as JOSA9804" in html
    assert User.objects.count() == users
    assert Message.objects.filter(kind=ACTIVATION_SMS).count() == 2
    sara.refresh_from_db()
    assert sara.email == "changed@example.se"  # already registered rows are not changed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "This is not a CSV file"),
        ("employee_number;namn\n1;Åsa\n".encode("cp1252"), "is not in UTF-8"),
        (b"a,b\n1,2\n", "The header row lacks the column(s)"),
    ],
)
def test_unusable_upload_gets_a_clear_message_and_changes_nothing(
    hr_client: Client, content: bytes, message: str
) -> None:
    users = User.objects.count()
    response = hr_client.post("/konto/hr/import/", {"file": upload(content, "bild.png")})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.count() == users
    assert not Message.objects.exists()


def test_upload_over_the_size_limit_is_refused(hr_client: Client) -> None:
    big = HEADER + "\n" + ("x" * 100 + "\n") * 21_000
    response = hr_client.post("/konto/hr/import/", {"file": upload(big)})
    assert "larger than 2 MB" in response.content.decode()
    assert not Message.objects.exists()


def test_upload_without_a_file_asks_for_one(hr_client: Client) -> None:
    response = hr_client.post("/konto/hr/import/", {})
    assert "This field is required" in response.content.decode()


def test_command_imports_and_reports_each_row(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(FILE, encoding="utf-8")
    out = StringIO()
    call_command("import_substitutes", str(path), stdout=out)
    report = out.getvalue()
    assert "line 2: 100231 Sara Johansson → created JOSA9804" in report
    assert "line 4: 100233 Per Ek → refused: 1999-02-30 is not a date that exists." in report
    assert "2 created, 0 already registered, 1 refused." in report
    out = StringIO()
    call_command("import_substitutes", str(path), stdout=out)
    assert "0 created, 2 already registered, 1 refused." in out.getvalue()
    assert Message.objects.filter(kind=ACTIVATION_SMS).count() == 2


def test_command_refuses_a_missing_or_binary_file(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_substitutes", str(tmp_path / "nope.csv"))
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(CommandError, match="not a CSV file"):
        call_command("import_substitutes", str(binary))
    assert not User.objects.filter(groups__name=Role.SUBSTITUTE.value).exists()


# --- activation ---------------------------------------------------------------------------------


@pytest.fixture
def pending(hr_client: Client) -> User:
    hr_client.post("/konto/hr/ny-vikarie/", FORM)
    return User.objects.get(employee_number="100231")


def anonymous() -> Client:
    return Client(REMOTE_ADDR=OUTSIDE_ADDRESS, **EN)


def test_activation_link_sets_the_first_password_once(pending: User) -> None:
    token = activation_token_make(user=pending)
    client = anonymous()
    page = client.get(f"/konto/aktivera/{token}/")
    assert page.status_code == 200
    assert "JOSA9804" in page.content.decode()
    response = client.post(
        f"/konto/aktivera/{token}/", {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/konto/logga-in/"
    pending.refresh_from_db()
    assert pending.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.ACCOUNT_ACTIVATED, user=pending).count() == 1
    assert (
        anonymous().post("/konto/logga-in/", {"username": "josa9804", "password": NEW_PASSWORD}).status_code
        == 302
    )

    again = anonymous().get(f"/konto/aktivera/{token}/")
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    replay = anonymous().post(
        f"/konto/aktivera/{token}/",
        {"new_password": "Annan-Fras-Tolv-99", "new_password_repeat": "Annan-Fras-Tolv-99"},
    )
    assert replay.status_code == 410
    pending.refresh_from_db()
    assert pending.check_password(NEW_PASSWORD)


def test_activation_with_a_weak_password_shows_why_and_changes_nothing(pending: User) -> None:
    token = activation_token_make(user=pending)
    response = anonymous().post(
        f"/konto/aktivera/{token}/", {"new_password": "kort", "new_password_repeat": "kort"}
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    pending.refresh_from_db()
    assert not pending.has_usable_password()


def test_expired_activation_link_says_so_and_how_to_get_a_new_one(pending: User) -> None:
    token = activation_token_make(user=pending)
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        response = anonymous().get(f"/konto/aktivera/{token}/")
        posted = anonymous().post(
            f"/konto/aktivera/{token}/", {"new_password": NEW_PASSWORD, "new_password_repeat": NEW_PASSWORD}
        )
    assert response.status_code == posted.status_code == 410
    html = response.content.decode()
    assert "The link has expired" in html and "0550-858 89" in html
    pending.refresh_from_db()
    assert not pending.has_usable_password()


def test_tampered_activation_link_is_not_valid(pending: User) -> None:
    token = activation_token_make(user=pending)
    pk, rest = token.split(".", 1)
    for bad in (f"{int(pk) + 1}.{rest}", token[:-2] + "xx", "nonsense"):
        response = anonymous().get(f"/konto/aktivera/{bad}/")
        assert response.status_code == 404
        assert "The link is not valid" in response.content.decode()


def test_hr_resends_the_activation_link(hr: User, hr_client: Client, pending: User) -> None:
    home = hr_client.get("/konto/hr/")
    assert "JOSA9804" in home.content.decode()
    response = hr_client.post(f"/konto/hr/vikarie/{pending.pk}/skicka-aktivering/", follow=True)
    assert "A new activation link is being sent by SMS" in response.content.decode()
    assert Message.objects.filter(kind=ACTIVATION_SMS, recipient=pending).count() == 2
    assert AuditEvent.objects.filter(kind=AccountsAuditKind.ACTIVATION_SENT, user=pending, actor=hr).exists()


def test_resending_to_an_activated_account_is_refused(hr_client: Client) -> None:
    active = SubstituteFactory()
    response = hr_client.post(f"/konto/hr/vikarie/{active.pk}/skicka-aktivering/", follow=True)
    assert "already activated" in response.content.decode()
    assert not Message.objects.exists()
    assert hr_client.post("/konto/hr/vikarie/999999/skicka-aktivering/").status_code == 404


def test_hr_home_query_count_does_not_grow(hr_client: Client, hr: User) -> None:
    from vikarieportalen.accounts.services import user_create
    from vikarieportalen.testing import assert_queries_do_not_grow

    Group.objects.get_or_create(name=Role.SUBSTITUTE.value)

    def grow() -> None:
        for n in range(5):
            user_create(
                preferred_given_name="Eva",
                family_name="Ek",
                date_of_birth=dt.date(1990, 1, n + 1),
                roles=[Role.SUBSTITUTE],
                mobile=f"070123456{n}",
                employee_number=f"G{n}",
            )

    assert_queries_do_not_grow(hr_client, "/konto/hr/", grow)


# --- issue 16.1: the page tells the truth about when the activation SMS goes ----------------------


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "The activation link goes by SMS to 070-123 45 67 tomorrow at 07:00, when the quiet hours end.",
        ),
        (
            "sv",
            "Aktiveringslänken skickas med sms till 070-123 45 67 i morgon kl. 07.00, "
            "när nattuppehållet för sms är slut.",
        ),
    ],
)
def test_registering_at_night_says_the_activation_sms_waits_for_the_morning(
    hr: User, settings: object, language: str, text: str
) -> None:
    settings.NOTIFICATIONS_QUIET_HOURS = "21:00-07:00"  # type: ignore[attr-defined]
    client = client_logged_in(hr)
    client.cookies["vp_language"] = language
    night = dt.datetime(2025, 6, 11, 22, 30, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(night, tick=False):
        response = client.post("/konto/hr/ny-vikarie/", FORM, follow=True)
    assert text in response.content.decode()
    assert Message.objects.get(kind=ACTIVATION_SMS).status == "held"
