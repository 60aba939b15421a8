#!/usr/bin/env python3
"""Restore drill: a PostgreSQL backup of the demo municipality is restored and served again.

What an operator does after losing the database server, done from start to finish on this machine:

1. create an empty database, migrate it and seed the demo municipality (``manage.py demo_setup``);
2. back it up as docs/operations.md says: ``pg_dump -Fc`` of the database, a tar file of
   ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``;
3. restore into a *new* database with ``pg_restore`` and unpack the files into new folders;
4. point the portal at the restored copy (a fresh Django process with the new ``DATABASE_URL``,
   ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT``) and compare it with the original: every table's rows
   (a count and a SHA-256 of every row of every model, and the row count of every table in the
   schema), and what the portal serves through its own views (Django's test client): the demo
   substitute's bookings, support cases and their attachments, certificates (each released PDF
   downloaded and checked as genuine on the public verification page), the payroll support queue
   and HR's certificate queue;
5. check that the ``is_booked`` triggers survived: they are in ``pg_trigger``, every shift's flag
   agrees with its bookings, and booking an open shift through the booking service flips the flag
   (cancelling flips it back; rolled back afterwards).

Both databases and the files are removed at the end. Prints the time of each step; exits 1 on any
difference or failed step. ``.ci/run`` runs it.

Usage: .venv/bin/python deploy/restore_drill.py [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
       [--keep]   (keep both databases and the backup files, and print where they are)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TRIGGER_TABLES = ("staffing_shift", "staffing_booking")


# ---------------------------------------------------------------------------------------------
# The drill (the parent process): databases, dump, restore, files, comparison.


def _url_for(admin_url: str, name: str) -> str:
    base, _, query = admin_url.partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")


def _admin_execute(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(statement)


def _database_create(admin_url: str, name: str) -> None:
    _admin_execute(admin_url, f'CREATE DATABASE "{name}"')


def _database_drop(admin_url: str, name: str) -> None:
    _admin_execute(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Timings:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        print(f"-- {name} …", flush=True)
        started = time.monotonic()
        try:
            yield
        finally:
            seconds = time.monotonic() - started
            self.steps.append((name, seconds))
            print(f"   {name}: {seconds:.1f} s", flush=True)


def _child_env(*, database_url: str, media: Path, private: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "TASK_BACKEND"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            # Static files by their plain names: no collectstatic manifest is needed for the drill.
            "DEBUG": "true",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media),
            "PRIVATE_MEDIA_ROOT": str(private),
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _run(command: list[str], *, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"restore drill: {' '.join(command[:3])} … failed (exit {done.returncode})")
    return done.stdout


def _inspect(env: dict[str, str]) -> dict[str, Any]:
    out = _run([sys.executable, str(Path(__file__).resolve()), "--inspect"], env=env)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def _files_backup(archive: Path, *, media: Path, private: Path) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname="media")
        tar.add(private, arcname="private")


def _files_restore(archive: Path, into: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(into, filter="data")


def _differences(original: dict[str, Any], restored: dict[str, Any]) -> list[str]:
    found = []
    for part in ("tables", "table_rows", "pages"):
        before, after = original[part], restored[part]
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                found.append(f"{part}[{key}]: original {before.get(key)!r}, restored {after.get(key)!r}")
    for side, result in (("original", original), ("restored", restored)):
        found += [f"{side}: {problem}" for problem in result["triggers"]["problems"]]
    if original["triggers"]["names"] != restored["triggers"]["names"]:
        found.append(
            f"triggers: original {original['triggers']['names']}, restored {restored['triggers']['names']}"
        )
    return found


def drill(admin_url: str, *, keep: bool) -> int:
    timings = Timings()
    started = time.monotonic()
    suffix = f"{os.getpid()}_{int(time.time())}"
    source_db, restored_db = f"vp_drill_{suffix}", f"vp_drill_{suffix}_restored"
    work = Path(tempfile.mkdtemp(prefix="vp-restore-drill-"))
    media, private = work / "original" / "media", work / "original" / "private"
    restored_files = work / "restored"
    dump, archive = work / "vikarieportalen.dump", work / "files.tar.gz"
    for folder in (media, private):
        folder.mkdir(parents=True)
    source_env = _child_env(database_url=_url_for(admin_url, source_db), media=media, private=private)
    restored_env = _child_env(
        database_url=_url_for(admin_url, restored_db),
        media=restored_files / "media",
        private=restored_files / "private",
    )
    try:
        with timings.step("create, migrate and seed the original database"):
            _database_create(admin_url, source_db)
            _run([sys.executable, "manage.py", "demo_setup", "--verbosity", "0"], env=source_env)
        with timings.step("pg_dump -Fc"):
            _run(["pg_dump", "--format=custom", f"--file={dump}", f"--dbname={source_env['DATABASE_URL']}"])
            dump_size = dump.stat().st_size
        with timings.step("tar of MEDIA_ROOT and PRIVATE_MEDIA_ROOT"):
            _files_backup(archive, media=media, private=private)
            archive_size = archive.stat().st_size
        with timings.step("pg_restore into a new database"):
            _database_create(admin_url, restored_db)
            _run(
                [
                    "pg_restore",
                    "--exit-on-error",
                    "--no-owner",
                    f"--dbname={restored_env['DATABASE_URL']}",
                    str(dump),
                ]
            )
        with timings.step("unpack the files into new folders"):
            _files_restore(archive, restored_files)
        with timings.step("read the original through the portal"):
            original = _inspect(source_env)
        with timings.step("read the restored copy through the portal"):
            restored = _inspect(restored_env)
    finally:
        if keep:
            print(f"kept: databases {source_db}, {restored_db}; files in {work}")
        else:
            for name in (source_db, restored_db):
                _database_drop(admin_url, name)
            shutil.rmtree(work, ignore_errors=True)

    tables = original["tables"]
    print()
    print(f"backup: the dump {dump_size / 1e6:.1f} MB, the files {archive_size / 1e6:.1f} MB")
    for label in (
        "accounts.user",
        "staffing.shift",
        "staffing.booking",
        "support.supportcase",
        "support.supportattachment",
        "certificates.certificateorder",
        "payroll.timetransaction",
        "notifications.message",
        "audit.auditevent",
        "wagtailcore.page",
    ):
        print(f"  {label:<32} {tables.get(label, {}).get('rows', '—'):>7} rows")
    print(f"  {len(tables)} models and {len(original['table_rows'])} tables compared row by row")
    pages = original["pages"]
    print(
        f"  served: {len(pages['my_bookings'])} upcoming and {len(pages['my_history'])} past bookings, "
        f"{len(pages['support_cases'])} support cases ({len(pages['support_attachments'])} attachments), "
        f"{len(pages['certificates'])} certificates ({len(pages['certificates_verified'])} verified), "
        f"support queue {len(pages['support_queue'])}, certificate queue {len(pages['certificate_queue'])}"
    )
    print(f"  triggers: {', '.join(restored['triggers']['names'])}")
    print(f"  booking a shift in the restored copy: {restored['triggers']['exercise']}")
    print()
    for name, seconds in timings.steps:
        print(f"  {seconds:6.1f} s  {name}")
    print(f"  {time.monotonic() - started:6.1f} s  in all")

    problems = _differences(original, restored)
    for side, result in (("original", original), ("restored", restored)):
        for number, outcome in result["pages"]["certificates_verified"].items():
            if "NOT GENUINE" in outcome:
                problems.append(f"{side}: certificate {number} is not verified as genuine: {outcome}")
    for part, key in (("pages", "my_bookings"), ("pages", "support_cases"), ("pages", "certificates")):
        if not original[part][key]:
            problems.append(f"the original serves no {key}: the drill would prove nothing")
    if problems:
        print("\nRESTORE DRILL FAILED:")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("\nRestore drill passed: the restored copy serves the same data, and its triggers work.")
    return 0


# ---------------------------------------------------------------------------------------------
# The inspection (a child process, the portal pointed at one database by DATABASE_URL).


def _plain(value: object) -> str:
    """A value JSON cannot write, as text that depends on the value only (bytes, dates, decimals)."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    return repr(value)


