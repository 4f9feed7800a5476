"""Who is calling the API: a signed-in browser session, or a personal token.

A token carries exactly its owner's memberships: it passes through the same seat and permission
matrix as the owner's browser would.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from scrutiny.accounts.models import PersonalToken


def _second_factor_ok(user: Any) -> bool:
    return not settings.SCRUTINY_REQUIRE_MFA or user.is_demo or is_mfa_enabled(user)


class SessionUser(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and _second_factor_ok(user) else None


class PersonalTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = PersonalToken.authenticate(token)
        if found is None or not _second_factor_ok(found.user):
            return None
        # Recording use at most once a minute keeps a busy script from writing on every call.
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
            PersonalToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user
