"""The governance room's addresses."""

from django.urls import path

from scrutiny.governance import views

P = "p/<slug:slug>/meetings/"

urlpatterns = [
    # Public: calendar apps cannot sign in, so the secret token is the key (see views.meetings_feed).
    path("calendar/<str:token>/meetings.ics", views.meetings_feed, name="meetings_feed"),
    path(P, views.governance_home, name="governance_home"),
    path(P + "series/add/", views.series_add, name="series_add"),
    path(P + "series/<int:pk>/", views.series_detail, name="series_detail"),
    path(P + "series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path(P + "series/<int:pk>/members/add/", views.member_add, name="series_member_add"),
    path(P + "series/<int:pk>/members/<int:member>/", views.member_edit, name="series_member_edit"),
    path(P + "add/", views.meeting_add, name="meeting_add"),
    path(P + "<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path(P + "<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path(P + "<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path(P + "<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path(P + "<int:pk>/agenda/add/", views.agenda_add, name="meeting_agenda_add"),
    path(P + "<int:pk>/agenda/<int:item>/", views.agenda_edit, name="meeting_agenda_edit"),
    path(P + "<int:pk>/decisions/add/", views.decision_add, name="meeting_decision_add"),
    path(P + "<int:pk>/actions/add/", views.meeting_action_add, name="meeting_action_add"),
    path(P + "<int:pk>/survey/", views.survey_answer, name="meeting_survey"),
    path(P + "<int:pk>/observations/add/", views.observation_add, name="meeting_observation_add"),
]
