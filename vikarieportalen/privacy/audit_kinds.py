"""What privacy writes to the audit log. Registered in PrivacyConfig.ready; each duty adds one block."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PrivacyAuditKind(models.TextChoices):
    # A person's own data (art. 15): who exported whose data, by which channel; never the data.
    PERSONAL_DATA_EXPORTED = "personal_data_exported", _("Personal data exported")
    # Leavers (privacy.leavers): HR ends an engagement; the person is anonymised after retention.
    ENGAGEMENT_ENDED = "engagement_ended", _("Engagement ended")
    PERSON_ANONYMISED = "person_anonymised", _("Personal details anonymised")
