import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    name = "vikarieportalen.intranet"
    verbose_name = _("Intranet")

    def ready(self) -> None:
        from vikarieportalen.intranet.services import pages_publish_scheduled
        from vikarieportalen.notifications.scheduler import Job, job_register

        # Editors' scheduled publishing ("go live at" / "expire at") happens when this runs.
        job_register(Job("intranet.publish_scheduled", dt.timedelta(minutes=1), pages_publish_scheduled))
