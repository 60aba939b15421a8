"""manage.py personal_data_export USERNAME --output FILE: the same export, for HR, audited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import HrServiceFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.staffing.tests.factories import BookingFactory

pytestmark = pytest.mark.django_db


def _exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(kind=PrivacyAuditKind.PERSONAL_DATA_EXPORTED))


def test_the_command_writes_the_persons_export_and_audits_it(tmp_path: Path) -> None:
    person: User = SubstituteFactory(personal_identity_number="198704041234")
    BookingFactory(substitute=person)
    hr: User = HrServiceFactory()
    output = tmp_path / "export.json"

    call_command(
        "personal_data_export", person.username.lower(), "--output", str(output), "--by", hr.username
    )

    export = json.loads(output.read_text(encoding="utf-8"))
    assert export["username"] == person.username
    assert export["sections"]["account"]["data"]["personal_identity_number"] == "198704041234"
    assert len(export["sections"]["bookings"]["data"]) == 1
    assert output.stat().st_mode & 0o777 == 0o600
    [event] = _exports()
    assert (event.user, event.actor, event.details["channel"]) == (person, hr, "command")
    assert set(event.details) == {"channel", "system_user"}


def test_the_file_is_in_the_persons_language(tmp_path: Path) -> None:
    person: User = SubstituteFactory(language="en")
    output = tmp_path / "export.json"
    call_command("personal_data_export", person.username, "--output", str(output))
    export = json.loads(output.read_text(encoding="utf-8"))
    assert export["sections"]["bookings"]["heading"] == "Bookings"


def test_an_unknown_username_exits_non_zero_with_a_clear_message_and_writes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "export.json"

    with pytest.raises(CommandError) as refused:
        call_command("personal_data_export", "NOBODY9999", "--output", str(output))

    # manage.py prints the message to stderr and exits with this status.
    assert refused.value.returncode == 1
    assert str(refused.value) == "No user with the username 'NOBODY9999' (whose data). Nothing was written."
    assert list(tmp_path.iterdir()) == []
    assert _exports() == []


def test_an_unknown_member_of_staff_writes_nothing(tmp_path: Path) -> None:
    person: User = SubstituteFactory()
    output = tmp_path / "export.json"
    with pytest.raises(CommandError, match="NOBODY9999"):
        call_command("personal_data_export", person.username, "--output", str(output), "--by", "NOBODY9999")
    assert list(tmp_path.iterdir()) == []
    assert _exports() == []


def test_an_existing_file_is_kept_unless_forced(tmp_path: Path) -> None:
    person: User = SubstituteFactory()
    output = tmp_path / "export.json"
    output.write_text("earlier", encoding="utf-8")

    with pytest.raises(CommandError, match="--force"):
        call_command("personal_data_export", person.username, "--output", str(output))
    assert output.read_text(encoding="utf-8") == "earlier"
    assert _exports() == []

    call_command("personal_data_export", person.username, "--output", str(output), "--force")
    assert json.loads(output.read_text(encoding="utf-8"))["username"] == person.username


def test_a_missing_directory_writes_nothing(tmp_path: Path) -> None:
    person: User = SubstituteFactory()
    with pytest.raises(CommandError, match="No such directory"):
        call_command("personal_data_export", person.username, "--output", str(tmp_path / "nope" / "x.json"))
    assert _exports() == []
