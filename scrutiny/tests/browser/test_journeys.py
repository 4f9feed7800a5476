"""What people do with the pages: sign in, switch partnership, correct a form, use the keyboard and
a phone-sized screen, all in real Chromium under the product's Content Security Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect
from pytest_django.live_server_helper import LiveServer

from scrutiny.tests.browser.conftest import OpenAs, sign_in_through_form
from scrutiny.tests.browser.support import (
    BROWSER_TEST_MARKS,
    BUSINESS_MANAGER,
    IN_TWO_PARTNERSHIPS,
    POLICE_DSP,
    SIGNED_OUT,
    DemoData,
    Person,
    axe_violations,
    describe_violations,
    open_page,
)

pytestmark = BROWSER_TEST_MARKS


def test_the_live_server_serves_the_stylesheet_and_the_scripts(
    browser: Browser, live_server: LiveServer, demo: DemoData
) -> None:
    context = browser.new_context(base_url=live_server.url)
    try:
        visit = open_page(context.new_page(), "/accounts/login/")
        assert visit.status == 200
        assert not visit.problems, "The sign-in page's own assets failed:\n" + "\n".join(visit.problems)
    finally:
        context.close()


def test_the_business_manager_signs_in_through_the_form_and_lands_on_their_partnership(open_as: OpenAs) -> None:
    page = open_as(SIGNED_OUT).new_page()
    assert BUSINESS_MANAGER.email is not None

    sign_in_through_form(page, BUSINESS_MANAGER.email)

    expect(page).to_have_url(re.compile(r"/p/riverbank/$"))
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("person", IN_TWO_PARTNERSHIPS, ids=lambda person: person.key)
def test_the_index_lists_both_partnerships_for_someone_in_two(open_as: OpenAs, person: Person) -> None:
    visit = open_page(open_as(person).new_page(), "/")

    assert (visit.status, visit.landed_on) == (200, "/")
    main = visit.page.locator("main")
    expect(main.get_by_role("link", name="Riverbank Safeguarding Children Partnership (demo)")).to_have_attribute(
        "href", "/p/riverbank/"
    )
    expect(main.get_by_role("link", name="Hillcrest Children's Safeguarding Partnership (demo)")).to_have_attribute(
        "href", "/p/hillcrest/"
    )


def test_the_partnership_switcher_takes_the_police_dsp_from_riverbank_to_hillcrest(open_as: OpenAs) -> None:
    visit = open_page(open_as(POLICE_DSP).new_page(), "/p/riverbank/")
    page = visit.page

    page.get_by_label("Partnership", exact=True).select_option("hillcrest")
    page.get_by_role("button", name="Switch").click()

    expect(page).to_have_url(re.compile(r"/p/hillcrest/$"))
    expect(page.get_by_label("Partnership", exact=True)).to_have_value("hillcrest")
    assert not visit.problems, "\n".join(visit.problems)


def test_an_empty_invite_form_shows_a_focused_error_summary_that_links_to_each_field(open_as: OpenAs) -> None:
    visit = open_page(open_as(BUSINESS_MANAGER).new_page(), "/p/riverbank/people/invite/")
    page = visit.page

    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_load_state()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.locator(".govuk-error-summary__list a")
    assert links.count() > 0, "The error summary has no links to the fields in error"
    broken = page.evaluate(
        """() => [...document.querySelectorAll('.govuk-error-summary__list a')]
            .map((a) => a.getAttribute('href'))
            .filter((href) => !href.startsWith('#') || !document.getElementById(href.slice(1)))"""
    )
    problems = [f"error summary link {href} points at no element on the page" for href in broken]
    if not page.title().startswith("Error: "):
        problems.append(f"the page title {page.title()!r} does not start with 'Error: '")
    problems += visit.problems + describe_violations(axe_violations(page))
    assert not problems, "/p/riverbank/people/invite/ after an empty submission:\n" + "\n".join(problems)


def test_the_first_tab_on_the_partnership_home_focuses_the_skip_link(open_as: OpenAs) -> None:
    page = open_page(open_as(BUSINESS_MANAGER).new_page(), "/p/riverbank/").page

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_service_navigation_menu_opens_at_phone_width_for_the_police_dsp(open_as: OpenAs) -> None:
    context = open_as(POLICE_DSP, viewport={"width": 390, "height": 844})
    visit = open_page(context.new_page(), "/p/riverbank/")
    page = visit.page
    menu = page.get_by_role("button", name="Menu")
    navigation = page.locator("#navigation")

    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(navigation).to_be_hidden()
    menu.click()

    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Agencies")).to_be_visible()
    problems = visit.problems + describe_violations(axe_violations(page))
    assert not problems, "/p/riverbank/ at 390x844 with the menu open:\n" + "\n".join(problems)
