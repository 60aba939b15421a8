"""Page feedback rows."""

from __future__ import annotations

import datetime as dt

import factory

from vikarieportalen.feedback.models import PageFeedback


class PageFeedbackFactory(factory.django.DjangoModelFactory):
    """An answer on ``page`` (required), yes by default, without a comment."""

    class Meta:
        model = PageFeedback

    helpful = True
    comment = ""
    given_on = dt.date(2026, 3, 2)
