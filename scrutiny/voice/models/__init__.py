"""The voice room's records: feedback from children, young people and families with its safety
route (feedback.py, safety.py), consultations and the young scrutineers' panel (consultations.py), and the
partnership's answer to each theme, "you said, we did" (responses.py)."""

from scrutiny.voice.models.consultations import (
    Consultation,
    ConsultationAnswer,
    ConsultationQuestion,
    ConsultationResponse,
    PanelQuestion,
    PanelSession,
    QuestionKind,
)
from scrutiny.voice.models.feedback import (
    ROOM,
    Audience,
    DesignatedContact,
    Feedback,
    FeedbackStatus,
    Feeling,
    FeelsSafe,
    ReadingDays,
    VoiceSettings,
)
from scrutiny.voice.models.responses import ThemeResponse
from scrutiny.voice.models.safety import AlertKind, ConcernAlert, SafetyTerm

__all__ = [
    "ROOM",
    "AlertKind",
    "Audience",
    "ConcernAlert",
    "Consultation",
    "ConsultationAnswer",
    "ConsultationQuestion",
    "ConsultationResponse",
    "DesignatedContact",
    "Feedback",
    "FeedbackStatus",
    "Feeling",
    "FeelsSafe",
    "PanelQuestion",
    "PanelSession",
    "QuestionKind",
    "ReadingDays",
    "SafetyTerm",
    "ThemeResponse",
    "VoiceSettings",
]
