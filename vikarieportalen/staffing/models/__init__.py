"""The staffing app's models, one module per aggregate; imported here so Django finds them."""

from vikarieportalen.staffing.models.availability import (
    AvailabilityKind,
    AvailabilityPeriod,
    WeeklyAvailability,
)
from vikarieportalen.staffing.models.bookings import Booking, BookingSource, BookingStatus, EmploymentForm
from vikarieportalen.staffing.models.hours import TimeReport, TimeReportStatus
from vikarieportalen.staffing.models.messages import GroupMessage, GroupMessageRecipient, InboundMessage
from vikarieportalen.staffing.models.offers import Offer, OfferChannel, OfferSend, OfferStatus
from vikarieportalen.staffing.models.proposals import (
    AssignmentState,
    ProposalAssignment,
    ProposalStatus,
    ProposalUnfilled,
    StaffingProposal,
)
from vikarieportalen.staffing.models.requests import WorkplaceRequest, WorkplaceRequestStatus
from vikarieportalen.staffing.models.shifts import Shift, ShiftReason, ShiftSeries, ShiftStatus
from vikarieportalen.staffing.models.workplaces import (
    Agreement,
    AreaOfWork,
    Introduction,
    Qualification,
    SubstituteProfile,
    SubstituteQualification,
    Workplace,
)

__all__ = [
    "Agreement",
    "AreaOfWork",
    "AssignmentState",
    "AvailabilityKind",
    "AvailabilityPeriod",
    "Booking",
    "BookingSource",
    "BookingStatus",
    "EmploymentForm",
    "GroupMessage",
    "GroupMessageRecipient",
    "InboundMessage",
    "Introduction",
    "Offer",
    "OfferChannel",
    "OfferSend",
    "OfferStatus",
    "ProposalAssignment",
    "ProposalStatus",
    "ProposalUnfilled",
    "Qualification",
    "Shift",
    "ShiftReason",
    "ShiftSeries",
    "ShiftStatus",
    "StaffingProposal",
    "SubstituteProfile",
    "SubstituteQualification",
    "TimeReport",
    "TimeReportStatus",
    "WeeklyAvailability",
    "Workplace",
    "WorkplaceRequest",
    "WorkplaceRequestStatus",
]
