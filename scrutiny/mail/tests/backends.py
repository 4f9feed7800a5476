"""An e-mail backend for tests: a mail server that refuses every message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

REFUSAL = "the mail server refused the connection (test)"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[Any]) -> int:
        raise ConnectionRefusedError(REFUSAL)
