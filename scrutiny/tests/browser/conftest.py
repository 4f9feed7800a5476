"""Fixtures for the browser tests: one headless Chromium, the demo data behind a live server, and a
signed-in browser context per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Protocol

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from scrutiny.accounts.models import Invitation, User
from scrutiny.demo import build_demo
from scrutiny.demo.foundation import DEMO_PASSWORD
from scrutiny.partnerships.models import Agency, Area, Partnership
from scrutiny.partnerships.roles import Role
from scrutiny.tests.browser.support import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, DemoData, Person


class OpenAs(Protocol):
    """The open_as fixture: a new browser context for a person, signed in unless signed out."""

    def __call__(
        self, person: Person, *, through_sign_in_form: bool = False, viewport: ViewportSize | None = None
    ) -> BrowserContext: ...


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for every browser test.

    Package scope, not session scope: every browser test lives in this package, so this is still
    one browser per run, and Playwright's event loop (below) stops before any other test runs.
    """
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(CHROMIUM_MISSING)
        pytest.skip(CHROMIUM_MISSING)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an asyncio loop running on this thread, so Django would take
        # every ORM call in these tests (fixtures, flushes) for one made from async code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture
def demo(browser: Browser, live_server: LiveServer, settings: Settings) -> DemoData:
    """The demo partnerships (rebuilt for every test: live_server's transactional_db empties the
    database after each), plus one open and one expired invitation with known links."""
    # The harness only needs passwords to check, not to resist cracking: Django's default PBKDF2
    # would spend seconds on the demo users of every test. The live server shares these settings.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    build_demo()
    riverbank = Partnership.objects.get(slug="riverbank")
    tokens: dict[str, str] = {}
    for name, expires in [("open", timedelta(days=7)), ("expired", timedelta(days=-1))]:
        _invitation, raw = Invitation.issue(
            partnership=riverbank,
            email=f"{name}.invitee@example.org",
            full_name=f"{name.title()} Invitee",
            role=Role.VIEWER,
            expires_at=timezone.now() + expires,
        )
        tokens[name] = raw
    return DemoData(
        own_agency=Agency.objects.get(name="Riverbank Community Health Trust (demo)").pk,
        area=Area.objects.get(code="E09000004").pk,
        open_invitation=tokens["open"],
        expired_invitation=tokens["expired"],
    )


def sign_in_through_form(page: Page, email: str) -> None:
    """Sign in as a person does: the real form at /accounts/login/."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def open_as(browser: Browser, live_server: LiveServer, demo: DemoData) -> Iterator[OpenAs]:
    """A fresh browser context for a person: signed out, or signed in.

    Signing in goes through the form only when asked (see test_journeys for the form itself): for
    every other page a session made by Django's test client is planted as the session cookie,
    which saves a sign-in round trip per test and keeps the suite fast.
    """
    contexts: list[BrowserContext] = []

    def open_context(
        person: Person, *, through_sign_in_form: bool = False, viewport: ViewportSize | None = None
    ) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, viewport=viewport or {"width": 1280, "height": 800})
        context.set_default_timeout(10_000)
        contexts.append(context)
        if person.email is None:
            return context
        if through_sign_in_form:
            page = context.new_page()
            sign_in_through_form(page, person.email)
            page.close()
            return context
        client = Client()
        client.force_login(User.objects.get(email=person.email))
        name = django_settings.SESSION_COOKIE_NAME
        value = client.cookies[name].value
        context.add_cookies([{"name": name, "value": value, "url": live_server.url, "httpOnly": True}])
        return context

    yield open_context
    for context in contexts:
        context.close()
