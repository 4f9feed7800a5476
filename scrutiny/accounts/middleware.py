"""Compulsory second factor: where SCRUTINY_REQUIRE_MFA is on, a signed-in person without an
authenticator app can reach only the pages that set one up (demo users are exempt)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/invitations/", "/healthz")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.SCRUTINY_REQUIRE_MFA
            and user is not None
            and user.is_authenticated
            and not getattr(user, "is_demo", False)
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Set up an authenticator app before using Scrutiny."}, status=403)
            return redirect(reverse("mfa_activate_totp") + f"?next={request.path}")
        return self.get_response(request)
