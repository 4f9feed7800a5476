"""The one thing the clocks room stores: each person's secret calendar feed address."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A secret address at which a person's calendar app reads the open deadlines of one
    partnership. Calendar apps cannot sign in, so the token is the key: whoever has the address
    reads the feed, and the person can replace it (which stops the old one) at any time. The feed
    still answers only what the person's seat may see today, so a removed member's feed empties."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_feed_per_person_and_partnership")
        ]

    def __str__(self) -> str:
        return f"Deadlines feed of {self.user} for {self.partnership}"

    def renew(self) -> None:
        self.token = new_token()
        self.save(update_fields=["token"])
