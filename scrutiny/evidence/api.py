"""The evidence library through the API: the same seats, matrix, row-level visibility, forms and
services as the pages. Tags are given and shown as codes: ``wt2023-scrutiny-functions:F3`` for a
requirement, the theme's code for a theme."""

# No "from __future__ import annotations": django-ninja reads these signatures through the
# partnership_endpoint wrapper, whose module globals do not hold this module's schemas.

from datetime import date, datetime
from typing import Any, Literal, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpResponseBase
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from scrutiny.evidence import rules
from scrutiny.evidence.access import changeable_or_403, item_or_404
from scrutiny.evidence.files import download_response
from scrutiny.evidence.forms import (
    EvidenceDetailsForm,
    EvidenceFileForm,
    EvidenceLinkForm,
    NewVersionForm,
    SupersedeForm,
    edit_form_class,
    requirements_available,
    themes_available,
)
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidenceLink, EvidenceQuerySet, EvidenceVersion
from scrutiny.evidence.services import (
    evidence_add_file,
    evidence_add_link,
    evidence_add_version,
    evidence_change,
    evidence_for_record,
    evidence_supersede,
)
from scrutiny.frameworks.models import Requirement
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped
from scrutiny.web.api import ERRORS, REFUSALS

router = Router(tags=["evidence"])


class EvidenceVersionOut(Schema):
    number: int
    original_name: str
    content_type: str
    size: int
    sha256: str
    note: str
    uploaded_by: str | None
    uploaded_at: datetime
    download_url: str


class EvidenceLinkOut(Schema):
    record_type: str
    record_id: int
    purpose: str
    linked_at: datetime


class EvidenceOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    url: str
    record_type: str | None
    record_id: int | None
    agency_id: int | None
    agency: str | None
    dated: date | None
    requirements: list[str]
    themes: list[str]
    added_by: str | None
    added_at: datetime
    superseded: bool
    superseded_at: datetime | None
    superseded_reason: str
    superseded_by_id: int | None
    latest_version: int | None


class EvidenceDetailOut(EvidenceOut):
    versions: list[EvidenceVersionOut]
    links: list[EvidenceLinkOut]


class EvidenceIn(Schema):
    """A link (``url``) or a reference to a record of Scrutiny (``record_type`` as
    ``app_label.model`` and ``record_id``)."""

    kind: Literal["link", "record"]
    title: str
    description: str = ""
    url: str = ""
    record_type: str | None = None
    record_id: int | None = None
    agency_id: int | None = None
    dated: date | None = None
    requirements: list[str] = []
    themes: list[str] = []


class EvidenceUpdateIn(Schema):
    title: str | None = None
    description: str | None = None
    url: str | None = None
    agency_id: int | None = None
    dated: date | None = None
    requirements: list[str] | None = None
    themes: list[str] | None = None


class SupersedeIn(Schema):
    reason: str
    superseded_by_id: int | None = None


def _record_code(content_type: ContentType | None) -> str | None:
    return f"{content_type.app_label}.{content_type.model}" if content_type else None


def _with_tags(items: EvidenceQuerySet) -> EvidenceQuerySet:
    return (
        items.with_latest_version()
        .select_related("agency", "added_by", "record_type")
        .prefetch_related(Prefetch("requirements", queryset=Requirement.objects.select_related("framework")), "themes")
    )


def _item_out(item: EvidenceItem) -> dict[str, Any]:
    return {
        "id": item.pk,
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "url": item.url,
        "record_type": _record_code(item.record_type),
        "record_id": item.record_id,
        "agency_id": item.agency_id,
        "agency": item.agency.name if item.agency else None,
        "dated": item.dated,
        "requirements": sorted(r.code for r in item.requirements.all()),
        "themes": sorted(t.code for t in item.themes.all()),
        "added_by": str(item.added_by) if item.added_by else None,
        "added_at": item.added_at,
        "superseded": item.is_superseded,
        "superseded_at": item.superseded_at,
        "superseded_reason": item.superseded_reason,
        "superseded_by_id": item.superseded_by_id,
        "latest_version": getattr(item, "latest_version_number", None),
    }


