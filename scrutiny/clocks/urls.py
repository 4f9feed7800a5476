from django.urls import path

from scrutiny.clocks import views

urlpatterns = [
    path("clock/", views.clock, name="clock"),
    path("p/<slug:slug>/deadlines/", views.deadlines, name="deadlines"),
    path("p/<slug:slug>/deadlines/feed/renew/", views.deadlines_feed_renew, name="deadlines_feed_renew"),
    # Public: calendar apps cannot sign in, so the secret token is the key (see views.calendar_feed).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
