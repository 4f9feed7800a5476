from django.urls import path

from scrutiny.clocks import setting_views, views

urlpatterns = [
    path("clock/", views.clock, name="clock"),
    path("p/<slug:slug>/deadlines/", views.deadlines, name="deadlines"),
    path("p/<slug:slug>/deadlines/feed/renew/", views.deadlines_feed_renew, name="deadlines_feed_renew"),
    path("p/<slug:slug>/clocks/", setting_views.clock_settings, name="clock_settings"),
    path("p/<slug:slug>/clocks/<slug:rule_id>/", setting_views.clock_setting_edit, name="clock_setting_edit"),
    path(
        "p/<slug:slug>/clocks/<slug:rule_id>/remove/", setting_views.clock_setting_remove, name="clock_setting_remove"
    ),
    # Public: calendar apps cannot sign in, so the secret token is the key (see views.calendar_feed).
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
