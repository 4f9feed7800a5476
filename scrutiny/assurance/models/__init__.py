"""The scrutineer's records, one module per part of the work."""

from scrutiny.assurance.models.assessments import Assessment, AssessmentStatus, Judgement
from scrutiny.assurance.models.challenges import Challenge, ChallengeOutcome
from scrutiny.assurance.models.disagreements import Disagreement, EscalationStage, StageChange
from scrutiny.assurance.models.findings import (
    Confidence,
    Finding,
    FindingKind,
    FindingStatus,
    Recommendation,
    RecommendationResponse,
    RecommendationStatus,
    ResponseDecision,
)
from scrutiny.assurance.models.independence import ScrutineerAppointment
from scrutiny.assurance.models.innovation import Innovation, InnovationStage
from scrutiny.assurance.models.plan import ActivityStatus, Method, ScrutinyActivity
from scrutiny.assurance.models.settings import AssuranceSettings, ResponseUnit
from scrutiny.assurance.models.statement import (
    AssuranceStatement,
    StatementResponse,
    StatementSection,
    StatementStatus,
)

__all__ = [
    "ActivityStatus",
    "Assessment",
    "AssessmentStatus",
    "AssuranceSettings",
    "AssuranceStatement",
    "Challenge",
    "ChallengeOutcome",
    "Confidence",
    "Disagreement",
    "EscalationStage",
    "Finding",
    "FindingKind",
    "FindingStatus",
    "Innovation",
    "InnovationStage",
    "Judgement",
    "Method",
    "Recommendation",
    "RecommendationResponse",
    "RecommendationStatus",
    "ResponseDecision",
    "ResponseUnit",
    "ScrutineerAppointment",
    "ScrutinyActivity",
    "StageChange",
    "StatementResponse",
    "StatementSection",
    "StatementStatus",
]
