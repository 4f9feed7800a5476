"""`scrutiny serve` tells the web server, the task worker and the scheduler where links in e-mail
should go: a configured SITE_URL, else the address it serves."""

from __future__ import annotations

import pytest

from scrutiny.home.management.commands.serve import served_site_url


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
