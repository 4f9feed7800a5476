"""Fixtures for the browser tests: one headless Chromium, the demo data behind one live server, and
a signed-in browser context per role.

The demo is built once for the whole package, not once per test: every browser test only reads it
(empty form submissions and sign-ins change no record a page shows), so rebuilding it for each of
some two hundred page visits would only make the suite slow. The database is emptied when the
package ends, as pytest-django's transactional_db would, so no later test sees the demo.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Protocol

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright
from pytest_django import DjangoDbBlocker, Settings
from pytest_django.live_server_helper import LiveServer

from scrutiny.accounts.models import Invitation, User
from scrutiny.demo import build_demo
from scrutiny.demo.foundation import DEMO_PASSWORD
from scrutiny.partnerships.models import Agency, Area, Partnership
from scrutiny.partnerships.roles import Role
from scrutiny.tests.browser.support import CHROMIUM, CHROMIUM_ARGS, CHROMIUM_MISSING, DemoData, Person
from scrutiny.tests.url_objects import objects_in


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


def _demo_data() -> DemoData:
    """Build the demo partnerships, plus one open and one expired invitation with known links, and
    note the keys of one record of each kind that a page address needs."""
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
    # One record of each kind in Riverbank, as the URL walk finds them: evidence, actions and what
    # the scrutineer addresses to an agency belong to Oakfield Academies Trust, the agency
    # contributor's agency, so the contributor may open them.
    records = objects_in(riverbank, None)
    keys = {kind: record.pk for kind, record in records.items() if hasattr(record, "pk")}
    # The public pages of last year's published report are addressed by its year.
    keys["published_report_year"] = records["published_report"].year
    return DemoData(
        own_agency=Agency.objects.get(name="Riverbank Community Health Trust (demo)").pk,
        area=Area.objects.get(code="E09000004").pk,
        open_invitation=tokens["open"],
        expired_invitation=tokens["expired"],
        records=keys,
    )


@pytest.fixture(scope="package")
def server(
    browser: Browser, django_db_setup: None, django_db_blocker: DjangoDbBlocker, media_root: Path
) -> Iterator[tuple[LiveServer, DemoData]]:
    """One live server over the demo, for the whole package; the database is emptied afterwards.

    Not pytest-django's live_server fixture: any test that asks for it is given transactional_db,
    which empties the database after that test, and the demo would have to be rebuilt for each.
    Each test is marked django_db instead (BROWSER_TEST_MARKS): it runs in a transaction that is
    rolled back, on the in-memory test database whose one connection the live server shares.
    """
    # The harness only needs passwords to check, not to resist cracking: Django's default PBKDF2
    # would spend seconds on the demo users. The live server shares these settings.
    hashers = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], MEDIA_ROOT=media_root
    )
    with django_db_blocker.unblock():
        # The live server shares the test's one connection only to SQLite's in-memory database; on
        # another, the sessions each test makes would stay in its rolled-back transaction. Checked
        # before anything is written, so a database that is not the test's is never emptied.
        if not (connection.vendor == "sqlite" and connection.is_in_memory_db()):  # type: ignore[attr-defined]
            pytest.skip("The browser tests run on SQLite's in-memory test database only (as .ci/run runs them)")
        hashers.enable()
        try:
            demo = _demo_data()
            live = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
            live._live_server_modified_settings.enable()
            try:
                yield live, demo
            finally:
                live._live_server_modified_settings.disable()
                live.stop()
        finally:
            call_command("flush", verbosity=0, interactive=False)
            hashers.disable()


@pytest.fixture(scope="package")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Settings, media_root: Path) -> None:
    """The demo's evidence files, in one folder for the whole package (the live server reads them)."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture
def live_url(server: tuple[LiveServer, DemoData]) -> str:
    return server[0].url


@pytest.fixture
def demo(server: tuple[LiveServer, DemoData]) -> DemoData:
    return server[1]


def sign_in_through_form(page: Page, email: str) -> None:
    """Sign in as a person does: the real form at /accounts/login/."""
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture
def open_as(browser: Browser, live_url: str, demo: DemoData) -> Iterator[OpenAs]:
    """A fresh browser context for a person: signed out, or signed in.

    Signing in goes through the form only when asked (see test_journeys for the form itself): for
    every other page a new session made by Django's test client is planted as the session cookie,
    which saves a sign-in round trip per test and keeps the suite fast.
    """
    contexts: list[BrowserContext] = []

    def open_context(
        person: Person, *, through_sign_in_form: bool = False, viewport: ViewportSize | None = None
    ) -> BrowserContext:
        context = browser.new_context(base_url=live_url, viewport=viewport or {"width": 1280, "height": 800})
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
        context.add_cookies([{"name": name, "value": value, "url": live_url, "httpOnly": True}])
        return context

    yield open_context
    for context in contexts:
        context.close()
