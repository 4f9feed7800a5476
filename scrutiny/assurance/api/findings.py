"""Findings (with their evidence IDs; issuing is a change of status), the recommendations made
from them and the formal responses of the bodies addressed."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.utils import timezone
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance import rules
from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, linked_evidence_ids, router, validated
from scrutiny.assurance.forms import FindingForm, RecommendationForm
from scrutiny.assurance.models import Finding, Recommendation, RecommendationResponse
from scrutiny.assurance.models.findings import responding_bodies
from scrutiny.assurance.services import finding_save, recommendation_make, recommendation_respond
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

# --- Findings ---------------------------------------------------------------------------------


class FindingOut(Schema):
    id: int
    year: int
    year_label: str
    title: str
    what_was_found: str
    kind: str
    confidence: str
    status: str
    issued_on: date | None
    agency_ids: list[int]
    requirement_ids: list[int]
    theme_ids: list[int]
    innovation_ids: list[int]
    evidence_ids: list[int]


class FindingIn(Schema):
    year: int
    title: str
    what_was_found: str
    kind: str
    confidence: str = "medium"
    agency_ids: list[int] = []
    requirement_ids: list[int] = []
    theme_ids: list[int] = []
    innovation_ids: list[int] = []
    evidence_ids: list[int] = []


class FindingPatch(Schema):
    year: int | None = None
    title: str | None = None
    what_was_found: str | None = None
    kind: str | None = None
    confidence: str | None = None
    agency_ids: list[int] | None = None
    requirement_ids: list[int] | None = None
    theme_ids: list[int] | None = None
    innovation_ids: list[int] | None = None
    evidence_ids: list[int] | None = None
    #: "issued" issues a draft finding (refused without evidence); an issued one cannot go back.
    status: str | None = None


def _finding_out(finding: Finding, evidence_ids: list[int]) -> FindingOut:
    return FindingOut(
        id=finding.pk,
        year=finding.year,
        year_label=finding.year_label,
        title=finding.title,
        what_was_found=finding.what_was_found,
        kind=finding.kind,
        confidence=finding.confidence,
        status=finding.status,
        issued_on=finding.issued_on,
        agency_ids=sorted(a.pk for a in finding.agencies.all()),
        requirement_ids=sorted(r.pk for r in finding.requirements.all()),
        theme_ids=sorted(t.pk for t in finding.themes.all()),
        innovation_ids=sorted(i.pk for i in finding.innovations.all()),
        evidence_ids=evidence_ids,
    )


def _one_finding(finding: Finding) -> FindingOut:
    return _finding_out(finding, linked_evidence_ids(Finding, [finding])[finding.pk])


_FINDING_FIELDS = {
    "agency_ids": "agencies",
    "requirement_ids": "requirements",
    "theme_ids": "themes",
    "innovation_ids": "innovations",
    "evidence_ids": "evidence",
}


def _finding_form_data(values: Mapping[str, Any]) -> dict[str, Any]:
    return {_FINDING_FIELDS.get(key, key): value for key, value in values.items()}


@router.get(f"{BASE}/findings", response={200: list[FindingOut], **ERRORS}, url_name="assurance_findings")
@partnership_endpoint("assurance", "view")
def findings(request: SeatedRequest, slug: str, year: int | None = None) -> list[FindingOut]:
    """The partnership's findings, optionally of one reporting year (the year it starts)."""
    seat = request.seat
    found = scoped(Finding.objects.visible_to(seat), seat.partnership).prefetch_related(
        "agencies", "requirements", "themes", "innovations"
    )
    if year is not None:
        found = found.filter(year=year)
    rows = list(found)
    evidence = linked_evidence_ids(Finding, rows)
    return [_finding_out(f, evidence[f.pk]) for f in rows]


@router.post(f"{BASE}/findings", response={201: FindingOut, **WRITE_ERRORS}, url_name="assurance_finding_create")
@partnership_endpoint("assurance", "manage")
def finding_create(request: SeatedRequest, slug: str, payload: FindingIn) -> Status[FindingOut]:
    """Record a draft finding. ``evidence_ids`` name the evidence that supports it."""
    seat = request.seat
    form = FindingForm(_finding_form_data(payload.dict()), partnership=seat.partnership)
    finding = finding_save(partnership=seat.partnership, by=request.user, **validated(form))
    return Status(201, _one_finding(finding))


