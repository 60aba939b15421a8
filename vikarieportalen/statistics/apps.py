from __future__ import annotations

import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "vikarieportalen.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from django.db import connections
        from django.db.backends.signals import connection_created

        from vikarieportalen.statistics.aggregates import sqlite_functions_add

        # SQLite (development, tests) has no PERCENTILE_CONT: each connection gets one of ours.
        connection_created.connect(sqlite_functions_add, dispatch_uid="statistics_sqlite_functions")
        for alias in connections:
            connection = connections[alias]
            if connection.connection is not None:
                sqlite_functions_add(sender=None, connection=connection)

        from vikarieportalen.notifications.jobs.scheduler import Job, job_register
        from vikarieportalen.statistics.services import statistics_refresh

        # Incremental and idempotent: a repeated or missed run only recomputes the changed days.
        job_register(Job("statistics.refresh", dt.timedelta(days=1), statistics_refresh))
