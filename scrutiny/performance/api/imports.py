"""The imports of returns, each with its data-quality summary, and returns uploaded through the
API, which the task worker imports."""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from ninja import File, Form, Schema, Status, UploadedFile
from ninja.pagination import paginate

from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.performance.api.common import BAD_INPUT, BASE, in_api_names, refused_form, router
from scrutiny.performance.api.quality import ProblemOut, QualityOut, problems_out, quality_out
from scrutiny.performance.figures import partnership_las
from scrutiny.performance.forms import ReturnUploadForm
from scrutiny.performance.models import ROOM, ReturnImport, ReturnUpload
from scrutiny.web.api import ERRORS


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


@router.get(
    f"{BASE}/imports",
    response={200: list[ImportOut], **ERRORS},
    url_name="performance_imports",
)
@paginate
@partnership_endpoint(ROOM, "view")
def import_list(request: SeatedRequest, slug: str) -> list[ImportOut]:
    """Imports of returns, newest year first, current and replaced. Paginated (limit, offset)."""
    records = scoped(ReturnImport.objects.all(), request.seat.partnership).select_related("area", "imported_by")
    return [_import_out(record) for record in records]


@router.get(
    f"{BASE}/imports/{{import_id}}",
    response={200: ImportDetailOut, **ERRORS},
    url_name="performance_import",
)
@partnership_endpoint(ROOM, "view")
def import_detail(request: SeatedRequest, slug: str, import_id: int) -> ImportDetailOut:
    """One import, with its data-quality summary and each record that cannot be true."""
    record = get_scoped_or_404(
        ReturnImport.objects.select_related("area", "imported_by"), request.seat.partnership, pk=import_id
    )
    return ImportDetailOut(
        **_import_out(record).dict(),
        problems=problems_out(record),
        problem_total=record.problem_total,
    )


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


@router.post(
    f"{BASE}/uploads",
    response={202: UploadOut, **BAD_INPUT},
    url_name="performance_upload_add",
)
@partnership_endpoint(ROOM, "manage")
def upload_add(
    request: SeatedRequest,
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
    seat = request.seat
    data: dict[str, Any] = {"kind": kind, "year": year or "", "la": la}
    if extract_date is not None:
        data["extract_date"] = extract_date.isoformat()
    form = ReturnUploadForm(data, {"return_files": files}, areas=partnership_las(seat.partnership))
    if not form.is_valid():
        raise refused_form(form)
    try:
        upload = form.create_upload(partnership=seat.partnership, user=seat.user)
    except ValidationError as problem:
        raise in_api_names(problem) from None
    return Status(202, _upload_out(upload))


@router.get(
    f"{BASE}/uploads/{{upload_id}}",
    response={200: UploadOut, **ERRORS},
    url_name="performance_upload",
)
@partnership_endpoint(ROOM, "manage")
def upload_detail(request: SeatedRequest, slug: str, upload_id: int) -> UploadOut:
    """An upload's progress, and when it has run, the import it made or every problem found."""
    return _upload_out(get_scoped_or_404(ReturnUpload.objects.all(), request.seat.partnership, pk=upload_id))
