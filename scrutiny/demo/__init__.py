"""The one demo-data builder, used by `scrutiny demo` and by tests that need a realistic partnership.

Everything here is fictional except the official area codes, which are real so that benchmarks
can use published figures. Building twice changes nothing. Each room adds its part of the
partnership's year in a module of its own here, built in the order rooms depend on each other.
"""

from collections.abc import Callable

from django.db import transaction

from scrutiny.demo.actions import build_actions_demo
from scrutiny.demo.agency_returns import build_agency_returns_demo
from scrutiny.demo.assurance import build_assurance_demo
from scrutiny.demo.audits import build_audits_demo
from scrutiny.demo.evidence import build_evidence_demo
from scrutiny.demo.foundation import DEMO_PASSWORD, DemoLogin, build_foundation_demo
from scrutiny.demo.frameworks import build_frameworks_demo
from scrutiny.demo.governance import build_governance_demo
from scrutiny.demo.performance import build_performance_demo
from scrutiny.demo.reports import build_reports_demo
from scrutiny.demo.reviews import build_reviews_demo
from scrutiny.demo.voice import build_voice_demo


@transaction.atomic
def build_demo(say: Callable[[str], None] | None = None) -> list[DemoLogin]:
    """Build (or complete) the demo; ``say`` hears each step as it starts, for a person waiting."""
    tell = say or (lambda _text: None)
    tell("partnerships, agencies and people")
    logins = build_foundation_demo()
    tell("frameworks, evidence and actions")
    build_frameworks_demo()
    build_evidence_demo()
    build_actions_demo()
    tell("a year of scrutiny, and serious incidents with their reviews")
    build_assurance_demo()
    build_reviews_demo()
    tell("five years of synthetic CIN census, SSDA903 and Annex A returns (the longest step)")
    build_performance_demo()
    tell("agencies' returns of local measures")
    build_agency_returns_demo()
    tell("a year of meetings, with attendance and minutes")
    build_governance_demo()
    tell("Section 11, schools' and case file audits")
    build_audits_demo()
    tell("a year of feedback from children and families, a consultation and a young scrutineers' session")
    build_voice_demo()
    tell("last year's yearly report, signed off and published, and this year's draft")
    build_reports_demo()
    return logins


__all__ = ["DEMO_PASSWORD", "DemoLogin", "build_demo"]
