"""The Redis (RQ) task backend for Django's task framework.

django-tasks-rq is written against the django-tasks backport: its backend's ``task_class`` is the
backport's Task, so with it as the default backend ``django.tasks.task`` would build backport Task
objects at import time. This subclass keeps the library (enqueueing, RQ job class, results) and
only makes ``@task`` build Django's own Task; the library's Job accepts both kinds.
Workers: ``manage.py rqworker default --job-class django_tasks_rq.Job --with-scheduler``.
"""

from __future__ import annotations

from django.tasks.base import Task
from django_tasks_rq import RQBackend as LibraryRQBackend


class RQBackend(LibraryRQBackend):
    task_class = Task  # type: ignore[assignment]
