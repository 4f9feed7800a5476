"""What people do with the pages: sign in, switch partnership, correct a form, use the keyboard and
a phone-sized screen, all in real Chromium under the product's Content Security Policy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, expect

from scrutiny.tests.browser.conftest import OpenAs, sign_in_through_form
from scrutiny.tests.browser.support import (
    BROWSER_TEST_MARKS,
    BUSINESS_MANAGER,
    CONTRIBUTOR,
    IN_TWO_PARTNERSHIPS,
    POLICE_DSP,
    SCRUTINEER,
    SIGNED_OUT,
    Person,
    axe_violations,
    describe_violations,
    markup_problems,
    open_page,
)

pytestmark = BROWSER_TEST_MARKS


def test_the_live_server_serves_the_stylesheet_and_the_scripts(browser: Browser, live_url: str) -> None:
    context = browser.new_context(base_url=live_url)
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


#: One add form of each room (and the invitation form), submitted empty by someone who may use it.
EMPTY_FORMS = [
    pytest.param("/p/riverbank/people/invite/", BUSINESS_MANAGER, "Send invitation", id="invite"),
    pytest.param("/p/riverbank/frameworks/requirements/add/", BUSINESS_MANAGER, "Add requirement", id="requirement"),
    pytest.param("/p/riverbank/frameworks/priorities/add/", SCRUTINEER, "Add priority", id="priority"),
    pytest.param("/p/riverbank/evidence/add/", CONTRIBUTOR, "Upload file", id="evidence-file"),
    pytest.param("/p/riverbank/evidence/add/?kind=link", BUSINESS_MANAGER, "Add link", id="evidence-link"),
    pytest.param("/p/riverbank/actions/add/", BUSINESS_MANAGER, "Add action", id="action"),
    pytest.param("/p/riverbank/assurance/findings/add/", SCRUTINEER, "Save", id="finding"),
    pytest.param("/p/riverbank/assurance/challenges/raise/", CONTRIBUTOR, "Raise challenge", id="challenge"),
]


@pytest.mark.parametrize(("address", "person", "button"), EMPTY_FORMS)
def test_an_empty_form_shows_a_focused_error_summary_that_links_to_each_field(
    open_as: OpenAs, address: str, person: Person, button: str
) -> None:
    visit = open_page(open_as(person).new_page(), address)
    page = visit.page

    page.locator("main").get_by_role("button", name=button, exact=True).click()
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
    problems += visit.problems + describe_violations(axe_violations(page)) + markup_problems(page)
    assert not problems, f"{address} as {person} after an empty submission:\n" + "\n".join(problems)


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


def test_the_printed_assurance_statement_leaves_off_the_navigation_and_passes_axe(open_as: OpenAs) -> None:
    visit = open_page(open_as(SCRUTINEER).new_page(), "/p/riverbank/assurance/statement/")
    page = visit.page

    page.emulate_media(media="print")

    expect(page.locator(".app-printable h1")).to_be_visible()
    for furniture in ("header.govuk-template__header", "#navigation", ".govuk-footer", ".app-no-print"):
        expect(page.locator(furniture)).to_have_count(1)
        expect(page.locator(furniture)).to_be_hidden()
    problems = visit.problems + describe_violations(axe_violations(page)) + markup_problems(page)
    assert not problems, "/p/riverbank/assurance/statement/ printed:\n" + "\n".join(problems)


def test_a_child_sees_how_to_get_help_on_the_form_itself_and_is_heard_when_they_write_about_harm(
    open_as: OpenAs,
) -> None:
    """The safety route, live: on a phone, under the CSP, help now (999, Childline, the front door)
    is on the screen before the child writes anything; a message in a child's own words is heard,
    and the thank-you page says what happens next, with help again."""
    context = open_as(SIGNED_OUT, viewport={"width": 375, "height": 740})
    visit = open_page(context.new_page(), "/feedback/riverbank/children/")
    page = visit.page
    help_panel = page.locator("#safety-help")
    expect(help_panel).to_be_visible()
    expect(help_panel).to_contain_text("999")
    expect(help_panel).to_contain_text("0800 1111")
    assert help_panel.bounding_box()["y"] < page.locator("form").bounding_box()["y"]  # type: ignore[index]
    page.get_by_label("What could be better?").fill("i dont want to be alive anymore")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("You told us something that worries us")).to_be_visible()
    expect(page.locator("#safety-help")).to_contain_text("0800 1111")
    assert not visit.problems, "\n".join(visit.problems)
