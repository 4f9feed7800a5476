"""`scrutiny serve` tells the web server, the task worker and the scheduler where links in e-mail
should go: a configured SITE_URL, else the address it serves; and loads the app once, before
gunicorn forks its workers, with no database connection for them to share."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from scrutiny.home.management.commands.serve import gunicorn_command, served_site_url


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8000, "http://127.0.0.1:8000"),
        ("127.0.0.1", 9123, "http://127.0.0.1:9123"),
        ("localhost", 8080, "http://localhost:8080"),
        ("0.0.0.0", 8001, "http://127.0.0.1:8001"),  # noqa: S104 - listening everywhere; linked to locally
        ("::", 8002, "http://[::1]:8002"),
        ("::1", 8003, "http://[::1]:8003"),
        ("scrutiny.internal", 80, "http://scrutiny.internal:80"),
    ],
)
def test_with_no_site_url_configured_links_go_to_the_address_served(host, port, expected):
    assert served_site_url(host=host, port=port, configured="") == expected


def test_a_configured_site_url_always_wins():
    configured = "https://scrutiny.example.org/"
    assert served_site_url(host="127.0.0.1", port=9123, configured=configured) == "https://scrutiny.example.org"
    assert served_site_url(host="0.0.0.0", port=80, configured="  https://proxy.example.org ") == (  # noqa: S104
        "https://proxy.example.org"
    )


def test_gunicorn_loads_the_app_once_in_the_master_before_forking_the_workers():
    command = gunicorn_command(host="127.0.0.1", port=8000, workers=3)
    assert "--preload" in command
    assert command[command.index("--bind") + 1] == "127.0.0.1:8000"
    assert command[command.index("--workers") + 1] == "3"


def test_loading_the_app_imports_every_room_and_leaves_no_database_connection_to_share(tmp_path):
    # In a process of its own, as gunicorn's master loads it: the test's own connections stay out.
    probe = (
        "import sys, scrutiny.wsgi; from django.db import connections; "
        "print(sorted(c.alias for c in connections.all() if c.connection is not None), "
        "'scrutiny.voice.views' in sys.modules, 'scrutiny.mail.views' in sys.modules)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "scrutiny.settings", "SCRUTINY_VAR_DIR": str(tmp_path)}
    loaded = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[] True True"
