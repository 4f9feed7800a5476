from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from scrutiny.mail.sending import send_email


class InvitationOnlyAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Sign-in mail (password reset and the like) goes through the task queue with retries, as
        every e-mail Scrutiny sends does; its body, which holds a secret link, is blanked once sent."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        send_email(
            partnership=None,
            to=[email],
            subject=" ".join(str(message.subject).split()),
            body=str(message.body),
            kind="account",
        )

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """There is no public sign-up: people join by invitation from a business manager."""
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Someone who signed in with their password in the last few minutes is not asked for it
        again to set up their authenticator app: compulsory two-factor sign-in sends people there
        straight after signing in. Later, changes to their factors still ask again."""
        request = self.request
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            records = get_authentication_records(request, user)
            if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))
