"""Writing rows together: a block collects what its code records, and writes it at its end.

Audit events and outbox messages both use it (``audit_batched``, ``messages_batched``), so a hot
path that records several writes them in one INSERT each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar


@contextmanager
def batch_collected[T](batch: ContextVar[list[T] | None], write: Callable[[list[T]], None]) -> Iterator[None]:
    """Inside the block ``batch`` holds a list the recording code appends to instead of writing;
    when the block ends without an error, ``write`` gets what was collected. An error in the block
    writes nothing. A block inside another joins the outer one (the outer writes it all)."""
    if batch.get() is not None:
        yield
        return
    token = batch.set([])
    try:
        yield
        collected = batch.get() or []
    finally:
        batch.reset(token)
    write(collected)
