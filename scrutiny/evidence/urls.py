from django.urls import path

from scrutiny.evidence import views

urlpatterns = [
    path("p/<slug:slug>/evidence/", views.evidence_list, name="evidence_list"),
    path("p/<slug:slug>/evidence/add/", views.evidence_add, name="evidence_add"),
    path("p/<slug:slug>/evidence/<int:pk>/", views.evidence_detail, name="evidence_detail"),
    path("p/<slug:slug>/evidence/<int:pk>/edit/", views.evidence_edit, name="evidence_edit"),
    path("p/<slug:slug>/evidence/<int:pk>/versions/add/", views.evidence_new_version, name="evidence_new_version"),
    path("p/<slug:slug>/evidence/<int:pk>/supersede/", views.evidence_supersede, name="evidence_supersede"),
    path(
        "p/<slug:slug>/evidence/<int:pk>/versions/<int:number>/download/",
        views.evidence_download,
        name="evidence_download",
    ),
]
