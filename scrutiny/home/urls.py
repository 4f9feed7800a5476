from django.urls import path

from scrutiny.home import views

urlpatterns = [
    path("", views.index, name="home"),
    path("p/<slug:slug>/", views.partnership_home, name="partnership_home"),
    path("healthz", views.healthz, name="healthz"),
]
