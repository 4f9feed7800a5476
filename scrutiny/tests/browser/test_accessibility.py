"""Every distinct page, once per role that sees it differently, checked by axe-core for WCAG 2.2 AA
in real Chromium under the product's own Content Security Policy."""

from __future__ import annotations

import pytest

from scrutiny.tests.browser.conftest import OpenAs
from scrutiny.tests.browser.support import (
    BROWSER_TEST_MARKS,
    PAGES,
    DemoData,
    PageSpec,
    Person,
    axe_violations,
    describe_violations,
    open_page,
)

pytestmark = BROWSER_TEST_MARKS

PAGE_AND_ROLE = [
    pytest.param(spec, person, id=f"{spec.kind}-as-{person.key}") for spec in PAGES for person in spec.people
]
PAGE_KIND = [pytest.param(spec, spec.people[0], id=spec.kind) for spec in PAGES]


@pytest.mark.parametrize(("spec", "person"), PAGE_AND_ROLE)
def test_each_page_has_no_wcag_22_aa_violations_for_each_role(
    open_as: OpenAs, demo: DemoData, spec: PageSpec, person: Person
) -> None:
    context = open_as(person, through_sign_in_form=spec.through_sign_in_form)
    address = spec.address(demo)
    visit = open_page(context.new_page(), address)

    assert visit.status == spec.status, f"{address} answered {visit.status} to {person}, not {spec.status}"
    assert visit.landed_on == address, f"{address} sent {person} on to {visit.landed_on}"
    problems = visit.problems + describe_violations(axe_violations(visit.page))
    assert not problems, f"{address} as {person}:\n" + "\n".join(problems)


@pytest.mark.parametrize(("spec", "person"), PAGE_KIND)
def test_each_page_kind_starts_govuk_frontend_under_the_content_security_policy(
    open_as: OpenAs, demo: DemoData, spec: PageSpec, person: Person
) -> None:
    context = open_as(person, through_sign_in_form=spec.through_sign_in_form)
    address = spec.address(demo)
    visit = open_page(context.new_page(), address)

    assert (visit.status, visit.landed_on) == (spec.status, address)
    assert not visit.problems, f"{address} as {person} logged:\n" + "\n".join(visit.problems)
    assert visit.page.evaluate("() => document.body.classList.contains('govuk-frontend-supported')"), (
        f"{address}: the inline script that marks GOV.UK Frontend as supported did not run"
    )
    uninitialised = visit.page.evaluate(
        """() => [...document.querySelectorAll('[data-module^="govuk-"]')]
            .filter((el) => !el.hasAttribute(`data-${el.dataset.module}-init`))
            .map((el) => el.outerHTML.slice(0, 120))"""
    )
    assert not uninitialised, f"{address}: GOV.UK Frontend components not started by init.js: {uninitialised}"
