"""The engagement scorecard's address."""

from django.urls import path

from scrutiny.engagement import views

urlpatterns = [
    path("p/<slug:slug>/engagement/", views.engagement_scorecard, name="engagement_scorecard"),
]
