"""`make run` only: the demo e-ID provider and the demo card reader (demo/identity/)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.urls import reverse

from vikarieportalen.core.ops.checks import in_production
from vikarieportalen.demo.identity.card_reader import READER_PATH, DemoCardReader
from vikarieportalen.demo.identity.people import demo_people_with_test_numbers
from vikarieportalen.demo.identity.provider import DemoClient, DemoIdentityProvider, DemoPerson
from vikarieportalen.demo.identity.wsgi import server_make

LOOPBACK = ("127.0.0.1", "localhost")


def _people(*, with_person_without_account: bool) -> Callable[[], list[DemoPerson]]:
    def people() -> list[DemoPerson]:
        try:
            return demo_people_with_test_numbers(with_person_without_account=with_person_without_account)
        finally:
            connection.close()  # every request has a thread of its own: leave no connection open

    return people


class Command(BaseCommand):
    help = (
        "Serve the demo e-ID provider (at OIDC_ISSUER) and the demo staff card reader, for make run. "
        "Refused unless DEBUG and DEMO_IDENTITY_PROVIDER are on, and never in production."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--portal", default="http://127.0.0.1:8000", help="the portal's address")
        parser.add_argument("--card-reader-port", type=int, default=8002)

    def handle(self, *args: Any, **options: Any) -> None:
        if in_production() or not settings.DEBUG or not settings.DEMO_IDENTITY_PROVIDER:
            raise CommandError(
                "The demo login services run only with DEBUG and DEMO_IDENTITY_PROVIDER on, "
                "outside production (make run sets them)."
            )
        issuer = urlsplit(settings.OIDC_ISSUER)
        if issuer.scheme != "http" or issuer.hostname not in LOOPBACK or not issuer.port:
            raise CommandError("OIDC_ISSUER must be the demo provider's address, e.g. http://127.0.0.1:8001.")
        portal = options["portal"].rstrip("/")
        reader_port = options["card_reader_port"]
        callback = reverse("accounts:eid_callback")
        portal_port = urlsplit(portal).port
        redirect_uris = tuple(
            f"http://{host}:{port}{callback}" for port in (portal_port, reader_port) for host in LOOPBACK
        )
        provider = DemoIdentityProvider(
            issuer=settings.OIDC_ISSUER,
            client=DemoClient(
                client_id=settings.OIDC_CLIENT_ID,
                client_secret=settings.OIDC_CLIENT_SECRET,
                redirect_uris=redirect_uris,
            ),
            people=_people(with_person_without_account=True),
            pin_claim=settings.OIDC_PIN_CLAIM,
        )
        reader = DemoCardReader(
            portal=portal,
            card_header=settings.STAFF_CARD_HEADER,
            people=_people(with_person_without_account=False),
        )
        provider_server = server_make(provider, port=issuer.port, host=issuer.hostname or "127.0.0.1")
        reader_server = server_make(reader, port=reader_port)
        threading.Thread(target=provider_server.serve_forever, daemon=True).start()
        self.stdout.write(
            f"Demo e-ID (not a real e-ID): {settings.OIDC_ISSUER}; demo card reader: "
            f"http://127.0.0.1:{reader_port}{READER_PATH}"
        )
        try:
            reader_server.serve_forever()
        finally:
            provider_server.shutdown()
