"""Password reset mail goes through the task queue like every e-mail Scrutiny sends, and its link
opens the page to choose a new password."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from scrutiny.mail.models import Delivery, DeliveryStatus

pytestmark = pytest.mark.django_db


def test_a_password_reset_is_sent_through_the_queue_and_its_link_works(cast, mail_sent_now):
    with mail_sent_now():
        Client().post("/accounts/password/reset/", {"email": cast.manager.email})
    delivery = Delivery.objects.get(kind="account")
    assert delivery.status == DeliveryStatus.SENT
    assert delivery.body == ""  # the secret link is not kept once sent
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", str(mail.outbox[0].body))
    assert found is not None
    page = Client().get(found.group(1), follow=True)
    assert page.status_code == 200
    assert "password" in page.content.decode().lower()
