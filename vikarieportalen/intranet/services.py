"""Writes to intranet content outside the editor's own actions."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command


def pages_publish_scheduled() -> str:
    """Publish revisions whose go-live time has come and unpublish pages whose expiry has passed.

    Wagtail's own command does the work (in its own transactions); running it twice is harmless.
    """
    output = StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue().strip()
