from django.urls import path

from scrutiny.frameworks import views

urlpatterns = [
    path("p/<slug:slug>/frameworks/", views.framework_list, name="framework_list"),
    path("p/<slug:slug>/frameworks/<int:pk>/", views.framework_detail, name="framework_detail"),
    path("p/<slug:slug>/frameworks/requirements/add/", views.local_requirement_add, name="local_requirement_add"),
    path("p/<slug:slug>/frameworks/requirements/<int:pk>/", views.requirement_detail, name="requirement_detail"),
    path(
        "p/<slug:slug>/frameworks/requirements/<int:pk>/edit/",
        views.local_requirement_edit,
        name="local_requirement_edit",
    ),
    path("p/<slug:slug>/frameworks/priorities/add/", views.priority_add, name="priority_add"),
    path("p/<slug:slug>/frameworks/priorities/<int:pk>/edit/", views.priority_edit, name="priority_edit"),
]
