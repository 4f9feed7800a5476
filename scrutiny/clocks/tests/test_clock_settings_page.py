"""The partnership's clock lengths page: everyone reads it; the business manager sets, changes and
removes a length with a reason; another partnership's people are not let in."""

from __future__ import annotations

import pytest

from scrutiny.clocks.models import ClockSetting
from scrutiny.clocks.services import clock_setting_save

pytestmark = pytest.mark.django_db

URL = "/p/riverbank/clocks/"
CONTRIBUTION = "rapid-review-agency-contribution"
EDIT = f"{URL}{CONTRIBUTION}/"
REMOVE = f"{EDIT}remove/"


def _post(client, url: str = EDIT, **data: str):
    return client.post(url, {"length": "8", "unit": "working_days", "reason": "Agreed at the executive.", **data})


def test_every_role_reads_the_unconfirmed_clocks_with_their_shipped_value_and_source(cast, client_for):
    for user in cast.by_role().values():
        response = client_for(user).get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Agency contribution to a rapid review submitted" in page
        assert "Devon&#x27;s rapid review timetable" in page  # the source note
        assert "Rapid review completed and sent to the Panel" not in page  # confirmed: not settable here
    assert page.count('class="govuk-summary-card"') == 7  # the clocks with verified: false in clocks.yaml


def test_only_the_business_manager_is_offered_the_change_links(cast, client_for):
    assert "Set your partnership's length" in client_for(cast.manager).get(URL).content.decode()
    scrutineer_page = client_for(cast.scrutineer).get(URL).content.decode()
    assert "Set your partnership's length" not in scrutineer_page
    assert "The business manager sets these lengths." in scrutineer_page


def test_the_business_manager_sets_a_length_with_its_reason(cast, client_for):
    client = client_for(cast.manager)
    form = client.get(EDIT).content.decode()
    assert 'value="10"' in form  # starts from the length in use
    response = _post(client)
    assert response.status_code == 302
    assert response["Location"] == URL
    setting = ClockSetting.objects.get(partnership=cast.riverbank, rule_id=CONTRIBUTION)
    assert (setting.length, setting.unit, setting.set_by) == (8, "working_days", cast.manager)
    page = client.get(URL).content.decode()
    assert "your partnership&#x27;s deadlines now count 8 working days" in page
    assert "Agreed at the executive." in page  # the reason, and the history


def test_a_refused_length_keeps_what_was_typed_and_says_what_to_do(cast, client_for):
    client = client_for(cast.manager)
    response = _post(client, length="30", unit="months", reason="Because.")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give a whole number of months from 1 to 24." in page
    assert 'value="30"' in page
    assert "Because." in page
    assert not ClockSetting.objects.exists()
    missing = _post(client, length="", reason="").content.decode()
    assert "Give the length as a whole number, for example 8." in missing
    assert "Say why your partnership set this length" in missing
    both = _post(client, length="400", unit="working_days", reason="").content.decode()
    assert "Give a length of at most 365 days, or 24 months." in both
    assert "Say why your partnership set this length" in both
    at_once = _post(client, length="30", unit="months", reason="").content.decode()
    assert "Give a whole number of months from 1 to 24." in at_once
    assert "Say why your partnership set this length" in at_once
    assert at_once.count('id="remove-reason"') == 0  # nothing set yet, so nothing to remove


def test_a_confirmed_or_unknown_clock_has_no_page_to_set_it(cast, client_for):
    client = client_for(cast.manager)
    assert client.get(f"{URL}rapid-review/").status_code == 404
    assert _post(client, f"{URL}rapid-review/").status_code == 404
    assert client.get(f"{URL}no-such-clock/").status_code == 404
    assert not ClockSetting.objects.exists()


def test_the_business_manager_removes_the_length_with_a_reason(cast, client_for):
    client = client_for(cast.manager)
    _post(client)
    assert "Remove your partnership's length" in client.get(EDIT).content.decode()
    response = client.post(REMOVE, {"remove-reason": "Back to Devon's timetable."})
    assert response.status_code == 302
    assert not ClockSetting.objects.exists()
    page = client.get(URL).content.decode()
    assert "count 10 working days again" in page
    assert "your partnership&#x27;s length removed. Back to Devon&#x27;s timetable." in page
    again = client.post(REMOVE, {"remove-reason": ""}, follow=True).content.decode()
    assert "nothing to remove" in again


def test_others_in_the_partnership_may_read_but_not_set_or_remove(cast, client_for):
    clock_setting_save(
        partnership=cast.riverbank, rule_id=CONTRIBUTION, length=8, reason="Agreed.", person=cast.manager
    )
    for user in (cast.scrutineer, cast.chair, cast.lead_partner, cast.contributor, cast.viewer):
        client = client_for(user)
        assert client.get(EDIT).status_code == 403
        assert _post(client, length="3").status_code == 403
        assert client.post(REMOVE).status_code == 403
    assert ClockSetting.objects.get().length == 8


def test_another_partnerships_people_are_not_let_in_and_change_nothing(cast, client_for):
    clock_setting_save(
        partnership=cast.riverbank, rule_id=CONTRIBUTION, length=8, reason="Agreed.", person=cast.manager
    )
    outsider = client_for(cast.outsider)  # Hillcrest's business manager
    assert outsider.get(URL).status_code == 404
    assert outsider.get(EDIT).status_code == 404
    assert _post(outsider, length="3").status_code == 404
    assert outsider.post(REMOVE).status_code == 404
    assert ClockSetting.objects.get().length == 8
    # Their own page shows their own (unset) value, not Riverbank's.
    theirs = outsider.get("/p/hillcrest/clocks/").content.decode()
    assert "Agreed." not in theirs
    assert _post(outsider, "/p/hillcrest/clocks/rapid-review-agency-contribution/", length="12").status_code == 302
    assert sorted(ClockSetting.objects.values_list("partnership__slug", "length")) == [
        ("hillcrest", 12),
        ("riverbank", 8),
    ]


def test_a_visitor_must_sign_in(client_for, cast):
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_partnership_history_page_lists_clock_lengths(cast, client_for):
    clock_setting_save(
        partnership=cast.riverbank, rule_id=CONTRIBUTION, length=8, reason="Agreed.", person=cast.manager
    )
    page = client_for(cast.manager).get("/p/riverbank/history/").content.decode()
    assert "Clock length: Agency contribution to a rapid review submitted: set to 8 working days. Agreed." in page


def test_the_working_day_clock_page_points_to_each_partnerships_lengths(cast, client_for):
    page = client_for(cast.scrutineer).get("/clock/").content.decode()
    assert 'href="/p/riverbank/clocks/"' in page
    assert 'href="/p/hillcrest/clocks/"' in page
    assert "your partnership can set it" in page


def test_the_page_costs_the_same_with_every_clock_set(cast, client_for, django_assert_max_num_queries):
    client = client_for(cast.manager)
    client.get(URL)
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    for rule_id in ("lcspr-report-to-panel", CONTRIBUTION, "yearly-report-copies"):
        clock_setting_save(partnership=cast.riverbank, rule_id=rule_id, length=5, reason="Agreed.", person=cast.manager)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).status_code == 200
