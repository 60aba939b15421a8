import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffingConfig(AppConfig):
    name = "vikarieportalen.staffing"
    verbose_name = _("Staffing")

    def ready(self) -> None:
        from vikarieportalen.audit.kinds import audit_kinds_register
        from vikarieportalen.staffing.audit_kinds import StaffingAuditKind

        audit_kinds_register(StaffingAuditKind)

        from vikarieportalen.notifications.kinds import message_kinds_register
        from vikarieportalen.staffing.message_kinds import StaffingMessageKind

        message_kinds_register(StaffingMessageKind)

        from vikarieportalen.notifications.models import NoticeCategory
        from vikarieportalen.notifications.push.categories import push_kinds_register

        # What a substitute may choose to get as push notices (Mina uppgifter → Aviseringar).
        kinds = StaffingMessageKind
        push_kinds_register(NoticeCategory.OFFERS, kinds.OFFER, kinds.OFFER_SERIES, fallback_unopened=True)
        push_kinds_register(NoticeCategory.OFFERS, kinds.OFFER_CLOSED)
        push_kinds_register(NoticeCategory.BOOKINGS, kinds.BOOKED, kinds.SERIES_BOOKED)
        push_kinds_register(NoticeCategory.CANCELLATIONS, kinds.CANCELLED)

        from django.db.models.signals import post_migrate

        from vikarieportalen.staffing.db_triggers import shift_is_booked_triggers_ensure

        post_migrate.connect(shift_is_booked_triggers_ensure, sender=self, dispatch_uid="staffing_triggers")

        from vikarieportalen.notifications.inbound import inbound_handler_register
        from vikarieportalen.notifications.jobs.scheduler import Job, job_register
        from vikarieportalen.staffing.offers.sms import offer_sms_inbound
        from vikarieportalen.staffing.offers.tasks import offer_rounds_run, offers_expire

        job_register(Job("staffing.offers_expire", dt.timedelta(minutes=1), lambda: offers_expire()))
        job_register(Job("staffing.offer_rounds", dt.timedelta(minutes=1), lambda: offer_rounds_run()))
        from vikarieportalen.staffing.messages.services import group_sms_inbound

        # Before the offers: a reply to a group message goes to the inbox, not to the offers' help SMS.
        inbound_handler_register("staffing.group_messages", group_sms_inbound)
        inbound_handler_register("staffing.offers", offer_sms_inbound)

        from vikarieportalen.staffing.las.warnings import las_warnings_send

        # Runs hourly but e-mails once a day (weekdays from LAS_WARNING_TIME), only about news.
        job_register(Job("staffing.las_warnings", dt.timedelta(hours=1), las_warnings_send))

        from vikarieportalen.staffing.proposal.tasks import proposals_abandoned_fail

        job_register(
            Job("staffing.proposals_abandoned", dt.timedelta(minutes=5), lambda: proposals_abandoned_fail())
        )

        from vikarieportalen.accounts.details.sections import profile_section_register
        from vikarieportalen.staffing.selectors import profile_managed_workplaces

        profile_section_register("staffing.managed_workplaces", profile_managed_workplaces)

        from vikarieportalen.core.web.navigation import nav_badge_register
        from vikarieportalen.staffing.offers.selectors import offer_count_open_for

        nav_badge_register("staffing:my_offers", offer_count_open_for)
