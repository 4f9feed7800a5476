"""What the browser tests share: who visits, which pages, and how a visit is watched and checked."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from playwright.sync_api import ConsoleMessage, Page, Request, Response

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = "Chromium not found at /usr/bin/chromium: apt-get install chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: axe-core as bundled by axe-playwright-python. It is injected with ``page.evaluate``, which goes
#: through the DevTools protocol and is not governed by the page's Content Security Policy, so the
#: pages are checked exactly as a person sees them: no ``bypass_csp`` anywhere in this suite.
AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
#: Every browser test is marked. WhiteNoise warns that STATIC_ROOT has not been collected: in tests
#: the live server serves static files through the staticfiles finders instead.
BROWSER_TEST_MARKS = [pytest.mark.browser, pytest.mark.filterwarnings("ignore:No directory at:UserWarning")]
#: How many failing elements of one rule a failure message shows.
NODES_SHOWN = 5


@dataclass(frozen=True)
class Person:
    """Someone who opens pages: a demo user of the Riverbank partnership, or nobody signed in."""

    key: str
    label: str
    email: str | None

    def __str__(self) -> str:
        return self.label


BUSINESS_MANAGER = Person("business-manager", "the business manager", "manager.riverbank@demo.example.org")
SCRUTINEER = Person("scrutineer", "the scrutineer", "scrutineer@demo.example.org")
VIEWER = Person("viewer", "the viewer", "viewer.riverbank@demo.example.org")
CONTRIBUTOR = Person("agency-contributor", "the agency contributor", "contributor.riverbank@demo.example.org")
POLICE_DSP = Person("police-dsp", "the police delegated safeguarding partner", "police.dsp@demo.example.org")
SIGNED_OUT = Person("signed-out", "someone signed out", None)

EVERY_ROLE = (BUSINESS_MANAGER, SCRUTINEER, VIEWER, CONTRIBUTOR, POLICE_DSP)
#: Agency contributors see only their agency's slice: no people and no history (403 for them).
PARTNERSHIP_WIDE = (BUSINESS_MANAGER, SCRUTINEER, VIEWER, POLICE_DSP)
#: The people who hold roles in both demo partnerships, so see the switcher and a list at "/".
IN_TWO_PARTNERSHIPS = (SCRUTINEER, POLICE_DSP)


@dataclass(frozen=True)
class DemoData:
    """The records of the demo whose keys a page address needs (they change with every test)."""

    own_agency: int  # an agency linked only to Riverbank, so its business manager may change it
    area: int
    open_invitation: str  # raw tokens
    expired_invitation: str


@dataclass(frozen=True)
class PageSpec:
    """One distinct page (URL pattern, or error page) and the people who see it differently."""

    kind: str
    path: str  # a str.format template over DemoData's fields
    people: tuple[Person, ...]
    status: int = 200
    #: allauth asks for a recent password before changing a second factor; a session made with
    #: force_login has none, so these pages are opened after signing in through the real form.
    through_sign_in_form: bool = False

    def address(self, demo: DemoData) -> str:
        return self.path.format(**vars(demo))


PAGES = [
    # The Riverbank partnership's rooms.
    PageSpec("partnership-home", "/p/riverbank/", EVERY_ROLE),
    PageSpec("people", "/p/riverbank/people/", PARTNERSHIP_WIDE),
    PageSpec("invite", "/p/riverbank/people/invite/", (BUSINESS_MANAGER,)),
    PageSpec("agency-list", "/p/riverbank/agencies/", EVERY_ROLE),
    PageSpec("agency-add", "/p/riverbank/agencies/add/", (BUSINESS_MANAGER,)),
    PageSpec("agency-detail", "/p/riverbank/agencies/{own_agency}/", EVERY_ROLE),
    PageSpec("agency-edit", "/p/riverbank/agencies/{own_agency}/edit/", (BUSINESS_MANAGER,)),
    PageSpec("area-list", "/p/riverbank/areas/", EVERY_ROLE),
    PageSpec("area-add", "/p/riverbank/areas/add/", (BUSINESS_MANAGER,)),
    PageSpec("area-detail", "/p/riverbank/areas/{area}/", EVERY_ROLE),
    PageSpec("history", "/p/riverbank/history/", PARTNERSHIP_WIDE),
    # Pages outside any one partnership.
    PageSpec("index", "/", IN_TWO_PARTNERSHIPS),
    PageSpec("clock", "/clock/", (BUSINESS_MANAGER, POLICE_DSP)),
    PageSpec("clock-with-result", "/clock/?due-rule=rapid-review&due-start=2025-12-15", (BUSINESS_MANAGER,)),
    PageSpec("account", "/account/", (BUSINESS_MANAGER, SCRUTINEER)),
    PageSpec("mfa-index", "/accounts/2fa/", (BUSINESS_MANAGER,), through_sign_in_form=True),
    PageSpec("mfa-totp-activate", "/accounts/2fa/totp/activate/", (BUSINESS_MANAGER,), through_sign_in_form=True),
    # Error pages.
    PageSpec("not-found", "/p/no-such-partnership/", (BUSINESS_MANAGER,), status=404),
    PageSpec("forbidden", "/p/riverbank/people/invite/", (VIEWER,), status=403),
    # Pages for people not signed in.
    PageSpec("sign-in", "/accounts/login/", (SIGNED_OUT,)),
    PageSpec("password-reset", "/accounts/password/reset/", (SIGNED_OUT,)),
    PageSpec("invitation-accept", "/invitations/{open_invitation}/", (SIGNED_OUT,)),
    PageSpec("invitation-expired", "/invitations/{expired_invitation}/", (SIGNED_OUT,), status=410),
]


@dataclass
class Watcher:
    """What a page reports that nobody sees on screen: console errors (Chromium reports every
    Content Security Policy violation there), uncaught JavaScript errors and failed sub-requests."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _console(self, message: ConsoleMessage) -> None:
        # The document's own 4xx status is the point of an error page; Chromium logs it anyway.
        if message.type == "error" and not (
            message.text.startswith("Failed to load resource") and message.location.get("url") == self.page.url
        ):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request_failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.method} {request.url} ({request.failure})")

    def _response(self, response: Response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"sub-request answered {response.status}: {response.url}")


@dataclass
class Visit:
    page: Page
    status: int
    watcher: Watcher

    @property
    def problems(self) -> list[str]:
        return self.watcher.problems

    @property
    def landed_on(self) -> str:
        """The address shown now, without scheme and host, to catch redirects."""
        url = urlsplit(self.page.url)
        return url.path + (f"?{url.query}" if url.query else "")


def open_page(page: Page, address: str) -> Visit:
    watcher = Watcher(page)
    response = page.goto(address)
    assert response is not None, f"No response for {address}"
    return Visit(page=page, status=response.status, watcher=watcher)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", AXE_OPTIONS)
    return list(results["violations"])


def _short(text: str, width: int = 180) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    """One line per rule, then its failing elements: enough for a developer to find and fix them."""
    lines: list[str] = []
    for violation in violations:
        nodes = violation["nodes"]
        lines.append(
            f"axe {violation['id']} ({violation['impact']}, {len(nodes)} element(s)): {violation['help']}"
            f" - {violation['helpUrl']}"
        )
        for node in nodes[:NODES_SHOWN]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    {target}: {_short(node['html'])}")
            summary = [line.strip() for line in node.get("failureSummary", "").splitlines()[1:] if line.strip()]
            if summary:
                lines.append(f"        {_short(summary[0], 220)}")
        if len(nodes) > NODES_SHOWN:
            lines.append(f"    … and {len(nodes) - NODES_SHOWN} more")
    return lines
