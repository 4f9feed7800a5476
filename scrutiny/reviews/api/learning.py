"""The learning from reviews through the API: findings and recommendations of rapid reviews,
LCSPRs and national reviews, the actions made from them in the shared tracker, their 12-month
impact check, and the earlier recommendations most like a new one. Saved by
``learning_point_save``, and followed up by ``learning_action_create`` and
``learning_impact_record``, as the pages do."""

from collections.abc import Sequence
from datetime import date
from typing import Any, overload

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.utils import timezone
from ninja import Schema
from ninja.pagination import paginate
from ninja.responses import Status

from scrutiny.accounts.models import User
from scrutiny.actions.models import Action
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Agency, reporting_year_label
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.reviews.api.common import (
    BASE,
    WRITE_ERRORS,
    ClockOut,
    api_names,
    apply,
    changes_of,
    chosen,
    clocks_out,
    in_reporting_year,
    router,
    scoped_id,
    scoped_ids,
    themes_for,
)
from scrutiny.reviews.following_up import (
    actions_outcome,
    learning_action_create,
    learning_impact_record,
    statuses_for,
)
from scrutiny.reviews.models import (
    ROOM,
    Lcspr,
    LearningKind,
    LearningPoint,
    LearningStatus,
    NationalReview,
    RapidReview,
)
from scrutiny.reviews.recording import learning_point_save
from scrutiny.reviews.similarity import similar_recommendations
from scrutiny.web.api import ERRORS

SOURCES: dict[str, type[RapidReview | Lcspr | NationalReview]] = {
    "rapid_review": RapidReview,
    "lcspr": Lcspr,
    "national_review": NationalReview,
}
#: The API's names for the fields the model's and the workflows' messages name.
API_NAMES = {
    "themes": "theme_ids",
    "agencies": "agency_ids",
    "owner_agency": "owner_agency_id",
    "owner": "owner_id",
    "impact_checked_on": "checked_on",
    "impact_method": "method",
    "impact_outcome": "outcome",
    "impact_summary": "summary",
    "impact_late_reason": "late_reason",
}


class LearningActionOut(Schema):
    id: int
    title: str
    owner_agency_id: int
    owner_id: int | None
    due_date: date
    status: str
    completed_on: date | None


class LearningOut(Schema):
    id: int
    #: "finding" or "recommendation".
    kind: str
    number: str
    text: str
    made_on: date
    #: The reporting year (starting 1 April) in which it was agreed.
    year: int
    #: "rapid_review", "lcspr" or "national_review", with its id and name.
    source_type: str
    source_id: int
    source: str
    theme_ids: list[int]
    theme_codes: list[str]
    agency_ids: list[int]
    applies_locally: bool
    local_response: str
    #: Where a recommendation has got to (None for a finding), and in words.
    status: str | None
    status_label: str
    actions: list[LearningActionOut]
    impact_check_due: date | None
    impact_checked_on: date | None
    impact_method: str
    impact_outcome: str
    impact_summary: str
    impact_late_reason: str
    clocks: list[ClockOut]


class LearningIn(Schema):
    #: Exactly one of the three: the review the learning comes from.
    rapid_review_id: int | None = None
    lcspr_id: int | None = None
    national_review_id: int | None = None
    kind: str
    number: str = ""
    text: str
    made_on: date
    theme_ids: list[int] = []
    agency_ids: list[int] = []
    #: Only a national review's recommendation may not apply locally (with the reason in local_response).
    applies_locally: bool = True
    local_response: str = ""


class LearningPatch(Schema):
    kind: str | None = None
    number: str | None = None
    text: str | None = None
    made_on: date | None = None
    theme_ids: list[int] | None = None
    agency_ids: list[int] | None = None
    applies_locally: bool | None = None
    local_response: str | None = None


class LearningActionIn(Schema):
    title: str
    owner_agency_id: int
    due_date: date
    description: str = ""
    owner_id: int | None = None


class ImpactOut(Schema):
    impact_check_due: date | None
    impact_checked_on: date | None
    impact_method: str
    impact_outcome: str
    impact_summary: str
    impact_late_reason: str
    status: str | None
    status_label: str
    clocks: list[ClockOut]


class ImpactIn(Schema):
    checked_on: date
    #: How it was checked, for example a re-audit of 20 cases.
    method: str
    #: "changed", "partly" or "not_changed".
    outcome: str
    summary: str
    #: Why, where the check was done after its 12 months.
    late_reason: str = ""


