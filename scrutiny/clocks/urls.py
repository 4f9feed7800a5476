from django.urls import path

from scrutiny.clocks import views

urlpatterns = [path("clock/", views.clock, name="clock")]
