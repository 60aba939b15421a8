from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "vikarieportalen.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from vikarieportalen.core.ops import (
            checks,  # noqa: F401 - registers the production checks
            sqlite,
        )

        # Start-up must not depend on the SQLite file being idle (core/ops/sqlite.py).
        sqlite.sqlite_connections_settle()
        connection_created.connect(sqlite.on_connection_created, dispatch_uid="core.sqlite_settle")
