"""The SMS and e-mail payroll support sends, as the outbox names them. Registered in SupportConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupportMessageKind(models.TextChoices):
    REPLY = "support_reply", _("Answer from payroll support")