class SimilarOut(Schema):
    id: int
    text: str
    #: Text similarity, from 0 (no word in common) to 1.
    score: float
    made_on: date
    year_label: str
    source: str
    status: str | None
    status_label: str
    #: What became of its actions, in words.
    outcome: str


def _source_type(point: LearningPoint) -> str:
    return next(name for name in SOURCES if getattr(point, f"{name}_id"))


def _actions(points: list[LearningPoint]) -> dict[int, list[LearningActionOut]]:
    """The actions made from each point, in one query for the whole list."""
    found: dict[int, list[LearningActionOut]] = {point.pk: [] for point in points}
    if points:
        kind = ContentType.objects.get_for_model(LearningPoint)
        rows = Action.objects.filter(source_type=kind, source_id__in=list(found)).order_by("due_date", "pk")
        for action in rows:
            found[action.source_id or 0].append(
                LearningActionOut(
                    id=action.pk,
                    title=action.title,
                    owner_agency_id=action.owner_agency_id,
                    owner_id=action.owner_id,
                    due_date=action.due_date,
                    status=action.status,
                    completed_on=action.completed_on,
                )
            )
    return found


def _label(status: LearningStatus | None) -> str:
    return str(status.label) if status else ""


def _outs(points: list[LearningPoint], today: date) -> list[LearningOut]:
    statuses = statuses_for(points)
    actions = _actions(points)
    return [
        LearningOut(
            id=point.pk,
            kind=point.kind,
            number=point.number,
            text=point.text,
            made_on=point.made_on,
            year=point.year,
            source_type=_source_type(point),
            source_id=point.source.pk,
            source=str(point.source),
            theme_ids=sorted(t.pk for t in point.themes.all()),
            theme_codes=sorted(t.code for t in point.themes.all()),
            agency_ids=sorted(a.pk for a in point.agencies.all()),
            applies_locally=point.applies_locally,
            local_response=point.local_response,
            status=statuses[point.pk][0],
            status_label=_label(statuses[point.pk][0]),
            actions=actions[point.pk],
            impact_check_due=point.impact_check_due,
            impact_checked_on=point.impact_checked_on,
            impact_method=point.impact_method,
            impact_outcome=point.impact_outcome,
            impact_summary=point.impact_summary,
            impact_late_reason=point.impact_late_reason,
            clocks=clocks_out(point.clocks(), today),
        )
        for point in points
    ]


def _learning(seat: Seat) -> Any:
    return (
        scoped(LearningPoint.objects.visible_to(seat), seat.partnership)
        .select_related("partnership", "rapid_review__incident", "lcspr", "national_review")
        .prefetch_related("themes", "agencies", "partnership__clock_settings")
    )


def _point(seat: Seat, learning_point_id: int) -> LearningPoint:
    return get_scoped_or_404(_learning(seat), seat.partnership, pk=learning_point_id)  # type: ignore[no-any-return]


def _one(seat: Seat, learning_point_id: int) -> LearningOut:
    return _outs([_point(seat, learning_point_id)], timezone.localdate())[0]


def _choice(value: str, choices: list[tuple[str, Any]], field: str) -> str:
    allowed = [v for v, _ in choices]
    if value not in allowed:
        raise ValidationError({field: f"choose one of {', '.join(allowed)}, not {value!r}."})
    return value


class _LearningPage(Sequence[LearningOut]):
    """The filtered points, turned into their full representation only for the page asked for:
    a partnership's years of learning are counted whole but described fifty at a time."""

    def __init__(self, points: list[LearningPoint], today: date) -> None:
        self.points = points
        self.today = today

    def __len__(self) -> int:
        return len(self.points)

    @overload
    def __getitem__(self, index: int) -> LearningOut: ...
    @overload
    def __getitem__(self, index: slice) -> list[LearningOut]: ...
    def __getitem__(self, index: int | slice) -> LearningOut | list[LearningOut]:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        chosen = self.points[index]
        prefetch_related_objects(chosen, "themes", "agencies")
        return _outs(chosen, self.today)


