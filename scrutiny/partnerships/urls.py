from django.urls import path

from scrutiny.partnerships import views

urlpatterns = [
    path("switch/", views.switch_partnership, name="switch_partnership"),
    path("p/<slug:slug>/agencies/", views.agency_list, name="agency_list"),
    path("p/<slug:slug>/agencies/add/", views.agency_add, name="agency_add"),
    path("p/<slug:slug>/agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("p/<slug:slug>/agencies/<int:pk>/edit/", views.agency_edit, name="agency_edit"),
    path("p/<slug:slug>/agencies/<int:pk>/remove/", views.agency_remove, name="agency_remove"),
    path("p/<slug:slug>/areas/", views.area_list, name="area_list"),
    path("p/<slug:slug>/areas/add/", views.area_add, name="area_add"),
    path("p/<slug:slug>/areas/<int:pk>/", views.area_detail, name="area_detail"),
    path("p/<slug:slug>/areas/<int:pk>/remove/", views.area_remove, name="area_remove"),
    path("p/<slug:slug>/history/", views.partnership_history, name="partnership_history"),
]
