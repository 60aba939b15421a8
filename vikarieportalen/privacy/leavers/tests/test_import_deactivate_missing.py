"""``import_substitutes --deactivate-missing``: the HR file as the whole list, with a dry run."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vikarieportalen.accounts.models import User
from vikarieportalen.accounts.tests.factories import StaffingCentreFactory, SubstituteFactory
from vikarieportalen.audit.models import AuditEvent
from vikarieportalen.notifications.models import Message
from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind
from vikarieportalen.privacy.leavers.tests.helpers import booking_at
from vikarieportalen.staffing.models import BookingStatus

pytestmark = pytest.mark.django_db

HEADER = "employee_number;preferred_given_name;family_name;date_of_birth;mobile;email\n"


@pytest.fixture
def staying():
    return SubstituteFactory(employee_number="E-1", family_name="Stannar")


@pytest.fixture
def leaving():
    return SubstituteFactory(employee_number="E-2", family_name="Slutar")


def _file(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "hr.csv"
    path.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def _run(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("import_substitutes", str(path), *options, stdout=out)
    return out.getvalue()


def test_dry_run_lists_who_would_be_ended_and_changes_nothing(tmp_path, staying, leaving):
    new_row = "E-3;Nora;Ny;1999-01-02;070-111 22 33;"
    report = _run(
        _file(tmp_path, f"E-1;{staying.preferred_given_name};Stannar;1990-01-01;070-000 00 01;", new_row),
        "--deactivate-missing",
        "--dry-run",
    )
    assert f"E-2 {leaving.get_full_name()} ({leaving.username}) → would be ended" in report
    assert staying.username not in report and "line 2:" not in report  # in the file and registered
    assert "line 3: E-3 Nora Ny → would be registered" in report
    assert "Dry run: 1 would be ended, 0 skipped; nothing was changed." in report
    leaving.refresh_from_db()
    assert leaving.is_active and leaving.engagement_ended_at is None
    assert not User.objects.filter(employee_number="E-3").exists()
    assert not Message.objects.exists() and not AuditEvent.objects.exists()


def test_the_real_run_ends_everyone_missing_and_registers_the_new(tmp_path, staying, leaving):
    future = booking_at(leaving, 48)
    staff = StaffingCentreFactory()  # not a substitute: never ended by the file
    report = _run(
        _file(
            tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;", "E-3;Nora;Ny;1999-01-02;070-111 22 33;"
        ),
        "--deactivate-missing",
    )
    assert "line 3: E-3 Nora Ny → created" in report
    assert f"E-2 {leaving.get_full_name()} ({leaving.username}) → engagement ended" in report
    assert "1 ended, 0 skipped." in report
    leaving.refresh_from_db()
    staying.refresh_from_db()
    staff.refresh_from_db()
    future.refresh_from_db()
    assert not leaving.is_active and leaving.engagement_ended_by is None
    assert future.status == BookingStatus.CANCELLED
    assert staying.is_active and staff.is_active
    assert User.objects.get(employee_number="E-3").is_active  # in the file, so not missing
    assert AuditEvent.objects.get(kind=PrivacyAuditKind.ENGAGEMENT_ENDED).details["source"] == "import"
    # Once more: nobody is missing any longer, nothing happens.
    assert "0 ended, 0 skipped." in _run(
        _file(
            tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;", "E-3;Nora;Ny;1999-01-02;070-111 22 33;"
        ),
        "--deactivate-missing",
    )


def test_someone_on_a_shift_right_now_is_skipped_with_the_reason(tmp_path, staying, leaving):
    running = booking_at(leaving, -1)
    path = _file(tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;")
    for options in (("--deactivate-missing", "--dry-run"), ("--deactivate-missing",)):
        report = _run(path, *options)
        assert (
            f"({leaving.username}) → skipped: {leaving.get_full_name()} is working a shift right now"
            in report
        )
    leaving.refresh_from_db()
    running.refresh_from_db()
    assert leaving.is_active and running.status == BookingStatus.ACTIVE


def test_a_row_that_is_refused_still_counts_as_in_the_file(tmp_path, staying, leaving):
    report = _run(
        _file(tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;", "E-2;Sven;Slutar;1999-02-30;070-1;"),
        "--deactivate-missing",
    )
    assert "0 ended, 0 skipped." in report
    leaving.refresh_from_db()
    assert leaving.is_active


def test_a_row_without_an_employee_number_stops_the_whole_run(tmp_path, staying, leaving):
    path = _file(
        tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;", ";Nora;Ny;1999-01-02;070-111 22 33;"
    )
    with pytest.raises(CommandError, match="line 3: no employee number"):
        _run(path, "--deactivate-missing")
    leaving.refresh_from_db()
    assert leaving.is_active
    assert not User.objects.filter(family_name="Ny").exists()


def test_without_the_option_nobody_is_ended(tmp_path, staying, leaving):
    _run(_file(tmp_path, "E-1;Stina;Stannar;1990-01-01;070-000 00 01;"))
    leaving.refresh_from_db()
    assert leaving.is_active


def test_a_substitute_without_an_employee_number_is_left_alone(tmp_path, staying, leaving):
    unnumbered = SubstituteFactory(employee_number=None)
    report = _run(
        _file(
            tmp_path,
            "E-1;Stina;Stannar;1990-01-01;070-000 00 01;",
            "E-2;Sven;Slutar;1990-01-01;070-000 00 02;",
        ),
        "--deactivate-missing",
    )
    assert f"({unnumbered.username}) → left alone: no employee number in the portal" in report
    unnumbered.refresh_from_db()
    assert unnumbered.is_active
