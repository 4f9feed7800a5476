"""Every distinct page, once per role that sees it differently (a viewer's page where no richer role
sees it), checked by axe-core for WCAG 2.2 AA in real Chromium under the product's own Content
Security Policy, with GOV.UK Frontend started.

One visit per page and role: each visit is checked for everything at once, so the suite stays fast
as rooms are added."""

from __future__ import annotations

import pytest

from scrutiny.tests.browser.conftest import OpenAs
from scrutiny.tests.browser.support import (
    BROWSER_TEST_MARKS,
    PAGES,
    VIEWER,
    DemoData,
    PageSpec,
    Person,
    axe_violations,
    describe_violations,
    markup_problems,
    open_page,
)

pytestmark = BROWSER_TEST_MARKS

PAGE_AND_ROLE = [
    pytest.param(spec, person, id=f"{spec.kind}-as-{person.key}")
    for spec in PAGES
    for person in spec.people
    # A viewer sees a page another role sees, less its controls: checked where the viewer is its
    # first reader, and otherwise covered by the richer page (keeping CI under 20 minutes).
    if person is not VIEWER or person is spec.people[0]
]


@pytest.mark.parametrize(("spec", "person"), PAGE_AND_ROLE)
def test_each_page_passes_axe_and_starts_govuk_frontend_for_each_role(
    open_as: OpenAs, demo: DemoData, spec: PageSpec, person: Person
) -> None:
    context = open_as(person, through_sign_in_form=spec.through_sign_in_form)
    address = spec.address(demo)
    visit = open_page(context.new_page(), address)

    assert visit.status == spec.status, f"{address} answered {visit.status} to {person}, not {spec.status}"
    assert visit.landed_on == address, f"{address} sent {person} on to {visit.landed_on}"
    problems = visit.problems + describe_violations(axe_violations(visit.page)) + markup_problems(visit.page)
    if not visit.page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"):
        problems.append("the inline script that marks GOV.UK Frontend as supported did not run")
    uninitialised = visit.page.evaluate(
        """() => [...document.querySelectorAll('[data-module^="govuk-"]')]
            .filter((el) => !el.hasAttribute(`data-${el.dataset.module}-init`))
            .map((el) => el.outerHTML.slice(0, 120))"""
    )
    problems += [f"GOV.UK Frontend component not started by init.js: {html}" for html in uninitialised]
    assert not problems, f"{address} as {person}:\n" + "\n".join(problems)
