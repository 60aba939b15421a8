import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "vikarieportalen.intranet"
    verbose_name = _("Intranet")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import get_page_models

        from vikarieportalen.intranet import caching
        from vikarieportalen.intranet.services import pages_publish_scheduled
        from vikarieportalen.notifications.scheduler import Job, job_register

        # Editors' scheduled publishing ("go live at" / "expire at") happens when this runs.
        job_register(Job("intranet.publish_scheduled", dt.timedelta(minutes=1), pages_publish_scheduled))

        # Cached pages and fragments are out of date once shared content changes (intranet/caching.py).
        for signal, sender in caching.generation_signals_receivers():
            signal.connect(caching.content_changed, sender=sender, dispatch_uid=f"intranet-cache-{id(signal)}-{sender}")
        for model in get_page_models():  # a page saved live or deleted outside publishing, too
            post_save.connect(caching.content_changed, sender=model, dispatch_uid=f"intranet-cache-save-{model}")
            post_delete.connect(caching.content_changed, sender=model, dispatch_uid=f"intranet-cache-del-{model}")
