"""Signing in: e-mail and password, a TOTP second factor where enrolled, recovery codes,
throttling, and compulsory two-factor sign-in where the deployment requires it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

from scrutiny.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "orchard lantern biscuit"


@pytest.fixture
def person(cast) -> User:
    user: User = cast.manager
    user.set_password(PASSWORD)
    user.is_demo = False
    user.save()
    return user


def _enrol_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return str(secret)


def _current_code(secret: str) -> str:
    import time

    return str(f"{hotp_value(secret, int(time.time()) // 30):06d}")


def _sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_person_signs_in_with_email_and_password(person):
    client = Client()
    response = _sign_in(client, person.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/p/riverbank/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message(person):
    client = Client()
    response = _sign_in(client, person.email, "not the password")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/p/riverbank/").status_code == 302


def test_a_person_with_an_authenticator_app_must_give_a_code(person):
    secret = _enrol_totp(person)
    client = Client()
    response = _sign_in(client, person.email, PASSWORD)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/p/riverbank/").status_code == 302  # not signed in yet
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert client.get("/p/riverbank/").status_code == 302
    assert client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)}).status_code == 302
    assert client.get("/p/riverbank/").status_code == 200


def test_a_recovery_code_works_once_in_place_of_the_app(person):
    _enrol_totp(person)
    codes = RecoveryCodes(Authenticator.objects.get(user=person, type=Authenticator.Type.RECOVERY_CODES))
    code = codes.get_unused_codes()[0]
    first = Client()
    _sign_in(first, person.email, PASSWORD)
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert first.get("/p/riverbank/").status_code == 200
    second = Client()
    _sign_in(second, person.email, PASSWORD)
    assert second.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert second.get("/p/riverbank/").status_code == 302


def test_repeated_failed_sign_ins_lock_the_account_for_a_while(person):
    cache.clear()
    client = Client()
    for _ in range(5):
        _sign_in(client, person.email, "wrong guess")
    response = _sign_in(client, person.email, PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert client.get("/p/riverbank/").status_code == 302
    cache.clear()


def test_where_two_factor_is_compulsory_a_person_without_it_is_sent_to_set_it_up(person, settings):
    settings.SCRUTINY_REQUIRE_MFA = True
    client = Client()
    _sign_in(client, person.email, PASSWORD)
    response = client.get("/p/riverbank/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    api = client.get("/api/v1/me")
    assert api.status_code in {401, 403}


def test_where_two_factor_is_compulsory_an_enrolled_person_gets_in(person, settings):
    settings.SCRUTINY_REQUIRE_MFA = True
    _enrol_totp(person)
    client = Client()
    client.force_login(person)
    assert client.get("/p/riverbank/").status_code == 200


def test_demo_users_are_exempt_from_compulsory_two_factor(cast, settings):
    settings.SCRUTINY_REQUIRE_MFA = True
    client = Client()
    client.force_login(cast.viewer)
    assert client.get("/p/riverbank/").status_code == 200


def test_signing_out_ends_the_session(person):
    client = Client()
    _sign_in(client, person.email, PASSWORD)
    client.post("/accounts/logout/")
    assert client.get("/p/riverbank/").status_code == 302
