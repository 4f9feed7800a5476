"""Fixtures every room's tests share: the demo partnerships and their cast of named users."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client, override_settings

from scrutiny.accounts.models import User
from scrutiny.demo.foundation import build_foundation_demo
from scrutiny.partnerships.models import Partnership


@dataclass
class Cast:
    """The demo's people, by the part they play in the Riverbank partnership (and Hillcrest)."""

    riverbank: Partnership
    hillcrest: Partnership
    manager: User  # business manager of Riverbank only
    scrutineer: User  # scrutineer of both
    police_dsp: User  # police DSP in both
    lead_partner: User
    health_dsp: User
    chair: User
    contributor: User  # agency contributor for Oakfield Academies Trust
    viewer: User
    outsider: User  # Hillcrest's business manager: no role in Riverbank

    def by_role(self) -> dict[str, User]:
        return {
            "business_manager": self.manager,
            "scrutineer": self.scrutineer,
            "delegated_partner": self.police_dsp,
            "lead_partner": self.lead_partner,
            "chair": self.chair,
            "agency_contributor": self.contributor,
            "viewer": self.viewer,
        }


@pytest.fixture(autouse=True, scope="session")
def small_demo_returns() -> None:
    """The demo's synthetic CIN census files at 3% of the real LAs' volume: every page and
    figure still has data, and building the demo stays quick for the many tests that do."""
    from django.conf import settings

    settings.SCRUTINY_DEMO_RETURN_PERCENT = 3


@pytest.fixture(autouse=True, scope="session")
def plain_static_files() -> Iterator[None]:
    """Static files straight from their folders: the hashed names of the settings need
    `collectstatic`, which `scrutiny serve` runs and its own test checks (test_error_pages.py)."""
    plain = override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    )
    plain.enable()
    yield
    plain.disable()


@pytest.fixture
def mail_sent_now(settings: Any, django_capture_on_commit_callbacks: Any) -> Callable[[], AbstractContextManager[Any]]:
    """E-mail goes out through the task worker once the work that sends it commits. In a test,
    ``with mail_sent_now(): ...`` sends it at the end of the block, as the worker would, into
    Django's outbox."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """The demo makes many users; a slow hasher is a production safeguard, not what tests check."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings: Any, tmp_path: Any) -> None:
    """Evidence files (the demo makes some) go to a folder of the test's own, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(db: None) -> Cast:
    """The demo's partnerships and people only; each room's tests make the records they need (the
    whole demo, with every room's records, is `scrutiny.demo.build_demo`)."""
    build_foundation_demo()

    def user(email: str) -> User:
        return User.objects.get(email=email)

    return Cast(
        riverbank=Partnership.objects.get(slug="riverbank"),
        hillcrest=Partnership.objects.get(slug="hillcrest"),
        manager=user("manager.riverbank@demo.example.org"),
        scrutineer=user("scrutineer@demo.example.org"),
        police_dsp=user("police.dsp@demo.example.org"),
        lead_partner=user("lsp.council.riverbank@demo.example.org"),
        health_dsp=user("dsp.health.riverbank@demo.example.org"),
        chair=user("chair.riverbank@demo.example.org"),
        contributor=user("contributor.riverbank@demo.example.org"),
        viewer=user("viewer.riverbank@demo.example.org"),
        outsider=user("manager.hillcrest@demo.example.org"),
    )


@pytest.fixture
def client_for(db: None) -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
