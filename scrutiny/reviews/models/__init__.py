"""The reviews room's records: serious incidents, rapid reviews with the agencies' contributions
and the partners' sign-offs, LCSPRs, national reviews, and the learning from them (see each
module)."""

from scrutiny.reviews.models.contributions import (
    AgencyContribution,
    ContributionStatus,
    RapidReviewSignOff,
    sign_off_problem,
)
from scrutiny.reviews.models.incidents import (
    REGULATION_11_CRITERIA,
    ROOM,
    AgeBand,
    CriteriaMet,
    IncidentKind,
    LcsprDecision,
    PanelResponse,
    RapidReview,
    SeriousIncident,
)
from scrutiny.reviews.models.lcsprs import Lcspr, LcsprMilestone, MilestoneQuality, NationalReview
from scrutiny.reviews.models.learning import (
    STATUS_COLOURS,
    ImpactOutcome,
    LearningKind,
    LearningPoint,
    LearningProduct,
    LearningStatus,
    ProductKind,
)

__all__ = [
    "REGULATION_11_CRITERIA",
    "ROOM",
    "STATUS_COLOURS",
    "AgeBand",
    "AgencyContribution",
    "ContributionStatus",
    "CriteriaMet",
    "ImpactOutcome",
    "IncidentKind",
    "Lcspr",
    "LcsprDecision",
    "LcsprMilestone",
    "LearningKind",
    "LearningPoint",
    "LearningProduct",
    "LearningStatus",
    "MilestoneQuality",
    "NationalReview",
    "PanelResponse",
    "ProductKind",
    "RapidReview",
    "RapidReviewSignOff",
    "SeriousIncident",
    "sign_off_problem",
]