def _version_out(slug: str, version: EvidenceVersion) -> EvidenceVersionOut:
    return EvidenceVersionOut(
        number=version.number,
        original_name=version.original_name,
        content_type=version.content_type,
        size=version.size,
        sha256=version.sha256,
        note=version.note,
        uploaded_by=str(version.uploaded_by) if version.uploaded_by else None,
        uploaded_at=version.uploaded_at,
        download_url=reverse(
            "api:evidence_download", kwargs={"slug": slug, "evidence_id": version.item_id, "number": version.number}
        ),
    )


def _detail_out(seat: Seat, pk: int) -> EvidenceDetailOut:
    item = get_scoped_or_404(_with_tags(EvidenceItem.objects.visible_to(seat)), seat.partnership, pk=pk)
    slug = seat.partnership.slug
    versions = item.versions.select_related("uploaded_by").order_by("number")
    links = EvidenceLink.objects.filter(evidence=item).select_related("content_type")
    return EvidenceDetailOut(
        **_item_out(item),
        versions=[_version_out(slug, v) for v in versions],
        links=[
            EvidenceLinkOut(
                record_type=_record_code(link.content_type) or "",
                record_id=link.object_id,
                purpose=link.purpose,
                linked_at=link.linked_at,
            )
            for link in links
        ],
    )


def _requirement_ids(partnership: Partnership, codes: list[str]) -> list[int]:
    known = {r.code: r.pk for r in requirements_available(partnership)}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"requirements": f"not available to this partnership: {', '.join(unknown)}"})
    return [known[code] for code in codes]


def _theme_ids(partnership: Partnership, codes: list[str]) -> list[int]:
    # A partnership's own priority wins over a shipped theme of the same code.
    known = {t.code: t.pk for t in themes_available(partnership).filter(partnership__isnull=True)} | {
        t.code: t.pk for t in themes_available(partnership).filter(partnership=partnership)
    }
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError({"themes": f"not available to this partnership: {', '.join(unknown)}"})
    return [known[code] for code in codes]


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _form_data(partnership: Partnership, payload: dict[str, Any]) -> dict[str, Any]:
    """A form's data from the API's fields: tag codes become the form's choices."""
    data = {
        "title": payload.get("title") or "",
        "description": payload.get("description") or "",
        "url": payload.get("url") or "",
        "agency": payload.get("agency_id") or "",
        "dated": payload["dated"].isoformat() if payload.get("dated") else "",
        "requirements": _requirement_ids(partnership, payload.get("requirements") or []),
        "themes": _theme_ids(partnership, payload.get("themes") or []),
    }
    return data