@router.get(f"{BASE}/learning", response={200: list[LearningOut], **WRITE_ERRORS}, url_name="reviews_learning_list")
@paginate
@partnership_endpoint(ROOM, "view")
def learning_list(
    request: SeatedRequest, slug: str, kind: str = "", status: str = "", theme: str = "", year: int | None = None
) -> _LearningPage:
    """Findings and recommendations, latest first. Filters: ``kind`` (finding or recommendation),
    ``status`` (a recommendation status, such as impact_shown), ``theme`` (a theme's code) and
    ``year`` (the reporting year starting 1 April of that year in which it was agreed).
    Paginated with ``limit`` and ``offset``: the answer is ``{"items": [...], "count": n}``."""
    seat = request.seat
    found = (
        scoped(LearningPoint.objects.visible_to(seat), seat.partnership)
        .select_related("partnership", "rapid_review__incident", "lcspr", "national_review")
        .prefetch_related("partnership__clock_settings")
    )
    if kind:
        found = found.filter(kind=_choice(kind, LearningKind.choices, "kind"))
    if status:
        _choice(status, LearningStatus.choices, "status")
    if theme:
        found = found.filter(themes__code=theme).distinct()
    if year is not None:
        found = found.filter(**in_reporting_year("made_on", year))
    points = list(found)
    if status:
        # A recommendation's status comes from its actions and impact check: one query for all.
        statuses = statuses_for(points)
        points = [point for point in points if statuses[point.pk][0] == status]
    return _LearningPage(points, timezone.localdate())


def _source(seat: Seat, payload: LearningIn) -> dict[str, Any]:
    given = {name: getattr(payload, f"{name}_id") for name in SOURCES if getattr(payload, f"{name}_id") is not None}
    if len(given) != 1:
        raise ValidationError(
            "Give exactly one of rapid_review_id, lcspr_id or national_review_id: the review the learning comes from."
        )
    ((name, pk),) = given.items()
    return {name: scoped_id(SOURCES[name], seat.partnership, pk, f"{name}_id")}


@router.post(f"{BASE}/learning", response={201: LearningOut, **WRITE_ERRORS}, url_name="reviews_learning_create")
@partnership_endpoint(ROOM, "manage")
def learning_create(request: SeatedRequest, slug: str, payload: LearningIn) -> Status[LearningOut]:
    """Record a finding or recommendation of one review (``rapid_review_id``, ``lcspr_id`` or
    ``national_review_id``). A recommendation that applies locally gets its impact check 12
    months after ``made_on``."""
    seat = request.seat
    values = payload.dict(exclude={"rapid_review_id", "lcspr_id", "national_review_id", "theme_ids", "agency_ids"})
    point = LearningPoint(partnership=seat.partnership, created_by=seat.user, **_source(seat, payload))
    apply(point, values)
    themes = themes_for(seat.partnership, payload.theme_ids)
    agencies = scoped_ids(Agency, seat.partnership, payload.agency_ids, "agency_ids")
    with api_names(API_NAMES):
        learning_point_save(point=point, themes=themes, agencies=agencies, by=request.user)
    return Status(201, _one(seat, point.pk))


@router.get(f"{BASE}/learning/similar", response={200: list[SimilarOut], **ERRORS}, url_name="reviews_learning_similar")
@partnership_endpoint(ROOM, "view")
def learning_similar(
    request: SeatedRequest, slug: str, text: str = "", exclude_id: int | None = None, limit: int = 5
) -> list[SimilarOut]:
    """The partnership's earlier recommendations most like ``text``, most similar first, each with
    its status and what became of its actions: "we said this in 2023" before it is said again.
    ``exclude_id`` leaves out the recommendation being edited. An empty text finds nothing."""
    seat = request.seat
    found = similar_recommendations(seat.partnership, text, exclude_pk=exclude_id, limit=max(1, min(limit, 20)))
    statuses = statuses_for(item.point for item in found)
    return [
        SimilarOut(
            id=item.point.pk,
            text=item.point.text,
            score=item.score,
            made_on=item.point.made_on,
            year_label=reporting_year_label(item.point.year),
            source=str(item.point.source),
            status=statuses[item.point.pk][0],
            status_label=_label(statuses[item.point.pk][0]),
            outcome=actions_outcome(statuses[item.point.pk][1]),
        )
        for item in found
    ]


@router.get(
    f"{BASE}/learning/{{learning_point_id}}", response={200: LearningOut, **ERRORS}, url_name="reviews_learning_detail"
)
@partnership_endpoint(ROOM, "view")
def learning_detail(request: SeatedRequest, slug: str, learning_point_id: int) -> LearningOut:
    return _one(request.seat, learning_point_id)


