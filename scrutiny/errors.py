"""GOV.UK-styled error pages. API paths answer JSON with a reason instead.

They are what people get whenever DEBUG is off, which it is unless a developer asks for Django's
debug pages (`--debug` or DEBUG=1): no traceback, setting or list of addresses ever reaches them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "You do not have permission to do this."}, status=403)
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token: usually a page left open for hours, or a form from
    another site. Django's reason is for developers, so it is logged by Django, not shown."""
    if _is_api(request):
        return JsonResponse({"detail": "The form's security token was missing or out of date."}, status=403)
    return render(
        request,
        "errors/403.html",
        {
            "reason": "This form was open for too long, or did not come from Scrutiny. Go back, reload the page "
            "and try again."
        },
        status=403,
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side. It has been logged."}, status=500)
    # No context processors: the failure may be in the database they read.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
