"""The purge of kept data whose time is up (policy.RULES), run daily by the scheduler.

Idempotent and batched: each batch is its own transaction and is looked up again inside it, so a
second run finds nothing more, and a run stopped half-way has deleted only whole batches of what
had to go anyway; the next run finishes the rest.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from vikarieportalen.privacy.retention.policy import RULES, Rule

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


def _purge_rule(rule: Rule, *, now: dt.datetime, before: dt.datetime, batch_size: int) -> int:
    purged = 0
    while True:
        with transaction.atomic():
            expired = rule.expired(before=before)
            ids = list(expired.order_by("pk").values_list("pk", flat=True)[:batch_size])
            # Locked and looked up again by the rule: a row changed meanwhile (an offer reopened,
            # a pay line exported) is left alone.
            still = list(
                expired.filter(pk__in=ids).select_for_update(of=("self",)).values_list("pk", flat=True)
            )
            rows = expired.model._default_manager.filter(pk__in=still)
            batch = rule.purge(rows, now=now) if still else 0
        if not batch:
            return purged
        purged += batch


def purge_expired_data(
    *, now: dt.datetime | None = None, dry_run: bool = False, batch_size: int = DEFAULT_BATCH_SIZE
) -> dict[str, int]:
    """Purge (or, with ``dry_run``, count) what every retention rule says has had its time.

    Returns the count per kind, in the rules' order, and logs it.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for rule in RULES:
        before = rule.before(now)
        if dry_run:
            counts[rule.kind] = rule.expired(before=before).count()
        else:
            counts[rule.kind] = _purge_rule(rule, now=now, before=before, batch_size=batch_size)
        logger.info(
            "retention %s: %d %s (before %s)",
            rule.kind,
            counts[rule.kind],
            "would go" if dry_run else "purged",
            before.isoformat(),
        )
    return counts
