"""The innovation register of relationship-based practice: initiatives from idea to adoption, with
their evaluation evidence and the scrutineer's observations."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms.models import model_to_dict
from ninja import Schema
from ninja.responses import Status

from scrutiny.assurance import registers, rules
from scrutiny.assurance.api.common import BASE, WRITE_ERRORS, linked_evidence_ids, router, validated
from scrutiny.assurance.forms import InnovationForm, ObservationsForm, innovation_owner_choices
from scrutiny.assurance.models import Innovation
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS

ROOM = "assurance"

# --- The innovation register ------------------------------------------------------------------


class InnovationOut(Schema):
    id: int
    title: str
    owner_agency_id: int
    owner_agency: str
    problem: str
    theory_of_change: str
    measures: str
    stage: str
    scrutineer_observations: str
    theme_ids: list[int]
    evidence_ids: list[int]
    finding_ids: list[int]


class InnovationIn(Schema):
    title: str
    owner_agency_id: int
    problem: str
    theory_of_change: str = ""
    measures: str = ""
    stage: str = "idea"
    theme_ids: list[int] = []
    evidence_ids: list[int] = []


class InnovationPatch(Schema):
    title: str | None = None
    owner_agency_id: int | None = None
    problem: str | None = None
    theory_of_change: str | None = None
    measures: str | None = None
    stage: str | None = None
    theme_ids: list[int] | None = None
    evidence_ids: list[int] | None = None
    #: The scrutineer's support and observations: only those who manage the room (403 otherwise).
    scrutineer_observations: str | None = None


_FIELDS = {"owner_agency_id": "owner_agency", "theme_ids": "themes", "evidence_ids": "evidence"}


def _innovations(seat: Seat) -> Any:
    return scoped(Innovation.objects.visible_to(seat), seat.partnership).select_related("owner_agency")


def _innovation_out(i: Innovation, evidence_ids: list[int], finding_ids: list[int]) -> InnovationOut:
    return InnovationOut(
        id=i.pk,
        title=i.title,
        owner_agency_id=i.owner_agency_id,
        owner_agency=i.owner_agency.name,
        problem=i.problem,
        theory_of_change=i.theory_of_change,
        measures=i.measures,
        stage=i.stage,
        scrutineer_observations=i.scrutineer_observations,
        theme_ids=sorted(t.pk for t in i.themes.all()),
        evidence_ids=evidence_ids,
        finding_ids=finding_ids,
    )


def _finding_ids(seat: Seat, rows: list[Innovation]) -> dict[int, list[int]]:
    ids: dict[int, list[int]] = {i.pk: [] for i in rows}
    through = Innovation.findings.through.objects.filter(
        innovation_id__in=ids, finding__partnership=seat.partnership
    ).order_by("finding_id")
    for link in through:
        ids[link.innovation_id].append(link.finding_id)
    return ids


def _out(seat: Seat, rows: list[Innovation]) -> list[InnovationOut]:
    evidence = linked_evidence_ids(Innovation, rows)
    findings = _finding_ids(seat, rows)
    return [_innovation_out(i, evidence[i.pk], findings[i.pk]) for i in rows]


def _one(seat: Seat, pk: int) -> InnovationOut:
    return _out(seat, [get_scoped_or_404(_innovations(seat).prefetch_related("themes"), seat.partnership, pk=pk)])[0]


@router.get(f"{BASE}/innovations", response={200: list[InnovationOut], **ERRORS}, url_name="assurance_innovations")
@partnership_endpoint(ROOM, "view")
def innovations(request: SeatedRequest, slug: str, stage: str | None = None) -> list[InnovationOut]:
    """The innovation register, optionally of one stage (idea, pilot, evaluation, adopted, stopped)."""
    seat = request.seat
    found = _innovations(seat).prefetch_related("themes")
    if stage is not None:
        found = found.filter(stage=stage)
    return _out(seat, list(found))


@router.post(
    f"{BASE}/innovations", response={201: InnovationOut, **WRITE_ERRORS}, url_name="assurance_innovation_create"
)
@partnership_endpoint(ROOM, "contribute")
def innovation_create(request: SeatedRequest, slug: str, payload: InnovationIn) -> Status[InnovationOut]:
    """Add an initiative. An agency contributor names only their own agency as its owner."""
    seat = request.seat
    data = {_FIELDS.get(k, k): v for k, v in payload.dict().items()}
    form = InnovationForm(data, partnership=seat.partnership, owner_agencies=innovation_owner_choices(seat))
    made = registers.innovation_save(partnership=seat.partnership, by=request.user, **validated(form))
    return Status(201, _one(seat, made.pk))


@router.get(
    f"{BASE}/innovations/{{innovation_id}}", response={200: InnovationOut, **ERRORS}, url_name="assurance_innovation"
)
@partnership_endpoint(ROOM, "view")
def innovation(request: SeatedRequest, slug: str, innovation_id: int) -> InnovationOut:
    return _one(request.seat, innovation_id)


@router.patch(
    f"{BASE}/innovations/{{innovation_id}}",
    response={200: InnovationOut, **WRITE_ERRORS},
    url_name="assurance_innovation_update",
)
@partnership_endpoint(ROOM, "contribute")
def innovation_update(request: SeatedRequest, slug: str, innovation_id: int, payload: InnovationPatch) -> InnovationOut:
    """Change an initiative: the owner agency's people, the scrutineer and the business manager
    (403 for others; an agency contributor reaches only their own agency's). Only the scrutineer
    records ``scrutineer_observations``."""
    seat = request.seat
    found = get_scoped_or_404(Innovation.objects.visible_to(seat), seat.partnership, pk=innovation_id)
    changes = payload.dict(exclude_unset=True)
    observations = changes.pop("scrutineer_observations", None)
    if observations is not None and not seat.can(ROOM, "manage"):
        raise PermissionDenied("Only the scrutineer records their support and observations.")
    if changes:
        rules.only_who_may_change_the_innovation(found, seat)
    observed = validated(ObservationsForm({"scrutineer_observations": observations or ""}))
    current: dict[str, Any] = model_to_dict(
        found, fields=["title", "owner_agency", "problem", "theory_of_change", "measures", "stage"]
    )
    current.update(
        themes=[t.pk for t in found.themes.all()],
        evidence=linked_evidence_ids(Innovation, [found])[found.pk],
    )
    current.update({_FIELDS.get(k, k): v for k, v in changes.items()})
    form = InnovationForm(
        current, instance=found, partnership=seat.partnership, owner_agencies=innovation_owner_choices(seat)
    )
    fields = validated(form)
    observed_text = observed["scrutineer_observations"] if observations is not None else None
    with transaction.atomic():
        if changes:
            registers.innovation_save(
                partnership=seat.partnership,
                by=request.user,
                innovation=found,
                scrutineer_observations=observed_text,
                **fields,
            )
        elif observed_text is not None:
            registers.innovation_observe(innovation=found, observations=observed_text)
    return _out(seat, [Innovation.objects.select_related("owner_agency").get(pk=found.pk)])[0]
