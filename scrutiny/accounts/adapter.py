from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class InvitationOnlyAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """There is no public sign-up: people join by invitation from a business manager."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
