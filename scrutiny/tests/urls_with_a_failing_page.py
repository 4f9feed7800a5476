"""Scrutiny's addresses and one page that fails, for the tests of what people see when a page fails."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from scrutiny.urls import handler403, handler404, handler500, urlpatterns

SECRET_IN_THE_ERROR = "the-failure-says-this-and-people-must-never-see-it"


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_IN_THE_ERROR)


urlpatterns = [path("fails/", fails), *urlpatterns]
__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]
