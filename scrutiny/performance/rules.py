"""Counting rules that DfE's methodology leaves open, kept as named, configurable data.

Each rule below is marked "(to verify)" in the indicator notes (indicators.md §3): the product
cannot be sure which way DfE counts, so it picks the reading stated here, says so on the
indicator's page, and lets a deployment change it with the ``SCRUTINY_INDICATOR_RULES`` setting
(a JSON object of rule name to value) once someone has checked DfE's guidance.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from functools import cache
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class CountingRules:
    #: cin.rereferrals_12m_pct: an earlier referral exactly 12 months before still counts.
    rereferral_window_inclusive: bool = True
    #: cin.cin_at31_per_10k and cp.plans_at31_per_10k: an episode or plan that closes on
    #: 31 March itself is still open at 31 March.
    closing_on_31_march_is_open: bool = False
    #: cin.assessments_45wd_pct: where the 45 working days start. "assessment" follows DfE's
    #: statistics (assessment start to authorisation); "referral" follows Working Together 2023.
    assessment_clock_start: str = "assessment"
    #: Rates per 10,000 for a year whose ONS mid-year estimate is not loaded yet use the latest
    #: estimate that is, and say which; False leaves the rate "not computed".
    population_use_latest_available: bool = True
    #: annex_a.rereferrals_12m_pct: Annex A's "Number of Referrals in Last 12 Months" counts the
    #: referral on its own row, so a re-referral is a count of 2 or more (False: 1 or more).
    annex_a_referral_count_includes_current: bool = True
    #: annex_a.early_help_assessments_in_time_pct: the local standard for completing an early help
    #: assessment, in working days (no statutory timescale exists).
    annex_a_early_help_working_days: int = 45
    #: annex_a.cp_visits_in_time_pct: how often a child on a plan is visited, in working days (set
    #: locally; the child protection procedures of most areas say at least every 10 working days).
    annex_a_cp_visit_working_days: int = 10
    #: annex_a.cla_visits_in_time_pct: the longest gap between social worker visits to a looked-after
    #: child, in days (Care Planning Regulations 2010, reg. 28: 6 weeks in the first year).
    annex_a_cla_visit_days: int = 42
    #: cla.placements_3plus_pct: only placements of 24 hours or more count (indicators.md §18). The
    #: SSDA903 holds dates, not times, so a placement that ends on the day it starts (its episodes,
    #: legal-status changes included, end on its first day) is taken to be under 24 hours.
    placement_ending_on_its_start_day_is_under_24h: bool = True


RULE_HELP = {
    "rereferral_window_inclusive": "An earlier referral exactly 12 months before counts as within 12 months",
    "closing_on_31_march_is_open": "An episode or plan that closes on 31 March counts as open at 31 March",
    "assessment_clock_start": "The 45 working days of an assessment run from the assessment start "
    "(DfE statistics) or from the referral (Working Together 2023)",
    "population_use_latest_available": "A rate for a year without its ONS estimate uses the latest estimate loaded",
    "annex_a_referral_count_includes_current": "Annex A's count of referrals in the last 12 months includes the "
    "referral itself",
    "annex_a_early_help_working_days": "Working days within which an early help assessment should be completed",
    "annex_a_cp_visit_working_days": "Working days within which a child on a child protection plan should be visited",
    "annex_a_cla_visit_days": "Days within which a looked-after child should be visited by their social worker",
    "placement_ending_on_its_start_day_is_under_24h": "A placement that ends on the day it starts lasted under "
    "24 hours, so it is not counted among the year's placements",
}


def _overrides() -> dict[str, Any]:
    raw = getattr(settings, "SCRUTINY_INDICATOR_RULES", "") or ""
    if not raw:
        return {}
    found = json.loads(raw) if isinstance(raw, str) else dict(raw)
    if not isinstance(found, dict):
        raise ValueError("SCRUTINY_INDICATOR_RULES must be a JSON object of rule name to value")
    return found


@cache
def counting_rules() -> CountingRules:
    """The rules in force: the defaults above with the deployment's overrides."""
    known = {field.name: field for field in fields(CountingRules)}
    overrides = _overrides()
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise ValueError(f"SCRUTINY_INDICATOR_RULES: unknown rule {', '.join(unknown)}; known: {', '.join(known)}")
    for name, value in overrides.items():
        if not isinstance(value, type(getattr(CountingRules(), name))):
            raise ValueError(
                f"SCRUTINY_INDICATOR_RULES: {name} must be {type(getattr(CountingRules(), name)).__name__}"
            )
        default = getattr(CountingRules(), name)
        whole = isinstance(default, int) and not isinstance(default, bool)
        if whole and (isinstance(value, bool) or value < 1):
            raise ValueError(f"SCRUTINY_INDICATOR_RULES: {name} must be a whole number of 1 or more")
    rules = replace(CountingRules(), **overrides)
    if rules.assessment_clock_start not in {"assessment", "referral"}:
        raise ValueError("SCRUTINY_INDICATOR_RULES: assessment_clock_start is 'assessment' or 'referral'")
    return rules
