from django.urls import path  # noqa: F401 - the room's pages are added here

urlpatterns: list[object] = []
