from __future__ import annotations

from typing import Any

from django import template

from vikarieportalen.feedback.box import FeedbackBox, feedback_box_for_page

register = template.Library()


@register.simple_tag(takes_context=True)
def page_feedback_box(context: dict[str, Any]) -> FeedbackBox | None:
    """The feedback box for the Wagtail page being shown; None on every other page."""
    return feedback_box_for_page(page=context.get("page"), request=context.get("request"))
