from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """GDPR duties across the apps: retention and purge, a person's own data, leavers.

    It sits above every app that stores personal data, so that it can read and purge them all,
    while those apps know nothing of it.
    """

    name = "vikarieportalen.privacy"
    label = "privacy"

    def ready(self) -> None:
        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.privacy.audit_kinds import PrivacyAuditKind

        audit_kinds_register(PrivacyAuditKind)

        # A person's own data: the link on Mina uppgifter.
        from vikarieportalen.accounts.details.sections import profile_section_register
        from vikarieportalen.privacy.export.selectors import profile_personal_data_link

        profile_section_register("privacy.personal_data", profile_personal_data_link)

        self._register_retention_job()

    def _register_retention_job(self) -> None:
        import datetime as dt

        from vikarieportalen.notifications.jobs.scheduler import Job, job_register
        from vikarieportalen.privacy.retention.services import purge_expired_data

        # Deletes what the retention policy says has had its time; idempotent, batched, logs counts.
        job_register(Job("privacy.purge_expired_data", dt.timedelta(days=1), lambda: purge_expired_data()))