@router.get(f"{BASE}/findings/{{finding_id}}", response={200: FindingOut, **ERRORS}, url_name="assurance_finding")
@partnership_endpoint("assurance", "view")
def finding(request: SeatedRequest, slug: str, finding_id: int) -> FindingOut:
    seat = request.seat
    return _one_finding(get_scoped_or_404(Finding.objects.visible_to(seat), seat.partnership, pk=finding_id))


@router.patch(
    f"{BASE}/findings/{{finding_id}}", response={200: FindingOut, **WRITE_ERRORS}, url_name="assurance_finding_update"
)
@partnership_endpoint("assurance", "manage")
def finding_update(request: SeatedRequest, slug: str, finding_id: int, payload: FindingPatch) -> FindingOut:
    """Change a finding. Setting ``status`` to "issued" issues it, which is refused (400) without
    supporting evidence; nothing else in the same request is then saved either."""
    seat = request.seat
    found = get_scoped_or_404(Finding, seat.partnership, pk=finding_id)
    changes = payload.dict(exclude_unset=True)
    status = changes.pop("status", None)
    current = model_to_dict(found, fields=["year", "title", "what_was_found", "kind", "confidence"])
    current.update(
        agencies=[a.pk for a in found.agencies.all()],
        requirements=[r.pk for r in found.requirements.all()],
        themes=[t.pk for t in found.themes.all()],
        innovations=[i.pk for i in found.innovations.all()],
        evidence=linked_evidence_ids(Finding, [found])[found.pk],
    )
    current.update(_finding_form_data(changes))
    form = FindingForm(current, instance=found, partnership=seat.partnership)
    saved = finding_save(
        partnership=seat.partnership,
        by=request.user,
        finding=found,
        status=status,
        on=timezone.localdate(),
        **validated(form),
    )
    return _one_finding(Finding.objects.get(pk=saved.pk))


# --- Recommendations and responses ------------------------------------------------------------


class ResponseOut(Schema):
    agency_id: int
    agency: str
    decision: str
    reasons: str
    responded_on: date


class RecommendationOut(Schema):
    id: int
    finding_id: int
    text: str
    addressed_to_ids: list[int]
    made_on: date
    response_due: date
    status: str
    responses: list[ResponseOut]


class RecommendationIn(Schema):
    text: str
    addressed_to_ids: list[int]
    made_on: str


class ResponseIn(Schema):
    agency_id: int
    decision: str
    reasons: str = ""


def _response_out(r: RecommendationResponse) -> ResponseOut:
    return ResponseOut(
        agency_id=r.agency_id, agency=r.agency.name, decision=r.decision, reasons=r.reasons, responded_on=r.responded_on
    )


def _recommendation_out(r: Recommendation) -> RecommendationOut:
    return RecommendationOut(
        id=r.pk,
        finding_id=r.finding_id,
        text=r.text,
        addressed_to_ids=sorted(a.pk for a in r.addressed_to.all()),
        made_on=r.made_on,
        response_due=r.response_due,
        status=r.status,
        responses=[_response_out(x) for x in r.responses.all()],
    )


def _recommendations(queryset: Any) -> list[RecommendationOut]:
    rows = queryset.prefetch_related("addressed_to", "responses__agency")
    return [_recommendation_out(r) for r in rows]


@router.get(
    f"{BASE}/recommendations", response={200: list[RecommendationOut], **ERRORS}, url_name="assurance_recommendations"
)
@partnership_endpoint("assurance", "view")
def recommendations(request: SeatedRequest, slug: str) -> list[RecommendationOut]:
    seat = request.seat
    return _recommendations(scoped(Recommendation.objects.visible_to(seat), seat.partnership))


