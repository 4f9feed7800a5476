"""What the mail room offers others: e-mail that could not be sent, due to the business manager.
Called from ``MailConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.figures.registry import register_due_provider
from scrutiny.mail.due import failed_deliveries_due


def register() -> None:
    register_due_provider("mail", failed_deliveries_due)
