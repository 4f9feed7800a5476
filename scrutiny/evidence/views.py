"""The evidence library: list, add (file or link), detail with versions, links and history, edit,
new version, supersede and download. There is no delete: evidence is superseded, never removed."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from scrutiny.evidence import services
from scrutiny.evidence.access import changeable_or_403, item_or_404
from scrutiny.evidence.files import download_response
from scrutiny.evidence.forms import (
    EvidenceFileForm,
    EvidenceFilterForm,
    EvidenceLinkForm,
    NewVersionForm,
    SupersedeForm,
    edit_form_class,
)
from scrutiny.evidence.history import evidence_history
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidenceLink, EvidenceQuerySet, agency_slice
from scrutiny.forms_govuk import errors_onto
from scrutiny.frameworks.models import Requirement
from scrutiny.partnerships.access import Seat, SeatedRequest, partnership_view
from scrutiny.partnerships.scoping import scoped

PAGE_SIZE = 25


def _visible(seat: Seat) -> EvidenceQuerySet:
    return EvidenceItem.objects.visible_to(seat)


@partnership_view("evidence", "view")
@require_safe
def evidence_list(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    filters = EvidenceFilterForm(request.GET, seat=seat)
    items = (
        filters.filter(cast(EvidenceQuerySet, scoped(_visible(seat), seat.partnership)))
        .with_latest_version()
        .select_related("agency", "added_by")
        .prefetch_related(
            Prefetch("requirements", queryset=Requirement.objects.select_related("framework")),
            "themes",
        )
        .newest_first()
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "evidence/list.html",
        {
            "filters": filters,
            "page": page,
            "items": page.object_list,
            "query": keep.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "can_contribute": seat.can("evidence", "contribute"),
        },
    )


@partnership_view("evidence", "contribute")
@require_http_methods(["GET", "POST"])
def evidence_add(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    kind = EvidenceKind.LINK if request.GET.get("kind") == EvidenceKind.LINK else EvidenceKind.FILE
    form: EvidenceFileForm | EvidenceLinkForm
    if kind == EvidenceKind.LINK:
        form = EvidenceLinkForm(request.POST or None, seat=seat)
    else:
        form = EvidenceFileForm(request.POST or None, request.FILES or None, seat=seat)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if isinstance(form, EvidenceLinkForm):
                item = services.evidence_add_link(
                    partnership=seat.partnership,
                    title=data["title"],
                    url=data["url"],
                    added_by=request.user,
                    **form.details(),
                )
            else:
                item = services.evidence_add_file(
                    partnership=seat.partnership,
                    title=data["title"],
                    upload=data["file"],
                    added_by=request.user,
                    **form.details(),
                )
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, f"“{item.title}” added to the evidence library.")
            return redirect(item)
    return render(request, "evidence/add.html", {"form": form, "kind": kind})


def _linked_records(item: EvidenceItem, seat: Seat) -> list[dict[str, Any]]:
    """What the item is linked to. An agency contributor sees the kind of record only: its title
    may belong to a part of the partnership's work they do not see."""
    sliced = agency_slice(seat) is not None
    links = EvidenceLink.objects.filter(evidence=item).select_related("content_type", "linked_by")
    if not sliced:
        links = links.prefetch_related("target")
    rows = []
    for link in links:
        target = None if sliced else link.target
        rows.append(
            {
                "kind": str(link.content_type.name).capitalize(),
                "name": str(target) if target is not None else "",
                "url": getattr(target, "get_absolute_url", lambda: "")() if target is not None else "",
                "purpose": link.get_purpose_display(),
                "linked_by": link.linked_by,
                "linked_at": link.linked_at,
            }
        )
    return rows


@partnership_view("evidence", "view")
@require_safe
def evidence_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    item = item_or_404(seat, pk)
    visible = _visible(seat)
    record = None
    if item.kind == EvidenceKind.RECORD and agency_slice(seat) is None:
        record = item.record
    return render(
        request,
        "evidence/detail.html",
        {
            "item": item,
            "versions": item.versions.select_related("uploaded_by").order_by("-number"),
            "requirements": item.requirements.select_related("framework").order_by("framework__key", "ref"),
            "themes": item.themes.all(),
            "linked_to": _linked_records(item, seat),
            "record": record,
            "record_url": getattr(record, "get_absolute_url", lambda: "")() if record is not None else "",
            "replaced_by": visible.filter(pk=item.superseded_by_id).first() if item.superseded_by_id else None,
            "replaces": list(visible.filter(superseded_by=item)),
            "can_change": item.can_change(seat),
            "history": evidence_history(item),
        },
    )


# Besides managers, only the person who added an item may change it.
@partnership_view("evidence", "contribute", row_rules=True)
@require_http_methods(["GET", "POST"])
def evidence_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    item = changeable_or_403(seat, pk)
    form = edit_form_class(item)(request.POST or None, instance=item, seat=seat)
    if request.method == "POST" and form.is_valid():
        try:
            services.evidence_change(
                item=item,
                changed_by=request.user,
                title=form.cleaned_data["title"],
                url=form.cleaned_data.get("url", ""),
                **form.details(),
            )
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, f"“{item.title}” updated.")
            return redirect(item)
    return render(request, "evidence/edit.html", {"item": item, "form": form})


@partnership_view("evidence", "contribute", row_rules=True)
@require_http_methods(["GET", "POST"])
def evidence_new_version(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    item = changeable_or_403(seat, pk)
    if item.kind != EvidenceKind.FILE:
        raise Http404("Only uploaded files have versions.")
    form = NewVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.evidence_add_version(
                item=item, upload=form.cleaned_data["file"], uploaded_by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(
                request, f"Version {version.number} of “{item.title}” uploaded. Earlier versions are kept."
            )
            return redirect(item)
    latest = item.versions.order_by("-number").first()
    return render(request, "evidence/new_version.html", {"item": item, "form": form, "latest": latest})


@partnership_view("evidence", "manage")
@require_http_methods(["GET", "POST"])
def evidence_supersede(request: SeatedRequest, pk: int) -> HttpResponse:
    seat = request.seat
    item = item_or_404(seat, pk)
    form = SupersedeForm(request.POST or None, item=item, seat=seat)
    if request.method == "POST" and not item.is_superseded and form.is_valid():
        try:
            services.evidence_supersede(
                item=item,
                reason=form.cleaned_data["reason"],
                superseded_by=form.cleaned_data["superseded_by"],
                by=request.user,
            )
        except ValidationError as problem:
            errors_onto(form, problem)
        else:
            messages.success(request, f"“{item.title}” is marked as superseded. It stays in the library.")
            return redirect(item)
    return render(request, "evidence/supersede.html", {"item": item, "form": form})


@partnership_view("evidence", "view")
@require_safe
def evidence_download(request: SeatedRequest, pk: int, number: int) -> HttpResponseBase:
    seat = request.seat
    item = item_or_404(seat, pk)
    version = item.versions.filter(number=number).first()
    if version is None:
        raise Http404("No such version")
    version.item = item
    return download_response(version)
