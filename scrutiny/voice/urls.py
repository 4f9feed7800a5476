"""The voice room's addresses: public pages under /feedback/, staff pages under /p/<slug>/voice/."""

from django.urls import path

from scrutiny.voice.views import consultations, public, staff, vocabulary

P = "p/<slug:slug>/voice/"

urlpatterns = [
    path("feedback/<slug:slug>/", public.feedback_start, name="voice_public"),
    path("feedback/<slug:slug>/you-said-we-did/", public.you_said_we_did, name="voice_you_said"),
    path(
        "feedback/<slug:slug>/consultations/<int:pk>/",
        consultations.consultation_public,
        name="voice_consultation_public",
    ),
    path("feedback/<slug:slug>/<str:audience>/", public.feedback_form, name="voice_form"),
    path(P, staff.voice_home, name="voice_home"),
    path(P + "feedback/<int:pk>/", staff.feedback_detail, name="voice_feedback_detail"),
    path(P + "feedback/<int:pk>/close/", staff.concern_close, name="voice_concern_close"),
    path(P + "feedback/<int:pk>/acknowledge/", staff.concern_acknowledge, name="voice_concern_acknowledge"),
    path(P + "settings/", staff.voice_settings, name="voice_settings"),
    path(P + "qr.svg", staff.public_page_qr, name="voice_qr"),
    path(P + "contacts/add/", staff.contact_add, name="voice_contact_add"),
    path(P + "contacts/<int:pk>/remove/", staff.contact_remove, name="voice_contact_remove"),
    path(P + "contacts/<int:pk>/up/", staff.contact_move_up, name="voice_contact_move_up"),
    path(P + "safety-words/", vocabulary.vocabulary, name="voice_vocabulary"),
    path(P + "safety-words/add/", vocabulary.vocabulary_add, name="voice_vocabulary_add"),
    path(P + "safety-words/remove/", vocabulary.vocabulary_remove, name="voice_vocabulary_remove"),
    path(P + "consultations/add/", consultations.consultation_add, name="consultation_add"),
    path(P + "consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(P + "consultations/<int:pk>/edit/", consultations.consultation_edit, name="consultation_edit"),
    path(P + "consultations/<int:pk>/questions/add/", consultations.question_add, name="consultation_question_add"),
    path(P + "panel/add/", consultations.panel_add, name="panel_add"),
    path(P + "panel/<int:pk>/", consultations.panel_session, name="panel_session"),
    path(P + "panel/<int:pk>/edit/", consultations.panel_edit, name="panel_edit"),
    path(P + "panel/<int:pk>/questions/add/", consultations.panel_question_add, name="panel_question_add"),
    path(
        P + "panel/<int:pk>/questions/<int:panel_question>/answer/",
        consultations.panel_question_answer,
        name="panel_question_answer",
    ),
    path(P + "themes/add/", staff.response_add, name="voice_response_add"),
    path(P + "themes/<int:pk>/", staff.theme_response, name="theme_response"),
    path(P + "themes/<int:pk>/edit/", staff.response_edit, name="voice_response_edit"),
    path(P + "themes/<int:pk>/actions/add/", staff.response_action_add, name="voice_response_action_add"),
]
