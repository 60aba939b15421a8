"""The SMS and e-mail certificates sends, as the outbox names them. Registered in CertificatesConfig.ready."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificatesMessageKind(models.TextChoices):
    NEW_ORDER = "certificate_new_order", _("New certificate order")
    READY = "certificate_ready", _("Certificate ready")
    REJECTED = "certificate_rejected", _("Certificate order refused")
    CORRECTED = "certificate_corrected", _("Released certificate changed by a correction")