def _valid[F: BaseForm](form: F) -> F:
    """The form, validated; its errors refuse the request (400, each field's messages)."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


@router.get(
    "/partnerships/{slug}/evidence",
    response={200: list[EvidenceOut], **REFUSALS},
    url_name="evidence_list",
)
@paginate
@partnership_endpoint("evidence", "view")
def evidence_list(
    request: SeatedRequest,
    slug: str,
    kind: str | None = None,
    agency_id: int | None = None,
    requirement: str | None = None,
    theme: str | None = None,
    q: str | None = None,
    include_superseded: bool = False,
) -> list[dict[str, Any]]:
    """The evidence this person may see, by date of the evidence, newest first. Filters: kind
    (file, link, record), agency_id, requirement (a code such as wt2023-scrutiny-functions:F3),
    theme (a code), q (in the title), include_superseded. Paginated with limit and offset."""
    seat = request.seat
    if kind and kind not in EvidenceKind.values:
        raise ValidationError({"kind": f"one of {', '.join(EvidenceKind.values)}"})
    items = cast(EvidenceQuerySet, scoped(EvidenceItem.objects.visible_to(seat), seat.partnership)).matching(
        q=q or "",
        kind=kind or "",
        agency=agency_id,
        requirement=_requirement_ids(seat.partnership, [requirement])[0] if requirement else None,
        theme=_theme_ids(seat.partnership, [theme])[0] if theme else None,
        include_superseded=include_superseded,
    )
    return [_item_out(item) for item in _with_tags(items).newest_first()]


@router.post(
    "/partnerships/{slug}/evidence",
    response={201: EvidenceDetailOut, **REFUSALS},
    url_name="evidence_create",
)
@partnership_endpoint("evidence", "contribute")
def evidence_create(request: SeatedRequest, slug: str, payload: EvidenceIn) -> Any:
    """Add a link, or a reference to a record of Scrutiny. Files are uploaded to /evidence/files."""
    seat = request.seat
    data = _form_data(seat.partnership, payload.dict())
    if payload.kind == "link":
        form: EvidenceDetailsForm = _valid(EvidenceLinkForm(data, seat=seat))
        item = evidence_add_link(
            partnership=seat.partnership,
            title=form.cleaned_data["title"],
            url=form.cleaned_data["url"],
            added_by=request.user,
            **form.details(),
        )
    else:
        record = _record(seat.partnership, payload.record_type, payload.record_id)
        reference = EvidenceItem(
            kind=EvidenceKind.RECORD,
            partnership=seat.partnership,
            record_type=ContentType.objects.get_for_model(record),
            record_id=record.pk,
        )
        form = _valid(EvidenceDetailsForm(data, seat=seat, instance=reference))
        item = evidence_for_record(
            partnership=seat.partnership,
            record=record,
            title=form.cleaned_data["title"],
            added_by=request.user,
            **form.details(),
        )
    return Status(201, _detail_out(seat, item.pk))


def _record(partnership: Partnership, record_type: str | None, record_id: int | None) -> Any:
    if not record_type or not record_id or "." not in record_type:
        raise ValidationError("record_type (as app_label.model) and record_id are needed for a record.")
    app_label, model = record_type.lower().split(".", 1)
    unknown = ValidationError({"record_type": f"there is no kind of record called {record_type}."})
    try:
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
    except ContentType.DoesNotExist:
        raise unknown from None
    if model_class is None:
        raise unknown
    try:
        return get_scoped_or_404(model_class, partnership, pk=record_id)
    except Http404:
        raise ValidationError({"record_id": f"there is no {record_type} {record_id} in this partnership."}) from None
    except FieldError:
        raise ValidationError({"record_type": f"{record_type} records do not belong to a partnership."}) from None


@router.post(
    "/partnerships/{slug}/evidence/files",
    response={201: EvidenceDetailOut, **REFUSALS},
    url_name="evidence_upload",
)
@partnership_endpoint("evidence", "contribute")
def evidence_upload(
    request: SeatedRequest,
    slug: str,
    file: File[UploadedFile],
    title: Form[str],
    description: Form[str] = "",
    agency_id: Form[int | None] = None,
    dated: Form[date | None] = None,
    requirements: Form[str] = "",
    themes: Form[str] = "",
) -> Any:
    """Upload a file as new evidence (multipart). ``requirements`` and ``themes`` are codes
    separated by commas. A file of a type or size that is not accepted is answered 400 with the
    reason, and nothing is stored."""
    seat = request.seat
    payload = {
        "title": title,
        "description": description,
        "agency_id": agency_id,
        "dated": dated,
        "requirements": _codes(requirements),
        "themes": _codes(themes),
    }
    form = _valid(EvidenceFileForm(_form_data(seat.partnership, payload), {"file": file}, seat=seat))
    item = evidence_add_file(
        partnership=seat.partnership,
        title=form.cleaned_data["title"],
        upload=form.cleaned_data["file"],
        added_by=request.user,
        **form.details(),
    )
    return Status(201, _detail_out(seat, item.pk))


@router.get(
    "/partnerships/{slug}/evidence/{evidence_id}",
    response={200: EvidenceDetailOut, **ERRORS},
    url_name="evidence_detail",
)
@partnership_endpoint("evidence", "view")
def evidence_detail(request: SeatedRequest, slug: str, evidence_id: int) -> EvidenceDetailOut:
    """One piece of evidence with its versions, tag codes and what it is linked to."""
    return _detail_out(request.seat, evidence_id)


@router.patch(
    "/partnerships/{slug}/evidence/{evidence_id}",
    response={200: EvidenceDetailOut, **REFUSALS},
    url_name="evidence_update",
)
@partnership_endpoint("evidence", "contribute")
def evidence_update(request: SeatedRequest, slug: str, evidence_id: int, payload: EvidenceUpdateIn) -> Any:
    """Change title, description, link address, agency, date or tags (what is left out stays).
    Managers change any evidence; others what they added."""
    seat = request.seat
    item = changeable_or_403(seat, evidence_id)
    given = payload.dict(exclude_unset=True)
    current = {
        "title": item.title,
        "description": item.description,
        "url": item.url,
        "agency_id": item.agency_id,
        "dated": item.dated,
    }
    data = _form_data(seat.partnership, {**current, **given, "requirements": [], "themes": []})
    data["requirements"] = (
        _requirement_ids(seat.partnership, given["requirements"])
        if "requirements" in given
        else list(item.requirements.values_list("pk", flat=True))
    )
    data["themes"] = (
        _theme_ids(seat.partnership, given["themes"])
        if "themes" in given
        else list(item.themes.values_list("pk", flat=True))
    )
    form = _valid(edit_form_class(item)(data, instance=item, seat=seat))
    evidence_change(
        item=item,
        changed_by=request.user,
        title=form.cleaned_data["title"],
        url=form.cleaned_data.get("url", ""),
        **form.details(),
    )
    return Status(200, _detail_out(seat, item.pk))


@router.post(
    "/partnerships/{slug}/evidence/{evidence_id}/versions",
    response={201: EvidenceVersionOut, **REFUSALS},
    url_name="evidence_add_version",
)
@partnership_endpoint("evidence", "contribute")
def evidence_add_version_endpoint(
    request: SeatedRequest, slug: str, evidence_id: int, file: File[UploadedFile], note: Form[str] = ""
) -> Any:
    """Upload a new version of a file (multipart). Earlier versions stay downloadable."""
    seat = request.seat
    item = changeable_or_403(seat, evidence_id)
    # Said before the file is read: a link or a record never takes one, whatever is sent.
    rules.only_files_have_versions(item)
    form = _valid(NewVersionForm({"note": note}, {"file": file}))
    version = evidence_add_version(
        item=item, upload=form.cleaned_data["file"], uploaded_by=request.user, note=form.cleaned_data["note"]
    )
    return Status(201, _version_out(seat.partnership.slug, version))


@router.post(
    "/partnerships/{slug}/evidence/{evidence_id}/supersede",
    response={200: EvidenceDetailOut, **REFUSALS},
    url_name="evidence_supersede",
)
@partnership_endpoint("evidence", "manage")
def evidence_supersede_endpoint(request: SeatedRequest, slug: str, evidence_id: int, payload: SupersedeIn) -> Any:
    """Mark evidence as superseded, with the reason and optionally the evidence that replaces it."""
    seat = request.seat
    item = item_or_404(seat, evidence_id)
    form = _valid(
        SupersedeForm({"reason": payload.reason, "superseded_by": payload.superseded_by_id or ""}, item=item, seat=seat)
    )
    evidence_supersede(
        item=item,
        reason=form.cleaned_data["reason"],
        superseded_by=form.cleaned_data["superseded_by"],
        by=request.user,
    )
    return Status(200, _detail_out(seat, item.pk))


@router.get(
    "/partnerships/{slug}/evidence/{evidence_id}/versions/{number}/download",
    response={**ERRORS},
    url_name="evidence_download",
)
@partnership_endpoint("evidence", "view")
def evidence_download(request: SeatedRequest, slug: str, evidence_id: int, number: int) -> HttpResponseBase:
    """The file of one version, as an attachment, through the same checks as the page."""
    item = item_or_404(request.seat, evidence_id)
    version = item.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    return download_response(version)
