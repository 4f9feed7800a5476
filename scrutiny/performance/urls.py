"""The performance room's addresses."""

from django.urls import path

from scrutiny.performance import views

P = "p/<slug:slug>/performance/"

urlpatterns = [
    path(P, views.performance_home, name="performance_home"),
    path(P + "indicators/", views.indicator_list, name="indicator_list"),
    path(P + "indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path(P + "indicators/<str:code>/chart.svg", views.indicator_chart_svg, name="indicator_chart_svg"),
    path(P + "indicators/<str:code>/chart.png", views.indicator_chart_png, name="indicator_chart_png"),
    path(P + "imports/", views.import_list, name="import_list"),
    path(P + "imports/<int:pk>/", views.import_detail, name="import_detail"),
    path(P + "imports/upload/", views.import_upload, name="import_upload"),
    path(P + "uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
]
