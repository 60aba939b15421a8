"""The heartbeats of long-running processes, read by the readiness check (core.ops.health)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """One row per process name ("scheduler"): when it last said it was alive.

    In the database rather than the cache: the local-memory cache is per process, so a web process
    could not read the scheduler's beat there, and a Redis restart would make a live scheduler look
    dead. One small UPDATE per scheduler interval costs nothing.
    """

    name = models.CharField(_("process"), max_length=40, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
