"""A group message (utskick) to 2,000 substitutes: the time to record and enqueue it, and that
nobody gets it twice.

Builds 2,000 substitutes introduced at one workplace, then times ``group_message_send`` (the group
selection through the pool selector, the GroupMessage row, one recipient row per person, the outbox
rows in one INSERT, and after commit one delivery task per SMS_BURST_BATCH (50) messages, enqueued
on the database task backend; nothing is delivered). Then it sends the same text to the same group
again and counts outbox rows per recipient: each message has its own rows, so every person has
exactly one row per message.
Prints the machine, the figures, and as the last line one JSON object.

Usage: .venv/bin/python bench/group_message.py [--people 2000] [--smoke]
BENCH_DATABASE_URL picks the database (default: a fresh SQLite file). ``--smoke``: 30 people in an
empty database of its own (see smoke.py), for ``make test``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import smoke
from machine import cpu_model, ram_gib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    os.environ["TASK_BACKEND"] = "database"  # enqueue for real, deliver nothing
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(people: int) -> int:
    """``people`` substitutes introduced at one workplace; returns the workplace's id."""
    import datetime as dt

    from django.contrib.auth.models import Group

    from vikarieportalen.accounts.models import User
    from vikarieportalen.accounts.services import role_groups_sync
    from vikarieportalen.core.roles import Role
    from vikarieportalen.staffing.models import Introduction, Workplace

    role_groups_sync()
    workplace = Workplace.objects.create(name="Bänk: Solbacken", area="elderly_care")
    User.objects.bulk_create(
        [
            User(
                username=f"BGRP{n:06d}",
                password="!",  # noqa: S106 - unusable password
                preferred_given_name="Anna",
                family_name="Berg",
                employee_number=f"G{n:06d}",
                mobile=f"+4673{n:07d}",
                email=f"bgrp{n:06d}@bench.example.se",
            )
            for n in range(people)
        ],
        batch_size=2000,
    )
    users = list(User.objects.filter(employee_number__startswith="G").order_by("pk"))
    group = Group.objects.get(name=Role.SUBSTITUTE.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in users], batch_size=5000
    )
    Introduction.objects.bulk_create(
        [Introduction(substitute=u, workplace=workplace, introduced_on=dt.date(2026, 1, 1)) for u in users],
        batch_size=5000,
    )
    User.objects.create(
        username="BGRPSTAFF", employee_number="GSTAFF", preferred_given_name="Lina", family_name="Lind"
    )
    staff = User.objects.get(username="BGRPSTAFF")
    staff.groups.add(Group.objects.get(name=Role.STAFFING_CENTRE.value))
    return workplace.pk


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--smoke", action="store_true", help="a tiny run in an empty database (make test)")
    args = parser.parse_args()
    if args.smoke:
        args.people = 30
        url = smoke.database_url("group_message")
    else:
        url = (
            os.environ.get("BENCH_DATABASE_URL")
            or f"sqlite:///{tempfile.mkdtemp(prefix='group-message-')}/db.sqlite3"
        )
    setup_django(url)

    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from vikarieportalen.accounts.models import User
    from vikarieportalen.notifications.models import Message
    from vikarieportalen.staffing.messages.selectors import GroupChoice
    from vikarieportalen.staffing.messages.services import SMS_KIND_GROUP, group_message_send
    from vikarieportalen.staffing.models import Workplace

    settings.GROUP_MESSAGE_MAX_RECIPIENTS = args.people
    settings.GROUP_MESSAGE_MAX_RECIPIENTS_PER_DAY = 2 * args.people
    workplace = Workplace.objects.get(pk=build(args.people))
    staff = User.objects.get(username="BGRPSTAFF")
    choice = GroupChoice(workplace=workplace)
    text = "Vi behöver folk i morgon förmiddag på Solbacken. Svara på detta sms om du kan."

    tasks = -(-args.people // settings.SMS_BURST_BATCH)  # one delivery task per batch of SMS
    timings = []
    for _round in range(2):
        tasks_before = DBTaskResult.objects.count()
        started = time.perf_counter()
        message = group_message_send(by=staff, choice=choice, text=text, confirmed=True)
        timings.append(time.perf_counter() - started)
        enqueued = DBTaskResult.objects.count() - tasks_before
        if message.recipient_count != args.people or enqueued != tasks:
            raise SystemExit(
                f"expected {args.people} recipients and {tasks} tasks, "
                f"got {message.recipient_count}, {enqueued}"
            )

    per_person = (
        Message.objects.filter(kind=SMS_KIND_GROUP)
        .values("recipient_id")
        .annotate(rows=Count("pk"))
        .values_list("rows", flat=True)
    )
    twice = sum(1 for rows in per_person if rows != 2)  # two messages: exactly two rows each
    database = (
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    )
    print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs, {ram_gib() or '?'} GiB, {platform.platform()}")
    print(f"python {platform.python_version()}; database {database.strip()}")
    print(
        f"group message to {args.people}: recorded and enqueued in {timings[0]:.2f} s "
        f"(again: {timings[1]:.2f} s); delivery tasks: {tasks} each time"
    )
    print(f"people with other than one outbox row per message: {twice}")
    if twice:
        raise SystemExit("somebody got a group message twice (or not at all)")
    print(
        json.dumps(
            {
                "benchmark": "group_message",
                "people": args.people,
                "seconds_first": round(timings[0], 3),
                "seconds_second": round(timings[1], 3),
                "per_person_ms": round(1000 * timings[0] / args.people, 3),
                "tasks": tasks,
                "sent_twice": twice,
            }
        )
    )


if __name__ == "__main__":
    main()
