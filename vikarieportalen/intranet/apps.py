import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "vikarieportalen.intranet"
    verbose_name = _("Intranet")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from vikarieportalen.intranet.models import (
            ContactCard,
            FaqPage,
            HomePage,
            JobAdIndexPage,
            JobAdPage,
            LegalPage,
            NewsIndexPage,
            NewsPage,
            Notice,
            OpeningHours,
            Shortcut,
        )
        from vikarieportalen.intranet.selectors import shared_content_changes_at
        from vikarieportalen.intranet.services import pages_publish_scheduled
        from vikarieportalen.intranet.serving import caching
        from vikarieportalen.notifications.jobs.scheduler import Job, job_register

        # Editors' scheduled publishing ("go live at" / "expire at") happens when this runs.
        job_register(Job("intranet.publish_scheduled", dt.timedelta(minutes=1), pages_publish_scheduled))

        # Cached pages and fragments go out of date once shared content changes (serving/caching.py).
        caching.configure(
            changes_at=shared_content_changes_at,
            page_types=(HomePage, NewsIndexPage, NewsPage, JobAdIndexPage, JobAdPage, FaqPage, LegalPage),
        )
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(caching.content_changed, dispatch_uid=f"intranet-cache-{id(signal)}")
        shared = [Notice, Shortcut, ContactCard, OpeningHours, PageViewRestriction, Site]
        for model in [*shared, *get_page_models()]:  # pages saved live or deleted outside publishing too
            for signal in (post_save, post_delete):
                signal.connect(
                    caching.content_changed, sender=model, dispatch_uid=f"intranet-cache-{model}-{id(signal)}"
                )
