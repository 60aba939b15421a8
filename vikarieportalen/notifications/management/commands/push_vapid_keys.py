"""Print a new VAPID key pair for Web Push (docs/phone.md): the private key goes in VAPID_PRIVATE_KEY."""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management.base import BaseCommand
from py_vapid import Vapid02


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


class Command(BaseCommand):
    help = "Make a new VAPID key pair for push notices and print it as settings lines."

    def handle(self, *args: Any, **options: Any) -> None:
        vapid = Vapid02()
        vapid.generate_keys()
        private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
        public = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        self.stdout.write(f"VAPID_PRIVATE_KEY={_b64url(private)}")
        self.stdout.write(f"# public key (the portal derives it; for reference): {_b64url(public)}")
        self.stdout.write(
            "# Keep the private key secret, and keep it: a new key turns push off on every device."
        )
