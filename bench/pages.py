"""Page cost for the foundation's and the reviews room's pages, against a baseline measured in
the same run.

Run: uv run python bench/pages.py

It builds the demo in a throwaway SQLite database, adds 200 agencies and 300 people to one
partnership (a large partnership) and 60 serious incidents with their rapid reviews, four
contributions each and 180 recommendations (years of reviews), then times each page with
Django's test client. The baseline
is the Areas page, which runs the same middleware, seat lookup and base template but lists three
rows, so the figures compare the machine with itself: what a page costs beyond the shell. A page
fails its budget when it takes more than BUDGET_RATIO times the baseline per request or more
queries than its budget (queries must not grow with rows); the script exits 1 if any page fails.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
os.environ["SCRUTINY_VAR_DIR"] = tempfile.mkdtemp(prefix="scrutiny-bench-")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from scrutiny.accounts.models import User  # noqa: E402
from scrutiny.demo import build_demo  # noqa: E402
from scrutiny.partnerships.models import Agency, Membership, Partnership, PartnershipAgency  # noqa: E402
from scrutiny.partnerships.roles import Role  # noqa: E402
from scrutiny.reviews.models import (  # noqa: E402
    AgencyContribution,
    LearningKind,
    LearningPoint,
    RapidReview,
    SeriousIncident,
)

REPEATS = 30
BUDGET_RATIO = 12.0
PAGES = {  # path: query budget
    # The home page asks every room for what is due; the history page reads every room's history.
    "/p/riverbank/": 25,
    "/p/riverbank/agencies/": 12,
    "/p/riverbank/people/": 15,
    "/p/riverbank/history/": 40,
    "/api/v1/partnerships/riverbank/agencies": 10,
    "/api/v1/partnerships/riverbank/memberships": 10,
    "/p/riverbank/reviews/": 30,
    "/p/riverbank/reviews/incidents/": 15,
    "/p/riverbank/reviews/rapid-reviews/": 15,
    "/p/riverbank/reviews/learning/": 20,
    "/p/riverbank/reviews/learning/themes/": 15,
    "/p/riverbank/deadlines/": 20,
    "/api/v1/partnerships/riverbank/reviews/incidents": 10,
    "/api/v1/partnerships/riverbank/reviews/learning": 15,
    "/api/v1/partnerships/riverbank/deadlines": 15,
}


def timed(client: Client, path: str) -> tuple[float, int]:
    client.get(path)  # warm caches and templates
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return statistics.median(samples), len(queries)


def grow_reviews(partnership: Partnership) -> None:
    """Years of reviews: 60 incidents, each with its rapid review, 4 contributions and 3
    recommendations, with awareness dates spread over five years."""
    council = SeriousIncident.objects.filter(partnership=partnership).first()
    assert council is not None, "the demo has Riverbank's incidents"
    agencies = list(Agency.objects.filter(partnership_links__partnership=partnership, name__endswith="(demo)")[:4])
    for n in range(60):
        aware = date(2021, 4, 6) + timedelta(days=30 * n)
        incident = SeriousIncident.objects.create(
            partnership=partnership,
            reference=f"BENCH-{n}",
            age_band="under_1",
            kind="serious_harm",
            aware_on=aware,
            notifying_area=council.notifying_area,
            criteria_met="yes",
            criteria_decision="Agreed.",
            notified_on=aware + timedelta(days=3),
            partners_informed_on=aware + timedelta(days=2),
        )
        review = RapidReview.objects.create(
            partnership=partnership,
            incident=incident,
            contributions_due=aware + timedelta(days=10),
            sent_to_panel_on=aware + timedelta(days=20),
            late_reason="Bench",
        )
        for agency in agencies:
            AgencyContribution.objects.create(rapid_review=review, agency=agency, due_on=aware + timedelta(days=10))
        for k in range(3):
            LearningPoint.objects.create(
                partnership=partnership,
                rapid_review=review,
                kind=LearningKind.RECOMMENDATION,
                number=str(k + 1),
                text=f"Agencies should share what they know about the household, bench recommendation {n}-{k}.",
                made_on=aware + timedelta(days=25),
            )


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    build_demo()
    riverbank = Partnership.objects.get(slug="riverbank")
    for n in range(200):
        agency = Agency.objects.create(name=f"Bench agency {n}", kind="other")
        PartnershipAgency.objects.create(partnership=riverbank, agency=agency)
    for n in range(300):
        user = User.objects.create_user(email=f"bench{n}@example.org", password=None, full_name=f"Bench {n}")
        Membership.objects.create(user=user, partnership=riverbank, role=Role.VIEWER)
    grow_reviews(riverbank)
    client = Client()
    client.force_login(User.objects.get(email="manager.riverbank@demo.example.org"))

    baseline, _ = timed(client, "/p/riverbank/areas/")
    print(
        f"baseline /p/riverbank/areas/ (3 rows): {baseline * 1000:.2f} ms; 200 agencies, 300 people, "
        "60 more incidents with 180 recommendations"
    )
    failed = False
    print(f"{'page':48} {'ms':>8} {'x base':>7} {'queries':>8}  verdict")
    for path, query_budget in PAGES.items():
        median, queries = timed(client, path)
        ratio = median / baseline
        ok = ratio <= BUDGET_RATIO and queries <= query_budget
        failed |= not ok
        print(f"{path:48} {median * 1000:8.2f} {ratio:7.1f} {queries:8d}  {'ok' if ok else 'OVER BUDGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
