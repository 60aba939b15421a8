"""Reads for the editors' views: feedback per page, and pages past their review date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from wagtail.models import Page

from vikarieportalen.core.pages import StewardedPage
from vikarieportalen.feedback.models import PageFeedback

_HAS_COMMENT = ~Q(page_feedback__comment="")


def page_feedback_summaries() -> QuerySet[Page]:
    """Pages that have feedback, each with its yes/no counts and comment counts, newest first."""
    pages: QuerySet[Page] = (
        Page.objects.annotate(
            yes_count=Count("page_feedback", filter=Q(page_feedback__helpful=True)),
            no_count=Count("page_feedback", filter=Q(page_feedback__helpful=False)),
            comment_count=Count("page_feedback", filter=_HAS_COMMENT),
            unhandled_count=Count(
                "page_feedback", filter=_HAS_COMMENT & Q(page_feedback__handled_at__isnull=True)
            ),
            last_given_on=Max("page_feedback__given_on"),
        )
        .filter(last_given_on__isnull=False)
        .select_related("content_type")
        .order_by("-unhandled_count", "-last_given_on", "title", "pk")
    )
    return pages


def page_feedback_counts(*, page_id: int) -> dict[str, int]:
    counts = PageFeedback.objects.filter(page_id=page_id).aggregate(
        yes=Count("pk", filter=Q(helpful=True)),
        no=Count("pk", filter=Q(helpful=False)),
        comments=Count("pk", filter=~Q(comment="")),
        unhandled=Count("pk", filter=~Q(comment="") & Q(handled_at__isnull=True)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def page_feedback_comments(*, page_id: int) -> QuerySet[PageFeedback]:
    """The comments given on a page (answers without a comment are only counted), newest first."""
    return (
        PageFeedback.objects.filter(page_id=page_id)
        .exclude(comment="")
        .select_related("handled_by")
        .order_by("-given_on", "-pk")
    )


def page_feedback_unhandled_count() -> int:
    return PageFeedback.objects.exclude(comment="").filter(handled_at__isnull=True).count()


# ---------------------------------------------------------------------------------------------
# Pages past their review date (core.pages.StewardedPage)


def stewarded_page_models() -> list[type[Page]]:
    """Every concrete page model that carries a responsible person and a review date."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, StewardedPage) and issubclass(model, Page) and not model._meta.proxy
    ]


def _per_model_value(models: list[type[Page]], field: str) -> Any:
    # The page's own row in whichever model table holds it; the other tables give NULL.
    values = [Subquery(model.objects.filter(pk=OuterRef("pk")).values(field)[:1]) for model in models]
    return values[0] if len(values) == 1 else Coalesce(*values)


def page_review_overdue_list(*, today: dt.date) -> QuerySet[Page]:
    """Live pages whose review date is before ``today``, the longest overdue first.

    Annotated with ``review_due`` (date) and ``steward_id`` (the responsible person's user id).
    A fixed number of queries however many pages there are: one sub-select per page model.
    """
    models = stewarded_page_models()
    if not models:
        no_pages: QuerySet[Page] = Page.objects.none()
        return no_pages
    overdue = Q()
    for model in models:
        overdue |= Q(pk__in=model.objects.filter(review_by__lt=today).values("pk"))
    pages: QuerySet[Page] = (
        Page.objects.live()
        .filter(overdue)
        .annotate(
            review_due=_per_model_value(models, "review_by"),
            steward_id=_per_model_value(models, "page_owner"),
        )
        .select_related("content_type")
        .order_by("review_due", "title", "pk")
    )
    return pages


def page_for_feedback(*, page_id: int, request: HttpRequest) -> Page | None:
    """The live page with this id if this visitor may read it (Wagtail view restrictions too)."""
    page = Page.objects.live().filter(pk=page_id, depth__gt=1).first()
    if page is None:
        return None
    if any(not restriction.accept_request(request) for restriction in page.get_view_restrictions()):
        return None
    return page