def _tables_fingerprint() -> dict[str, dict[str, Any]]:
    """Every model's rows: how many, and a SHA-256 over every column of every row in key order.

    Each value is hashed as the field prepares it for the database (a StreamField's JSON, not the
    Python object), so the digest depends on the stored data only.
    """
    from django.apps import apps

    result = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = list(meta.concrete_fields)
        digest, rows = hashlib.sha256(), 0
        values = model._base_manager.order_by("pk").values_list(*(field.attname for field in fields))
        for row in values.iterator(chunk_size=2000):
            prepared = [field.get_prep_value(value) for field, value in zip(fields, row, strict=True)]
            digest.update(json.dumps(prepared, default=_plain, sort_keys=True).encode())
            rows += 1
        result[meta.label_lower] = {"rows": rows, "sha256": digest.hexdigest()}
    return result


def _table_rows() -> dict[str, int]:
    """The row count of every table in the schema, whether a model has it or not."""
    from django.db import connection

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _ids(html: bytes, pattern: str) -> list[int]:
    return sorted({int(found) for found in re.findall(pattern, html.decode())})


def _get(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"restore drill: GET {url} answered {response.status_code}")
    return response


def _content(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _pages_served() -> dict[str, Any]:
    """What the portal's own views serve: the demo substitute's pages and two staff queues."""
    from django.test import Client

    from vikarieportalen.accounts.models import User
    from vikarieportalen.certificates.models import CertificateOrder, CertificateStatus
    from vikarieportalen.certificates.verification import Outcome
    from vikarieportalen.core.roles import Role
    from vikarieportalen.demo.common import FIRST_SUBSTITUTE
    from vikarieportalen.testing import client_logged_in

    substitute = User.objects.get(username=FIRST_SUBSTITUTE)
    client = client_logged_in(substitute, strong=True)
    pages: dict[str, Any] = {
        "start_page": _get(client, "/").status_code,
        "my_bookings": _ids(_content(_get(client, "/bemanning/mina-pass/")), r"/bemanning/mina-pass/(\d+)/"),
        "my_history": _ids(
            _content(_get(client, "/bemanning/mina-pass/historik/")), r"/bemanning/mina-pass/(\d+)/"
        ),
        "support_cases": _ids(_content(_get(client, "/lonesupport/")), r"/lonesupport/arenden/(\d+)/"),
        "certificates": _ids(_content(_get(client, "/intyg/")), r"/intyg/(\d+)/"),
    }
    # Each case's page, and each attachment it links to: the private files came back too.
    attachments = {}
    for case_id in pages["support_cases"]:
        html = _content(_get(client, f"/lonesupport/arenden/{case_id}/"))
        for attachment_id in _ids(html, r"/lonesupport/bilagor/(\d+)/"):
            body = _content(_get(client, f"/lonesupport/bilagor/{attachment_id}/"))
            attachments[str(attachment_id)] = hashlib.sha256(body).hexdigest()
    pages["support_attachments"] = attachments
    # Each released certificate: its PDF downloaded, then checked on the public verification page.
    verified = {}
    released = CertificateOrder.objects.filter(substitute=substitute, status=CertificateStatus.RELEASED)
    for order in released.order_by("pk"):
        pdf = _content(_get(client, f"/intyg/{order.pk}/pdf/"))
        response = Client().post(
            "/intyg/kontroll/",
            {"nummer": order.number, "kod": order.verification_code, "fil": _upload(pdf)},
        )
        result = response.context["result"] if response.context else None
        verified[order.number or str(order.pk)] = (
            f"{result.outcome}, file matches: {result.file_matches}" if result is not None else "no result"
        )
        if result is None or result.outcome != Outcome.GENUINE or not result.file_matches:
            verified[order.number or str(order.pk)] += " (NOT GENUINE)"
    pages["certificates_verified"] = verified
    # The staff side: payroll's support queue and HR's certificate queue.
    payroll = User.objects.filter(groups__name=Role.PAYROLL).order_by("pk").first()
    hr = User.objects.filter(groups__name=Role.HR_SERVICE).order_by("pk").first()
    pages["support_queue"] = (
        _ids(_content(_get(client_logged_in(payroll), "/lonesupport/ko/")), r"/lonesupport/ko/(\d+)/")
        if payroll
        else []
    )
    pages["certificate_queue"] = (
        _ids(_content(_get(client_logged_in(hr), "/intyg/ko/")), r"/intyg/ko/(\d+)/") if hr else []
    )
    return pages


def _upload(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("intyg.pdf", content, content_type="application/pdf")


class _RolledBack(Exception):
    pass


def _triggers() -> dict[str, Any]:
    """The is_booked triggers: present, in agreement with the bookings, and still firing."""
    from django.db import connection, transaction
    from django.db.models import Exists, F, OuterRef, Q
    from django.utils import timezone

    from vikarieportalen.accounts.models import User
    from vikarieportalen.core.roles import Role
    from vikarieportalen.staffing.booking.services import BookingRefused, booking_cancel, booking_create
    from vikarieportalen.staffing.models import Booking, Shift

    problems: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname || '.' || t.tgname"
            " || CASE WHEN t.tgenabled = 'O' THEN '' ELSE ' (DISABLED)' END "
            "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE NOT t.tgisinternal AND c.relname = ANY(%s) ORDER BY 1",
            [list(TRIGGER_TABLES)],
        )
        names = [row[0] for row in cursor.fetchall()]
    if len(names) < len(TRIGGER_TABLES) or any("DISABLED" in name for name in names):
        problems.append(f"is_booked triggers missing or disabled: {names}")
    active = Booking.objects.filter(shift=OuterRef("pk"), status="active")
    disagreeing = Shift.objects.annotate(held=Exists(active)).filter(~Q(is_booked=F("held"))).count()
    if disagreeing:
        problems.append(f"{disagreeing} shifts whose is_booked disagrees with their bookings")

    staff = User.objects.filter(groups__name=Role.STAFFING_CENTRE).order_by("pk").first()
    open_shifts = Shift.objects.filter(status="active", is_booked=False, starts_at__gt=timezone.now())
    substitutes = User.objects.filter(groups__name=Role.SUBSTITUTE, is_active=True).order_by("pk")
    exercise = "no open shift and substitute to book"
    try:
        with transaction.atomic():
            for shift in open_shifts.order_by("starts_at", "pk")[:10]:
                booking = None
                for substitute in substitutes[:40]:
                    try:
                        booking = booking_create(
                            shift=shift, substitute=substitute, by=staff, override_reason="Restore drill"
                        )
                        break
                    except BookingRefused:
                        continue
                if booking is None or staff is None:
                    continue
                booked = Shift.objects.get(pk=shift.pk).is_booked
                booking_cancel(booking=booking, by=staff, reason="Restore drill")
                after_cancel = Shift.objects.get(pk=shift.pk).is_booked
                exercise = (
                    f"shift {shift.pk}: is_booked {booked} after booking, {after_cancel} after cancelling"
                )
                if not booked or after_cancel:
                    problems.append(f"the triggers did not flip is_booked: {exercise}")
                break
            raise _RolledBack
    except _RolledBack:
        pass
    if exercise.startswith("no open"):
        problems.append(exercise)
    return {"names": names, "problems": problems, "exercise": exercise}


def inspect() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.test.utils import setup_test_environment
    from django.utils import translation

    setup_test_environment()  # the test client's response.context, and 'testserver' as a host
    translation.activate("sv")
    result = {"tables": _tables_fingerprint(), "table_rows": _table_rows()}
    result["pages"] = _pages_served()
    result["triggers"] = _triggers()
    print(json.dumps(result, default=str))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--admin-url", default=os.environ.get("DRILL_ADMIN_URL", DEFAULT_ADMIN_URL))
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    parser.add_argument("--inspect", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inspect:
        inspect()
        return 0
    return drill(args.admin_url, keep=args.keep)


if __name__ == "__main__":
    sys.exit(main())
