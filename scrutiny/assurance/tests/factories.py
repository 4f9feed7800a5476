"""Small builders for the assurance room's tests (the demo gives the partnerships and people)."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrutiny.assurance.models import Finding, FindingKind, Recommendation
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.partnerships.models import Agency, Partnership


def agency(name: str) -> Agency:
    return Agency.objects.get(name=f"{name} (demo)")


def evidence(partnership: Partnership, title: str = "Audit report") -> EvidenceItem:
    return EvidenceItem.objects.create(
        partnership=partnership, title=title, kind="link", url="https://example.org/report"
    )


def finding(
    partnership: Partnership,
    *,
    title: str = "Thresholds are applied inconsistently",
    supported: bool = False,
    year: int = 2025,
    **extra: Any,
) -> Finding:
    made = Finding.objects.create(
        partnership=partnership,
        year=year,
        title=title,
        what_was_found="Referrals from schools were stepped down without feedback.",
        kind=extra.pop("kind", FindingKind.AREA_FOR_IMPROVEMENT),
        **extra,
    )
    if supported:
        set_supporting_evidence(target=made, partnership=partnership, evidence=[evidence(partnership)], by=None)
    return made


def recommendation(
    partnership: Partnership, *addressed: Agency, made_on: date = date(2025, 6, 2), **extra: Any
) -> Recommendation:
    rec = Recommendation.objects.create(
        partnership=partnership,
        finding=extra.pop("finding", None) or finding(partnership, supported=True),
        text="Agree a shared threshold document and audit its use.",
        made_on=made_on,
        response_due=date(made_on.year, made_on.month + 2, made_on.day),
        **extra,
    )
    rec.addressed_to.set(addressed)
    return rec


def challenge(
    partnership: Partnership, addressed: Agency, *, raised_on: date = date(2025, 12, 19), **extra: Any
) -> Any:
    from scrutiny.assurance.services import challenge_raise

    return challenge_raise(
        partnership=partnership,
        raised_by=extra.pop("raised_by", None),
        raised_by_body=extra.pop("raised_by_body", None),
        addressed_to=addressed,
        question=extra.pop("question", "How many strategy discussions met the 3-working-day standard?"),
        raised_on=raised_on,
    )


def theme(code: str, label: str) -> Any:
    from scrutiny.frameworks.models import Theme

    found, _ = Theme.objects.get_or_create(code=code, partnership=None, defaults={"label": label, "group": "practice"})
    return found


def disagreement(
    partnership: Partnership, *parties: Agency, title: str = "Who funds the exploitation hub", themes: Any = ()
) -> Any:
    from scrutiny.assurance.services import disagreement_record

    return disagreement_record(
        partnership=partnership,
        by=None,
        title=title,
        issue="The partners disagree on the funding split.",
        parties=parties,
        raised_on=date(2025, 10, 6),
        themes=themes,
    )
