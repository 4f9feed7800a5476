"""The performance room in the API: the indicator catalogue, a year's figures for one of the
partnership's local authorities (the same as `scrutiny indicators show`), each indicator's years,
the imports of returns, and the locally defined measures with the agencies' returns of them (which
an agency's own people may fill in and submit). The same seats, matrix and scoping as the pages."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from scrutiny.api.performance_quality import ProblemOut, QualityOut, problems_out, quality_out
from scrutiny.partnerships.access import Seat, partnership_endpoint
from scrutiny.partnerships.models import Area
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.performance.agency_returns import (
    entry_from,
    may_enter,
    measures_for,
    round_open,
    submission_save,
    submission_status,
    submissions_visible_to,
)
from scrutiny.performance.catalogue import Indicator, catalogue, indicator
from scrutiny.performance.figures import AreaChoiceError, chosen_la, partnership_las, year_figures
from scrutiny.performance.forms import LocalMeasureForm, ReturnRoundForm, ReturnUploadForm
from scrutiny.performance.models import (
    ROOM,
    AgencySubmission,
    IndicatorValue,
    LocalMeasure,
    ReturnImport,
    ReturnRound,
    ReturnUpload,
)
from scrutiny.performance.uploads import upload_create
from scrutiny.web.api import ERRORS, ErrorOut, form_errors_text

router = Router(tags=["performance"])
BASE = "/partnerships/{slug}/performance"
BAD_INPUT: dict[int, Any] = {**ERRORS, 400: ErrorOut, 422: ErrorOut}


class IndicatorOut(Schema):
    code: str
    number: str
    title: str
    family: str
    kind: str
    polarity: str
    unit: str
    unit_label: str
    source: str
    definition: str
    numerator: str
    denominator: str
    to_verify: list[str]
    england_2025: str


class FigureOut(Schema):
    value: float | None
    numerator: int | None
    denominator: int | None
    status: str
    reason: str | None
    dimensions: dict[str, dict[str, Any]] | None = None


class FiguresOut(Schema):
    partnership: str
    year: int
    la: str
    indicators: dict[str, FigureOut]


class YearValueOut(Schema):
    year: int
    dimension: str
    value: float | None
    numerator: int | None
    denominator: int | None
    status: str
    reason: str | None
    note: str
    import_id: int


class IndicatorYearsOut(IndicatorOut):
    la: str
    years: list[YearValueOut]


class ImportOut(Schema):
    id: int
    kind: str
    year: int
    la: str
    files: str
    sha256: str
    size: int
    records: int
    tolerated: list[str]
    status: str
    imported_by: str | None
    imported_at: datetime
    seconds: float
    quality: QualityOut | None = None


class ImportDetailOut(ImportOut):
    """An import with each record that cannot be true (the first 500; ``problem_total`` says
    how many there were), located by line and child position, never by the child's ID."""

    problems: list[ProblemOut]
    problem_total: int


def _seat(request: HttpRequest) -> Seat:
    return request.seat  # type: ignore[attr-defined,no-any-return]


def _indicator_out(item: Indicator) -> dict[str, Any]:
    return {
        "code": item.code,
        "number": item.number,
        "title": item.title,
        "family": item.family,
        "kind": item.kind,
        "polarity": item.polarity,
        "unit": item.unit,
        "unit_label": item.unit_label,
        "source": item.source,
        "definition": item.definition,
        "numerator": item.numerator,
        "denominator": item.denominator,
        "to_verify": list(item.to_verify),
        "england_2025": item.england_2025,
    }


def _la(seat: Seat, la: str | None) -> Area:
    try:
        return chosen_la(seat.partnership, la)
    except AreaChoiceError as problem:
        raise ValueError(f"la: {problem}") from None


