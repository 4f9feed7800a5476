"""The performance room's addresses."""

from django.urls import path

from scrutiny.performance import views, views_returns

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
    # Locally defined measures and the agencies' returns of them
    path(P + "measures/", views_returns.measure_list, name="measure_list"),
    path(P + "measures/add/", views_returns.measure_add, name="measure_add"),
    path(P + "measures/<int:pk>/", views_returns.measure_detail, name="measure_detail"),
    path(P + "measures/<int:pk>/edit/", views_returns.measure_edit, name="measure_edit"),
    path(P + "measures/<int:pk>/chart.svg", views_returns.measure_chart_svg, name="measure_chart_svg"),
    path(P + "rounds/", views_returns.round_list, name="round_list"),
    path(P + "rounds/add/", views_returns.round_add, name="round_add"),
    path(P + "rounds/<int:pk>/", views_returns.round_detail, name="round_detail"),
    path(P + "returns/", views_returns.agency_returns, name="agency_returns"),
    path(P + "returns/<int:pk>/", views_returns.submission_detail, name="submission_detail"),
    path(P + "returns/<int:pk>/template.csv", views_returns.submission_template_csv, name="submission_template_csv"),
    path(P + "returns/<int:pk>/template.xlsx", views_returns.submission_template_xlsx, name="submission_template_xlsx"),
]
