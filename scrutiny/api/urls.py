"""The API object: authentication, error answers (always JSON with a reason, never a 500 for bad
input) and the OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from importlib import import_module
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as Refused
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from scrutiny.api.auth import PersonalTokenAuth, SessionUser
from scrutiny.clocks.catalogue import UnknownClock
from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.partnerships.access import Access
from scrutiny.web.api import refusal

_session = SessionUser()
_token = PersonalTokenAuth()


def signed_in_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The OpenAPI document is for anyone signed in, by session or token."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        user = _session(request) or (_token(request) if header else None)
        if not user:
            return JsonResponse(
                {"detail": "Sign in, or send a personal token as 'Authorization: Bearer …'."}, status=401
            )
        return view(request, *args, **kwargs)

    wrapped.access = Access("signed_in")  # type: ignore[attr-defined]
    return wrapped


#: Where a room's endpoints lived before the room owned its API, where that was not
#: ``scrutiny.api.<room>[.<module>]``: their operation ids are kept.
_FORMER_MODULES = {
    "scrutiny.partnerships.api": "scrutiny.api.endpoints",
    "scrutiny.clocks.api": "scrutiny.api.endpoints",
    "scrutiny.performance.api.indicators": "scrutiny.api.performance",
    "scrutiny.performance.api.imports": "scrutiny.api.performance",
    "scrutiny.performance.api.measures": "scrutiny.api.performance",
    "scrutiny.performance.api.agency_returns": "scrutiny.api.performance",
    "scrutiny.performance.api.quality": "scrutiny.api.performance_quality",
}


class ScrutinyAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Any) -> str:
        """Each endpoint keeps the operation id it had when every room's endpoints lived in
        ``scrutiny/api/`` (``scrutiny_api_voice_feedback_list``), so clients generated from the
        document keep working now that ``scrutiny.voice.api`` holds them."""
        module = operation.view_func.__module__
        parts = _FORMER_MODULES.get(module, module).split(".")
        if len(parts) >= 3 and parts[0] == "scrutiny" and parts[2] == "api":
            parts = ["scrutiny", "api", parts[1], *parts[3:]]
        return "_".join([*parts, operation.view_func.__name__])


api = ScrutinyAPI(
    title="Scrutiny API",
    version="1",
    description="Independent scrutiny of safeguarding children partnerships. Every path under "
    "/partnerships/{slug}/ answers only to people who hold a role in that partnership; another partnership's "
    "data answers 404. Authenticate with a browser session or a personal token (Authorization: Bearer).",
    auth=[_session, _token],
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
    docs_decorator=signed_in_only,
)
# Each room's endpoints: the room's own API module (its ``router``), one line per room.
ROOM_APIS = (
    "scrutiny.partnerships.api",
    "scrutiny.clocks.api",
    "scrutiny.frameworks.api",
    "scrutiny.evidence.api",
    "scrutiny.actions.api",
    "scrutiny.assurance.api",
    "scrutiny.reviews.api",
    "scrutiny.performance.api",
    "scrutiny.governance.api",
    "scrutiny.audits.api",
    "scrutiny.engagement.api",
    "scrutiny.voice.api",
    "scrutiny.reports.api",
)
for _module in ROOM_APIS:
    api.add_router("/", import_module(_module).router)


def _error(detail: str, status: int) -> HttpResponse:
    return JsonResponse({"detail": detail}, status=status)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error("Not found.", 404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(str(exc) or "You do not have permission to do this.", 403)


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error("Sign in, or send a personal token as 'Authorization: Bearer …'.", 401)


@api.exception_handler(UnknownClock)
def unknown_clock(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(str(exc), 404)


@api.exception_handler(OutsideHolidayData)
def outside_holidays(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(str(exc), 400)


@api.exception_handler(Refused)
def refused(request: HttpRequest, exc: Refused) -> HttpResponse:
    """A service's refusal (Django's ``ValidationError``): 400, with each field's messages."""
    return refusal(exc)


@api.exception_handler(ValueError)
def bad_value(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(str(exc), 400)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", []))
        problems.append(f"{where}: {error.get('msg', 'invalid')}")
    return JsonResponse({"detail": "; ".join(problems) or "Invalid request.", "errors": exc.errors}, status=422)


def operation_access() -> dict[str, Access]:
    """Each API URL name and the access its endpoint declares, for the URL walk test."""
    found: dict[str, Access] = {}
    for _prefix, api_router in api._routers:
        for path_view in api_router.path_operations.values():
            for operation in path_view.operations:
                found[operation.url_name or ""] = operation.view_func.access  # type: ignore[attr-defined]
    return found
