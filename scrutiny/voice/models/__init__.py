"""The voice room's records: feedback from children, young people and families with its safety
route (feedback.py), consultations and the young scrutineers' panel (consultations.py), and the
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
    VoiceSettings,
)
from scrutiny.voice.models.responses import ThemeResponse

__all__ = [
    "ROOM",
    "Audience",
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
    "ThemeResponse",
    "VoiceSettings",
]