@router.get(
    f"{BASE}/recommendations/addressed-to-us",
    response={200: list[RecommendationOut], **ERRORS},
    url_name="assurance_recommendations_addressed",
)
@partnership_endpoint("assurance", "contribute")
def recommendations_addressed(request: SeatedRequest, slug: str) -> list[RecommendationOut]:
    """The recommendations addressed to the caller's own agencies or partner bodies."""
    seat = request.seat
    return _recommendations(scoped(Recommendation.objects.addressed_to_seat(seat), seat.partnership))


@router.get(
    f"{BASE}/findings/{{finding_id}}/recommendations",
    response={200: list[RecommendationOut], **ERRORS},
    url_name="assurance_finding_recommendations",
)
@partnership_endpoint("assurance", "view")
def finding_recommendations(request: SeatedRequest, slug: str, finding_id: int) -> list[RecommendationOut]:
    seat = request.seat
    found = get_scoped_or_404(Finding.objects.visible_to(seat), seat.partnership, pk=finding_id)
    return _recommendations(found.recommendations.all())


@router.post(
    f"{BASE}/findings/{{finding_id}}/recommendations",
    response={201: RecommendationOut, **WRITE_ERRORS},
    url_name="assurance_recommendation_create",
)
@partnership_endpoint("assurance", "manage")
def recommendation_create(
    request: SeatedRequest, slug: str, finding_id: int, payload: RecommendationIn
) -> Status[RecommendationOut]:
    """Make a recommendation from a finding; ``made_on`` is YYYY-MM-DD and the formal response
    falls due by the partnership's setting (2 months unless it says otherwise)."""
    seat = request.seat
    found = get_scoped_or_404(Finding, seat.partnership, pk=finding_id)
    form = RecommendationForm(
        {"text": payload.text, "addressed_to": payload.addressed_to_ids, "made_on": payload.made_on},
        partnership=seat.partnership,
    )
    rec = recommendation_make(finding=found, by=request.user, **validated(form))
    return Status(201, _recommendation_out(rec))


@router.get(
    f"{BASE}/recommendations/{{recommendation_id}}",
    response={200: RecommendationOut, **ERRORS},
    url_name="assurance_recommendation",
)
@partnership_endpoint("assurance", "view")
def recommendation(request: SeatedRequest, slug: str, recommendation_id: int) -> RecommendationOut:
    seat = request.seat
    return _recommendation_out(
        get_scoped_or_404(Recommendation.objects.visible_to(seat), seat.partnership, pk=recommendation_id)
    )


@router.get(
    f"{BASE}/recommendations/{{recommendation_id}}/responses",
    response={200: list[ResponseOut], **ERRORS},
    url_name="assurance_recommendation_responses",
)
@partnership_endpoint("assurance", "view")
def recommendation_responses(request: SeatedRequest, slug: str, recommendation_id: int) -> list[ResponseOut]:
    seat = request.seat
    found = get_scoped_or_404(Recommendation.objects.visible_to(seat), seat.partnership, pk=recommendation_id)
    return [_response_out(r) for r in found.responses.select_related("agency")]


@router.post(
    f"{BASE}/recommendations/{{recommendation_id}}/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    url_name="assurance_recommendation_respond",
)
@partnership_endpoint("assurance", "contribute")
def recommendation_respond_api(
    request: SeatedRequest, slug: str, recommendation_id: int, payload: ResponseIn
) -> Status[ResponseOut]:
    """The formal response of a body the recommendation is addressed to, by one of its people.
    Refused (400) once the recommendation is closed, or without reasons unless accepted."""
    seat = request.seat
    rec = get_scoped_or_404(Recommendation.objects.visible_to(seat), seat.partnership, pk=recommendation_id)
    rules.only_an_addressed_body_responds(responding_bodies(rec, seat))
    if not seat.acts_for(payload.agency_id):
        raise ValidationError({"agency_id": "You can respond only for your own agency or partner body."})
    response = recommendation_respond(
        recommendation=rec,
        agency=Agency.objects.filter(pk=payload.agency_id).first(),
        decision=payload.decision,
        reasons=payload.reasons,
        by=request.user,
        on=timezone.localdate(),
    )
    return Status(201, _response_out(response))
