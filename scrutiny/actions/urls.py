from django.urls import path

from scrutiny.actions import views

urlpatterns = [
    path("p/<slug:slug>/actions/", views.action_list, name="action_list"),
    path("p/<slug:slug>/actions/add/", views.action_add, name="action_add"),
    path("p/<slug:slug>/actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("p/<slug:slug>/actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("p/<slug:slug>/actions/<int:pk>/updates/add/", views.action_update_add, name="action_update_add"),
    path("p/<slug:slug>/actions/<int:pk>/evidence/", views.action_evidence, name="action_evidence"),
    path("p/<slug:slug>/actions/<int:pk>/complete/", views.action_complete, name="action_complete"),
    path("p/<slug:slug>/actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("p/<slug:slug>/actions/<int:pk>/impact/", views.action_impact, name="action_impact"),
    path("account/reminders/", views.reminder_settings, name="reminder_settings"),
]
