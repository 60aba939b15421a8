from __future__ import annotations

import pytest
from django.utils import timezone

from vikarieportalen.demo.feedback import FAQ_PAGE, START_PAGE, demo_feedback_load
from vikarieportalen.feedback.models import PageFeedback
from vikarieportalen.feedback.selectors import page_review_overdue_list
from vikarieportalen.intranet.models import FaqPage, HomePage
from vikarieportalen.intranet.tests.factories import FaqPageFactory

pytestmark = pytest.mark.django_db


def test_demo_feedback_is_loaded_once_with_some_handled() -> None:
    FaqPageFactory()
    counted: list[tuple[str, bool]] = []
    demo_feedback_load(count=lambda what, created: counted.append((what, created)))
    assert PageFeedback.objects.count() == len(START_PAGE) + len(FAQ_PAGE)
    assert PageFeedback.objects.filter(handled_at__isnull=False).exists()
    assert PageFeedback.objects.exclude(comment="").filter(handled_at__isnull=True).exists()
    assert FaqPage.objects.get().review_by is not None
    assert HomePage.objects.get(locale__language_code="sv").review_by is not None
    assert list(page_review_overdue_list(today=timezone.localdate())) == [FaqPage.objects.get().page_ptr]

    demo_feedback_load(count=lambda what, created: counted.append((what, created)))
    assert PageFeedback.objects.count() == len(START_PAGE) + len(FAQ_PAGE)
    assert counted[-2:] == [("page feedback", False), ("page feedback", False)]
