"""``manage.py personal_data_export USERNAME --output FILE``: a person's own data for HR (GDPR art. 15).

The same JSON as the person's own download from *Mina personuppgifter*, in the person's language.
The export is audited (channel "command", the system user who ran it, and ``--by`` when given).
The file is written to a temporary name beside FILE and then renamed, so FILE is never half
written; an existing FILE is refused unless ``--force``.

Exit status: 0 written; 1 no such user, or the file could not be written (nothing is written and
nothing audited); 2 bad arguments.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from vikarieportalen.accounts.models import User
from vikarieportalen.privacy.export.selectors import personal_data_export
from vikarieportalen.privacy.export.services import Channel, export_json, personal_data_export_audit


def _user(username: str, *, what: str) -> User:
    try:
        return User.objects.get_by_natural_key(username)
    except User.DoesNotExist as exc:
        raise CommandError(f"No user with the username {username!r} ({what}). Nothing was written.") from exc


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in a bare container
        return ""


def _write(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        # Personal data: readable by the person running the command only, from the first byte.
        with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"Could not write {path}: {exc.strerror or exc}. Nothing was written.") from exc


class Command(BaseCommand):
    help = "Write everything the portal holds about a person to a JSON file (GDPR art. 15)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="whose data (any case)")
        parser.add_argument("--output", required=True, type=Path, help="the JSON file to write")
        parser.add_argument("--by", help="username of the member of staff answering the request (audited)")
        parser.add_argument("--force", action="store_true", help="replace FILE if it exists")

    def handle(
        self, *args: Any, username: str, output: Path, by: str | None, force: bool, **options: Any
    ) -> None:
        user = _user(username, what="whose data")
        actor = _user(by, what="--by") if by else None
        if not output.parent.is_dir():
            raise CommandError(f"No such directory: {output.parent}. Nothing was written.")
        if output.exists() and not force:
            raise CommandError(f"{output} exists; give --force to replace it. Nothing was written.")
        with translation.override(user.language):
            content = export_json(personal_data_export(user=user))
        # Audited only if the file is written: a failed write rolls the event back.
        with transaction.atomic():
            personal_data_export_audit(
                user=user, channel=Channel.COMMAND, actor=actor, system_user=_system_user()
            )
            _write(output, content)
        self.stdout.write(f"The personal data of {user.username} written to {output} ({len(content)} bytes).")
