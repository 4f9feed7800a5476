"""The partnership's deadlines page: every open clock this person may see, soonest first, with
filters, and the secret address of their calendar feed."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from scrutiny.clocks.models import CalendarFeed
from scrutiny.clocks.tracking import Clock, ClockStatus
from scrutiny.clocks.views import timing
from scrutiny.clocks.workdays import subtract_working_days
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

URL = "/p/riverbank/deadlines/"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _cells(page: str) -> list[list[str]]:
    """The table's rows, in order, each as the plain text of its cells."""
    if '<tbody class="govuk-table__body">' not in page:
        return []
    body = page.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return [[_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in body.split("</tr>")[:-1]]


def _rows(page: str) -> list[str]:
    """The table's rows as plain text, in order."""
    return [" | ".join(cells) for cells in _cells(page)]


@pytest.fixture
def records(cast):
    """Riverbank: an incident whose notification was missed 60 days ago; one whose notification is
    due within days (the partners were told on time); an LCSPR decided today (due in 6 months).
    Hillcrest: a missed notification that Riverbank's pages must never show."""
    today = timezone.localdate()
    missed = make.incident(
        cast.riverbank, "RB-MISSED", aware_on=today - timedelta(days=60), notified_on=None, partners_informed_on=None
    )
    aware = subtract_working_days(today, 3)
    soon = make.incident(cast.riverbank, "RB-SOON", aware_on=aware, notified_on=None, partners_informed_on=aware)
    review = make.lcspr(cast.riverbank, "Child Q review", decided_on=today)
    make.incident(
        cast.hillcrest, "HC-THEIRS", aware_on=today - timedelta(days=60), notified_on=None, partners_informed_on=None
    )
    return {"missed": missed, "soon": soon, "lcspr": review, "today": today}


def test_the_deadlines_page_lists_every_open_clock_soonest_first(cast, client_for, records):
    page = client_for(cast.manager).get(URL).content.decode()
    cells = _cells(page)
    assert [
        (row[0], row[1].split(" Not yet confirmed")[0].split(" 5 working")[0].split(" 6 months")[0]) for row in cells
    ] == [
        ("Serious incident RB-MISSED", "Notification to the Panel"),
        ("Serious incident RB-MISSED", "Safeguarding partners told"),
        ("Serious incident RB-SOON", "Notification to the Panel"),
        ("Child Q review", "Review completed and published"),
    ]
    assert [row[4] for row in cells] == ["Missed", "Missed", "Due soon", "Due"]
    assert cells[0][5].endswith("working days overdue")
    assert re.fullmatch(r"\d working days? left", cells[2][5])
    assert cells[0][2] == f"{records['missed'].aware_on:%-d %B %Y}"
    rows = _rows(page)
    # Each record is linked to the page where the clock is met.
    assert f'href="{records["missed"].get_absolute_url()}"' in page
    assert f'href="{records["lcspr"].get_absolute_url()}"' in page
    # Dates are written out, and a met clock is not listed by default.
    due = records["lcspr"].clocks()[0].due
    assert f"{due:%-d %B %Y}" in rows[3]
    assert "Met on" not in page


def test_a_clock_whose_rule_is_not_confirmed_is_tagged_not_yet_confirmed(cast, client_for, records):
    notified = records["soon"]
    notified.notified_on = notified.aware_on  # the rapid review's clock starts with the notification
    notified.save()
    review = make.rapid_review(cast.riverbank, "RB-RR", incident=notified, contributions_due=records["today"])
    make.recommendation(review, made_on=records["today"])
    page = client_for(cast.manager).get(URL).content.decode()
    impact = next(row for row in _rows(page) if "Impact check" in row)
    assert "Not yet confirmed" in impact
    assert "your partnership can set it" in impact
    rapid = next(row for row in _rows(page) if "Rapid review sent to the Panel" in row)
    assert "Not yet confirmed" not in rapid


def test_the_status_filter_shows_missed_or_due_soon_only(cast, client_for, records):
    client = client_for(cast.manager)
    missed = _rows(client.get(URL + "?status=missed").content.decode())
    assert len(missed) == 2
    assert all("RB-MISSED" in row and "Missed" in row for row in missed)
    soon = _rows(client.get(URL + "?status=due_soon").content.decode())
    assert len(soon) == 1
    assert "RB-SOON" in soon[0]
    # An unknown filter value shows every open deadline rather than failing.
    assert len(_rows(client.get(URL + "?status=nonsense").content.decode())) == 4


def test_the_met_toggle_adds_clocks_met_in_the_last_90_days(cast, client_for, records):
    today = records["today"]
    old = make.incident(
        cast.riverbank,
        "RB-OLD",
        aware_on=today - timedelta(days=200),
        notified_on=today - timedelta(days=199),
        partners_informed_on=today - timedelta(days=199),
    )
    page = client_for(cast.manager).get(URL + "?met=yes").content.decode()
    rows = _rows(page)
    told = [row for row in rows if "RB-SOON" in row and "Safeguarding partners told" in row]
    assert len(told) == 1
    assert "Met on time" in told[0]
    assert f"Met on {records['soon'].aware_on:%-d %B %Y}" in told[0]
    assert str(old) not in page  # met, but long ago
    assert 'id="met" name="met" type="checkbox" value="yes" checked' in page
    # Combined with a status filter: the missed clocks and the recently met one.
    assert len(_rows(client_for(cast.manager).get(URL + "?status=missed&met=yes").content.decode())) == 3


def test_an_agency_contributor_sees_only_their_own_agencys_contribution_deadline(cast, client_for, records):
    today = records["today"]
    review = make.rapid_review(cast.riverbank, "RB-RR", incident=records["soon"], contributions_due=today)
    mine = make.contribution(review, "Oakfield", due_on=today + timedelta(days=3))
    theirs = make.contribution(review, "Capital Police", due_on=today + timedelta(days=4))
    page = client_for(cast.contributor).get(URL).content.decode()
    rows = _rows(page)
    assert len(rows) == 1
    assert "Contribution to rapid review" in rows[0]
    assert "Rapid review RB-SOON" in rows[0]
    assert f"/reviews/contributions/{mine.pk}/" in page
    assert f"/reviews/contributions/{theirs.pk}/" not in page
    for hidden in ("RB-MISSED", "Child Q review", "Rapid review sent to the Panel"):
        assert hidden not in page
    # The police partner reads the whole room and writes only the police contribution.
    police = client_for(cast.police_dsp).get(URL).content.decode()
    assert f"/reviews/contributions/{theirs.pk}/" in police
    assert f"/reviews/contributions/{mine.pk}/" not in police
    assert "RB-MISSED" in police


def test_a_submitted_contribution_leaves_the_page(cast, client_for, records):
    review = make.rapid_review(cast.riverbank, "RB-RR", incident=records["soon"], contributions_due=records["today"])
    make.contribution(
        review,
        "Oakfield",
        status="submitted",
        submitted_on=records["today"],
        involvement="Known to the school.",
        analysis="Attendance concerns were shared.",
    )
    page = client_for(cast.contributor).get(URL).content.decode()
    assert "Contribution to rapid review" not in page
    assert "No deadline you can see is running." in page


def test_another_partnerships_clocks_are_never_shown(cast, client_for, records):
    for user in (cast.manager, cast.scrutineer, cast.police_dsp):
        assert "HC-THEIRS" not in client_for(user).get(URL).content.decode()
    # Hillcrest's own people see theirs, and none of Riverbank's.
    theirs = client_for(cast.outsider).get("/p/hillcrest/deadlines/").content.decode()
    assert "HC-THEIRS" in theirs
    assert "RB-MISSED" not in theirs


def test_an_outsider_is_not_found_and_a_visitor_must_sign_in(cast, client_for, records):
    assert client_for(cast.outsider).get(URL).status_code == 404
    assert client_for(cast.outsider).post(URL + "feed/renew/").status_code == 404
    response = client_for(None).get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_role_may_read_the_page(cast, client_for, records):
    for user in cast.by_role().values():
        assert client_for(user).get(URL).status_code == 200


def test_the_page_costs_the_same_however_many_records(cast, client_for, records, django_assert_max_num_queries):
    today = records["today"]
    for n in range(8):
        incident = make.incident(
            cast.riverbank, f"RB-N{n}", aware_on=today - timedelta(days=20), notified_on=None, partners_informed_on=None
        )
        review = make.rapid_review(cast.riverbank, f"RB-N{n}", incident=incident, contributions_due=today)
        make.recommendation(review, made_on=today)
    client = client_for(cast.manager)
    client.get(URL)  # the calendar address is made on the first visit
    with django_assert_max_num_queries(20):
        page = client.get(URL).content.decode()
    assert "RB-N7" in page


def test_the_page_shows_a_secret_feed_address_made_on_the_first_visit(cast, client_for, records):
    client = client_for(cast.viewer)
    assert not CalendarFeed.objects.exists()
    page = client.get(URL).content.decode()
    feed = CalendarFeed.objects.get(user=cast.viewer, partnership=cast.riverbank)
    assert f"http://testserver/calendar/{feed.token}.ics" in page
    assert "Anyone with this address can read the deadlines" in page
    client.get(URL)
    assert CalendarFeed.objects.count() == 1


def test_replacing_the_address_gives_a_new_one_and_says_so(cast, client_for, records):
    client = client_for(cast.viewer)
    client.get(URL)
    old = CalendarFeed.objects.get().token
    response = client.post(URL + "feed/renew/", follow=True)
    new = CalendarFeed.objects.get().token
    assert new != old
    page = response.content.decode()
    assert response.redirect_chain == [(URL, 302)]
    assert "Your calendar address has been replaced" in page
    assert new in page
    assert old not in page
    # Only by POST.
    assert client.get(URL + "feed/renew/").status_code == 405


def test_time_left_and_overdue_are_counted_in_working_days(cast):
    # Friday 19 December 2025: Christmas Day and Boxing Day are bank holidays.
    friday = date(2025, 12, 19)
    due = date(2025, 12, 29)
    clock = Clock("rapid-review", "Rapid review", friday, deadline=due)
    assert timing(clock, ClockStatus.DUE, due, friday) == "4 working days left"
    assert timing(clock, ClockStatus.MISSED, due, date(2025, 12, 31)) == "2 working days overdue"
    assert timing(clock, ClockStatus.DUE_SOON, due, due) == "Due today"
    late = Clock("rapid-review", "Rapid review", friday, met_on=date(2025, 12, 30), deadline=due)
    assert timing(late, ClockStatus.MET_LATE, due, due) == "Met on 30 December 2025, 1 working day late"