def _import_out(record: ReturnImport) -> ImportOut:
    return ImportOut(
        id=record.pk,
        kind=record.kind,
        year=record.year,
        la=record.area.old_la_code or record.area.code,
        files=record.files,
        sha256=record.sha256,
        size=record.size,
        records=record.records,
        tolerated=list(record.tolerated),
        status=record.status,
        imported_by=str(record.imported_by) if record.imported_by else None,
        imported_at=record.imported_at,
        seconds=record.seconds,
        quality=quality_out(record),
    )


@router.get(f"{BASE}/indicators", response={200: list[IndicatorOut], **ERRORS}, url_name="performance_indicators")
@partnership_endpoint(ROOM, "view")
def indicator_list(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """The indicator catalogue: every national indicator (codes as DfE's definitions name them)
    and the suggested local measures."""
    return [_indicator_out(item) for item in catalogue().values()]


@router.get(
    f"{BASE}/indicators/{{code}}", response={200: IndicatorYearsOut, **BAD_INPUT}, url_name="performance_indicator"
)
@partnership_endpoint(ROOM, "view")
def indicator_detail(request: HttpRequest, slug: str, code: str, la: str | None = None) -> dict[str, Any]:
    """One indicator's definition and its value in each imported year for one of the partnership's
    local authorities (``la``: its DfE 3-digit or ONS code; needed only where it covers several)."""
    seat = _seat(request)
    item = indicator(code)
    if item is None:
        raise Http404
    area = _la(seat, la)
    values = IndicatorValue.objects.filter(
        source__partnership=seat.partnership, source__area=area, source__status="current", code=code
    ).select_related("source")
    return {
        **_indicator_out(item),
        "la": area.old_la_code or area.code,
        "years": [
            {
                "year": value.source.year,
                "dimension": value.dimension,
                "value": value.value,
                "numerator": value.numerator,
                "denominator": value.denominator,
                "status": value.status,
                "reason": value.reason or None,
                "note": value.note,
                "import_id": value.source_id,
            }
            for value in values.order_by("-source__year", "dimension")
        ],
    }


@router.get(f"{BASE}/figures", response={200: FiguresOut, **BAD_INPUT}, url_name="performance_figures")
@partnership_endpoint(ROOM, "view")
def figures(request: HttpRequest, slug: str, year: int, la: str | None = None) -> dict[str, Any]:
    """Every national indicator for reporting ``year`` (labelled by the year it ends: 2025 is
    2024-25), as `scrutiny indicators show` prints it: value, numerator, denominator, status
    ("computed" or "not computed") and the reason when not computed."""
    seat = _seat(request)
    area = _la(seat, la)
    return {
        "partnership": seat.partnership.slug,
        "year": year,
        "la": area.old_la_code or area.code,
        "indicators": year_figures(seat.partnership, area, year),
    }


@router.get(f"{BASE}/imports", response={200: list[ImportOut], **ERRORS}, url_name="performance_imports")
@paginate
@partnership_endpoint(ROOM, "view")
def import_list(request: HttpRequest, slug: str) -> list[ImportOut]:
    """Imports of returns, newest year first, current and replaced. Paginated (limit, offset)."""
    seat = _seat(request)
    records = scoped(ReturnImport.objects.all(), seat.partnership).select_related("area", "imported_by")
    return [_import_out(record) for record in records]


@router.get(f"{BASE}/imports/{{import_id}}", response={200: ImportDetailOut, **ERRORS}, url_name="performance_import")
@partnership_endpoint(ROOM, "view")
def import_detail(request: HttpRequest, slug: str, import_id: int) -> ImportDetailOut:
    """One import, with its data-quality summary and each record that cannot be true."""
    seat = _seat(request)
    record = get_scoped_or_404(
        ReturnImport.objects.select_related("area", "imported_by"), seat.partnership, pk=import_id
    )
    return ImportDetailOut(
        **_import_out(record).dict(),
        problems=problems_out(record),
        problem_total=record.problem_total,
    )


# --- Local measures and agency returns ------------------------------------------------------


class MeasureOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    owner_agency_id: int
    frequency: str
    active: bool
    numerator: str = ""
    denominator: str = ""
    source_system: str = ""
    first_collected: date | None = None
    agreed_by: str = ""


class MeasureIn(Schema):
    code: str
    title: str
    definition: str
    unit: str = "count"
    numerator: str = ""
    denominator: str = ""
    polarity: str = "neither"
    owner_agency_id: int
    frequency: str = "quarterly"
    source_system: str = ""
    first_collected: date | None = None
    agreed_by: str = ""
    active: bool = True


class RoundOut(Schema):
    id: int
    frequency: str
    period: str
    period_start: date
    period_end: date
    due_on: date
    submissions: int
    submitted: int


class RoundIn(Schema):
    frequency: str
    period_start: date
    period_end: date
    due_on: date


class UploadOut(Schema):
    id: int
    kind: str
    files: list[str]
    status: str
    progress: int
    message: str
    problem_total: int
    problems: list[dict[str, Any]]
    import_id: int | None
    uploaded_at: datetime
    finished_at: datetime | None


class SubmissionValueOut(Schema):
    measure_id: int
    measure_code: str
    value: float | None
    numerator: int | None
    denominator: int | None
    note: str


class SubmissionOut(Schema):
    id: int
    round_id: int
    period: str
    due_on: date
    agency_id: int
    submitted_at: datetime | None
    status: str
    values: list[SubmissionValueOut]


class SubmissionValueIn(Schema):
    measure_id: int
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    note: str = ""


class SubmissionIn(Schema):
    values: list[SubmissionValueIn]
    submit: bool = False


def _submission_out(submission: AgencySubmission) -> SubmissionOut:
    label, _colour = submission_status(submission)
    return SubmissionOut(
        id=submission.pk,
        round_id=submission.round_id,
        period=submission.round.period_label,
        due_on=submission.round.due_on,
        agency_id=submission.agency_id,
        submitted_at=submission.submitted_at,
        status=label,
        values=[
            SubmissionValueOut(
                measure_id=value.measure_id,
                measure_code=value.measure.code,
                value=float(value.value) if value.value is not None else None,
                numerator=value.numerator,
                denominator=value.denominator,
                note=value.note,
            )
            for value in submission.values.select_related("measure").order_by("measure__code")
        ],
    )


def _form_problem(form: BaseForm) -> ValueError:
    """A form's errors as one 400 answer that says which field and why."""
    return ValueError(form_errors_text(form, {"owner": "owner_agency_id"}))


def _measure_out(m: LocalMeasure) -> MeasureOut:
    return MeasureOut(
        id=m.pk,
        code=m.code,
        title=m.title,
        definition=m.definition,
        unit=m.unit,
        polarity=m.polarity,
        owner_agency_id=m.owner_id,
        frequency=m.frequency,
        active=m.active,
        numerator=m.numerator,
        denominator=m.denominator,
        source_system=m.source_system,
        first_collected=m.first_collected,
        agreed_by=m.agreed_by,
    )


def _measure_saved(seat: Seat, payload: MeasureIn, instance: LocalMeasure | None) -> LocalMeasure:
    """Checked by the same form as the page: the code unique in the partnership and not a national
    indicator's, the owner one of the partnership's agencies."""
    data: dict[str, Any] = payload.dict()
    data["owner"] = data.pop("owner_agency_id")
    if data["first_collected"] is None:
        data["first_collected"] = ""
    if not data["active"]:
        data.pop("active")  # an unticked box is absent from a form
    form = LocalMeasureForm(data, instance=instance, partnership=seat.partnership)
    if not form.is_valid():
        raise _form_problem(form)
    saved: LocalMeasure = form.save()
    return saved


@router.get(f"{BASE}/measures", response={200: list[MeasureOut], **ERRORS}, url_name="performance_measures")
@partnership_endpoint(ROOM, "view")
def measure_list(request: HttpRequest, slug: str) -> list[MeasureOut]:
    """The partnership's locally defined measures (its data dictionary)."""
    seat = _seat(request)
    return [_measure_out(m) for m in scoped(LocalMeasure.objects.all(), seat.partnership)]


@router.post(f"{BASE}/measures", response={201: MeasureOut, **BAD_INPUT}, url_name="performance_measure_add")
@partnership_endpoint(ROOM, "manage")
def measure_add(request: HttpRequest, slug: str, payload: MeasureIn) -> Any:
    """Define a local measure (business manager)."""
    return Status(201, _measure_out(_measure_saved(_seat(request), payload, None)))


@router.get(f"{BASE}/measures/{{measure_id}}", response={200: MeasureOut, **ERRORS}, url_name="performance_measure")
@partnership_endpoint(ROOM, "view")
def measure_detail(request: HttpRequest, slug: str, measure_id: int) -> MeasureOut:
    return _measure_out(get_scoped_or_404(LocalMeasure.objects.all(), _seat(request).partnership, pk=measure_id))


@router.put(
    f"{BASE}/measures/{{measure_id}}", response={200: MeasureOut, **BAD_INPUT}, url_name="performance_measure_put"
)
@partnership_endpoint(ROOM, "manage")
def measure_edit(request: HttpRequest, slug: str, measure_id: int, payload: MeasureIn) -> MeasureOut:
    """Change a local measure's definition (business manager); the history keeps the earlier one."""
    seat = _seat(request)
    measure = get_scoped_or_404(LocalMeasure.objects.all(), seat.partnership, pk=measure_id)
    return _measure_out(_measure_saved(seat, payload, measure))


def _round_out(opened: ReturnRound) -> RoundOut:
    submissions = list(opened.submissions.all())
    return RoundOut(
        id=opened.pk,
        frequency=opened.frequency,
        period=opened.period_label,
        period_start=opened.period_start,
        period_end=opened.period_end,
        due_on=opened.due_on,
        submissions=len(submissions),
        submitted=sum(1 for each in submissions if each.submitted_at is not None),
    )


@router.get(f"{BASE}/rounds", response={200: list[RoundOut], **ERRORS}, url_name="performance_rounds")
@paginate
@partnership_endpoint(ROOM, "view")
def round_list(request: HttpRequest, slug: str) -> list[RoundOut]:
    """Rounds of agency returns, newest period first. Paginated (limit, offset)."""
    rounds = scoped(ReturnRound.objects.all(), _seat(request).partnership).prefetch_related("submissions")
    return [_round_out(each) for each in rounds.order_by("-period_start", "frequency")]


@router.post(f"{BASE}/rounds", response={201: RoundOut, **BAD_INPUT}, url_name="performance_round_add")
@partnership_endpoint(ROOM, "manage")
def round_add(request: HttpRequest, slug: str, payload: RoundIn) -> Any:
    """Open a round for a period: each agency that owns an active measure of that frequency is
    asked for a return (business manager)."""
    form = ReturnRoundForm(payload.dict())
    if not form.is_valid():
        raise _form_problem(form)
    try:
        opened = round_open(partnership=_seat(request).partnership, **form.cleaned_data)
    except ValidationError as problem:
        raise ValueError(
            "; ".join(f"{field}: {' '.join(errors)}" for field, errors in problem.message_dict.items())
        ) from None
    return Status(201, _round_out(opened))


def _upload_out(upload: ReturnUpload) -> UploadOut:
    return UploadOut(
        id=upload.pk,
        kind=upload.kind,
        files=list(upload.names),
        status=upload.status,
        progress=upload.progress,
        message=upload.message,
        problem_total=upload.problem_total,
        problems=list(upload.problems),
        import_id=upload.result_id,
        uploaded_at=upload.uploaded_at,
        finished_at=upload.finished_at,
    )


@router.post(f"{BASE}/uploads", response={202: UploadOut, **BAD_INPUT}, url_name="performance_upload_add")
@partnership_endpoint(ROOM, "manage")
def upload_add(
    request: HttpRequest,
    slug: str,
    kind: Form[str],
    files: File[list[UploadedFile]],
    year: Form[int | None] = None,
    la: Form[str] = "",
    extract_date: Form[date | None] = None,
) -> Any:
    """Upload a return (multipart: ``kind`` cin, ssda903 or annex_a, one or more ``files``, and
    ``year`` for the SSDA903, ``extract_date`` for Annex A, ``la`` where the partnership covers
    several). Answered 202: the task worker imports it; GET the upload to follow its progress."""
    seat = _seat(request)
    data: dict[str, Any] = {"kind": kind, "year": year or "", "la": la}
    if extract_date is not None:
        data["extract_date"] = extract_date.isoformat()
    form = ReturnUploadForm(data, {"return_files": files}, areas=partnership_las(seat.partnership))
    if not form.is_valid():
        raise _form_problem(form)
    try:
        upload = upload_create(
            partnership=seat.partnership,
            kind=form.cleaned_data["kind"],
            files=form.cleaned_data["return_files"],
            user=seat.user,
            year=form.cleaned_data.get("year"),
            la=form.cleaned_data.get("la") or "",
            extract_date=form.cleaned_data.get("extract_date"),
        )
    except ValidationError as problem:
        raise ValueError(f"files: {' '.join(problem.messages)}") from None
    return Status(202, _upload_out(upload))


@router.get(f"{BASE}/uploads/{{upload_id}}", response={200: UploadOut, **ERRORS}, url_name="performance_upload")
@partnership_endpoint(ROOM, "manage")
def upload_detail(request: HttpRequest, slug: str, upload_id: int) -> UploadOut:
    """An upload's progress, and when it has run, the import it made or every problem found."""
    return _upload_out(get_scoped_or_404(ReturnUpload.objects.all(), _seat(request).partnership, pk=upload_id))


@router.get(f"{BASE}/returns", response={200: list[SubmissionOut], **ERRORS}, url_name="performance_returns")
@paginate
@partnership_endpoint(ROOM, "contribute")
def return_list(request: HttpRequest, slug: str) -> list[SubmissionOut]:
    """Agency returns, newest period first: everyone partnership-wide sees all; an agency
    contributor their own agency's. Paginated (limit, offset)."""
    seat = _seat(request)
    rows = submissions_visible_to(seat).order_by("-round__period_start", "agency__name")
    return [_submission_out(submission) for submission in rows]


@router.get(f"{BASE}/returns/{{submission_id}}", response={200: SubmissionOut, **ERRORS}, url_name="performance_return")
@partnership_endpoint(ROOM, "contribute")
def return_detail(request: HttpRequest, slug: str, submission_id: int) -> SubmissionOut:
    submission = submissions_visible_to(_seat(request)).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    return _submission_out(submission)


@router.put(
    f"{BASE}/returns/{{submission_id}}", response={200: SubmissionOut, **BAD_INPUT}, url_name="performance_return_put"
)
@partnership_endpoint(ROOM, "contribute")
def return_save(request: HttpRequest, slug: str, submission_id: int, payload: SubmissionIn) -> SubmissionOut:
    """Save an agency's figures (as text, checked as on the page) and, with ``submit``, submit
    them. Only the agency's own people, or the business manager, may."""
    seat = _seat(request)
    submission = submissions_visible_to(seat).filter(pk=submission_id).first()
    if submission is None:
        raise Http404
    if not may_enter(seat, submission):
        raise PermissionDenied("Only the agency's own people, or the business manager, may enter its return.")
    measures = {measure.pk: measure for measure in measures_for(submission)}
    entries = {}
    try:
        for item in payload.values:
            measure = measures.get(item.measure_id)
            if measure is None:
                raise ValueError(f"measure_id {item.measure_id}: not a measure this agency returns in this round.")
            entries[measure.pk] = entry_from(measure, item.dict(), measure.code)
        submission_save(submission, entries, user=seat.user, submit=payload.submit)
    except ValidationError as problem:
        raise ValueError(" ".join(problem.messages)) from None
    return _submission_out(submission)
