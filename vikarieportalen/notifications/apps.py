from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "vikarieportalen.notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from vikarieportalen.core.ops.health import health_check_register
        from vikarieportalen.notifications import checks  # noqa: F401 - registers the production checks
        from vikarieportalen.notifications.jobs.health import CHECKS

        for check in CHECKS:
            health_check_register(check)