@router.patch(
    f"{BASE}/learning/{{learning_point_id}}",
    response={200: LearningOut, **WRITE_ERRORS},
    url_name="reviews_learning_update",
)
@partnership_endpoint(ROOM, "manage")
def learning_update(request: SeatedRequest, slug: str, learning_point_id: int, payload: LearningPatch) -> LearningOut:
    """Change the fields sent. The review it comes from stays; the impact check is recorded at
    ``impact``. A recommendation with actions in the tracker cannot become a finding (400)."""
    seat = request.seat
    point = _point(seat, learning_point_id)
    changes = changes_of(payload)
    theme_ids, agency_ids = changes.pop("theme_ids", None), changes.pop("agency_ids", None)
    tagged = [t.pk for t in point.themes.all()]
    themes = themes_for(seat.partnership, theme_ids, keep=tagged) if theme_ids is not None else None
    agencies = scoped_ids(Agency, seat.partnership, agency_ids, "agency_ids") if agency_ids is not None else None
    apply(point, changes)
    with api_names(API_NAMES):
        learning_point_save(point=point, themes=themes, agencies=agencies, by=request.user)
    return _one(seat, point.pk)


# --- From a recommendation to actions and impact --------------------------------------------------


@router.get(
    f"{BASE}/learning/{{learning_point_id}}/actions",
    response={200: list[LearningActionOut], **ERRORS},
    url_name="reviews_learning_actions",
)
@partnership_endpoint(ROOM, "view")
def learning_actions(request: SeatedRequest, slug: str, learning_point_id: int) -> list[LearningActionOut]:
    """The actions in the shared tracker that carry out this recommendation."""
    point = _point(request.seat, learning_point_id)
    return _actions([point])[point.pk]


@router.post(
    f"{BASE}/learning/{{learning_point_id}}/actions",
    response={201: LearningActionOut, **WRITE_ERRORS},
    url_name="reviews_learning_action_create",
)
@partnership_endpoint(ROOM, "manage")
def learning_action_add(
    request: SeatedRequest, slug: str, learning_point_id: int, payload: LearningActionIn
) -> Status[LearningActionOut]:
    """Create an action in the shared tracker from a recommendation, owned by an agency of the
    partnership and due on ``due_date`` (not in the past). Refused (400) for a finding or a
    national recommendation that does not apply locally."""
    seat = request.seat
    point = _point(seat, learning_point_id)
    owner_agency = scoped_id(Agency, seat.partnership, payload.owner_agency_id, "owner_agency_id")
    people = User.objects.filter(memberships__partnership=seat.partnership).distinct()
    owner = chosen(people, [payload.owner_id], "owner_id")[0] if payload.owner_id is not None else None
    with api_names(API_NAMES):
        action = learning_action_create(
            learning_point=point,
            title=payload.title,
            owner_agency=owner_agency,  # type: ignore[arg-type]
            due_date=payload.due_date,
            by=request.user,
            description=payload.description,
            owner=owner,
        )
    return Status(201, next(a for a in _actions([point])[point.pk] if a.id == action.pk))


def _impact_out(point: LearningPoint) -> ImpactOut:
    status = point.status()
    return ImpactOut(
        impact_check_due=point.impact_check_due,
        impact_checked_on=point.impact_checked_on,
        impact_method=point.impact_method,
        impact_outcome=point.impact_outcome,
        impact_summary=point.impact_summary,
        impact_late_reason=point.impact_late_reason,
        status=status,
        status_label=_label(status),
        clocks=clocks_out(point.clocks(), timezone.localdate()),
    )


@router.get(
    f"{BASE}/learning/{{learning_point_id}}/impact",
    response={200: ImpactOut, **ERRORS},
    url_name="reviews_learning_impact",
)
@partnership_endpoint(ROOM, "view")
def learning_impact(request: SeatedRequest, slug: str, learning_point_id: int) -> ImpactOut:
    """The recommendation's impact check: when it is due, and what it found once recorded."""
    return _impact_out(_point(request.seat, learning_point_id))


@router.post(
    f"{BASE}/learning/{{learning_point_id}}/impact",
    response={200: ImpactOut, **WRITE_ERRORS},
    url_name="reviews_learning_impact_record",
)
@partnership_endpoint(ROOM, "manage")
def learning_impact_add(request: SeatedRequest, slug: str, learning_point_id: int, payload: ImpactIn) -> ImpactOut:
    """Record the impact check (for example a re-audit): ``outcome`` is changed, partly or
    not_changed, with the evidence in ``summary``, and ``late_reason`` where it was done after its
    12 months. A later check replaces an earlier one."""
    seat = request.seat
    point = _point(seat, learning_point_id)
    with api_names(API_NAMES):
        learning_impact_record(
            learning_point=point,
            checked_on=payload.checked_on,
            method=payload.method,
            outcome=payload.outcome,
            summary=payload.summary,
            late_reason=payload.late_reason,
            by=request.user,
        )
    return _impact_out(_point(seat, point.pk))
