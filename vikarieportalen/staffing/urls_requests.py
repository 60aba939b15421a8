"""Staffing URLs: requests (joined in urls.py)."""

from __future__ import annotations

from django.urls import path  # noqa: F401

urlpatterns: list = []  # type: ignore[type-arg]
