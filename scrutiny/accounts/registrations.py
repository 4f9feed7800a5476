"""What the accounts room offers others: invitations awaiting an answer, due on the home page.
Called from ``AccountsConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.accounts.due import invitation_due_items
from scrutiny.figures.registry import register_due_provider


def register() -> None:
    register_due_provider("invitations", invitation_due_items)
