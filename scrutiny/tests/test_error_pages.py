"""What people see when something goes wrong: the GOV.UK-styled 403, 404 and 500 pages, never
Django's debug pages with their traceback, settings and list of addresses. Debug pages appear only
when a developer asks (`--debug` or DEBUG=1)."""

from __future__ import annotations

import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from scrutiny.tests.urls_with_a_failing_page import SECRET_IN_THE_ERROR

#: What Django's debug pages show and the styled pages never do.
DEBUG_PAGE_MARKS = ("Traceback", "Using the URLconf", "DEBUG = True", "urlpatterns", "SECRET_KEY", "scrutiny.urls")


def _safe(page: str) -> None:
    for mark in DEBUG_PAGE_MARKS:
        assert mark not in page, f"{mark!r} shown to the user"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str, cookie: str = "") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - our own server
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _wait_for(check: object, seconds: float, what: object) -> None:
    """Poll ``check`` until it is true; ``what`` (a callable, read only on failure) says what for."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():  # type: ignore[operator]
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"Timed out waiting for {what() if callable(what) else what}")


def _environment() -> dict[str, str]:
    """This process's environment without what would point a subprocess elsewhere or switch debug
    pages on: SQLite under the test's own folder, no SITE_URL configured."""
    unwanted = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SITE_URL", "TASKS_BACKEND"}
    return {k: v for k, v in os.environ.items() if k not in unwanted}


class Server:
    """`scrutiny serve` in a subprocess, on a SQLite database of its own, as a person runs it."""

    def __init__(self, var_dir: Path, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = var_dir / f"serve-{self.port}.log"
        env = {**_environment(), "SCRUTINY_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-m", "scrutiny.cli", "serve", "--port", str(self.port), "--workers", "1", *args],
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
            )
        # Migrating a new database and the first page (which imports every room) take minutes on a
        # busy machine; the server answers well within that on one that is not.
        _wait_for(lambda: _get(self.url + "/healthz")[0] == 200, 600, lambda: f"the server; log:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def test_scrutiny_serve_shows_the_styled_pages_and_never_the_debug_pages_unless_asked(tmp_path):
    server = Server(tmp_path)
    try:
        status, page = _get(server.url + "/no-such-page/")
        assert status == 404
        assert "Page not found" in page
        _safe(page)
        # Static files were collected with hashed names, and are served.
        stylesheet = re.search(r'href="(/static/govuk/scrutiny\.[0-9a-f]{12}\.css)"', page)
        assert stylesheet, page
        assert _get(server.url + stylesheet.group(1))[0] == 200

        # The task worker was given the address served, and puts it in e-mailed links, though the
        # process that queued the e-mail had no SITE_URL of its own.
        queue = subprocess.run(
            [
                sys.executable,
                "-m",
                "scrutiny.cli",
                "manage",
                "shell",
                "-c",
                "from scrutiny.mail.sending import send_email; send_email(partnership=None, to=['a@example.org'], "
                "subject='Link check', body='Open {link} now', kind='check', link='/account/')",
            ],
            env={**_environment(), "SCRUTINY_VAR_DIR": str(tmp_path)},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert queue.returncode == 0, queue.stderr
        _wait_for(lambda: f"Open {server.url}/account/ now" in server.output(), 60, "the worker to send the e-mail")

        # A page that fails: the database loses its sessions table under the running server.
        with sqlite3.connect(tmp_path / "scrutiny.sqlite3") as db:
            db.execute("DROP TABLE django_session")
        status, page = _get(server.url + "/", cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345")
        assert status == 500
        assert "Sorry, there is a problem with the service" in page
        _safe(page)
        assert "django_session" not in page
        # What went wrong is in the server's log, for the people who run it.
        _wait_for(lambda: "no such table: django_session" in server.output(), 10, "the error in the log")
    finally:
        server.stop()

    # A developer who asks for them gets Django's debug pages (on the database already made).
    debugging = Server(tmp_path, "--debug", "--no-migrate")
    try:
        status, page = _get(debugging.url + "/no-such-page/")
        assert status == 404
        assert "Using the URLconf" in page
        assert "Debug pages are on" in debugging.output()
    finally:
        debugging.stop()


@pytest.mark.django_db
def test_a_missing_page_is_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    _safe(response.content.decode())


def test_a_page_that_fails_is_the_styled_500(settings, db):
    settings.ROOT_URLCONF = "scrutiny.tests.urls_with_a_failing_page"
    response = Client(raise_request_exception=False).get("/fails/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert SECRET_IN_THE_ERROR not in page
    _safe(page)


def test_a_role_that_may_not_is_the_styled_403(cast, client_for):
    response = client_for(cast.viewer).get("/p/riverbank/people/invite/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this" in page
    _safe(page)


def test_a_form_sent_without_its_security_token_is_the_styled_403(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.manager)
    response = client.post("/p/riverbank/people/invite/", {"full_name": "X", "email": "x@example.org"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form was open for too long" in page
    assert "CSRF" not in page
    _safe(page)


def test_debug_is_off_unless_asked_for(tmp_path):
    env = {**_environment(), "SCRUTINY_VAR_DIR": str(tmp_path)}
    show = "from django.conf import settings; print(settings.DEBUG)"

    def debug(extra: dict[str, str]) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "scrutiny.cli", "manage", "shell", "-c", show],
            env={**env, **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert debug({}) == "False"
    assert debug({"DEBUG": "1"}) == "True"
