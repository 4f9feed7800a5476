"""Picking evidence for a record of another room: a form, two view helpers and a template include.

How a room (assurance, actions, …) lets people attach evidence to one of its records, here a
finding. Its own views keep their own access decorator and URL; the helpers do the rest.

1. A page to pick evidence (GET shows the partnership's current evidence the person may see,
   minus what is already linked; ``?superseded=1`` includes superseded items, ``?q=`` searches
   titles; POST links the ticked items and goes back)::

       from scrutiny.evidence.models import EvidencePurpose
       from scrutiny.evidence.picking import pick_evidence

       @partnership_view("assurance", "contribute")
       def finding_evidence(request: SeatedRequest, pk: int):
           finding = get_scoped_or_404(Finding, request.seat.partnership, pk=pk)
           return pick_evidence(
               request, target=finding, purpose=EvidencePurpose.SUPPORTS,
               back_url=finding.get_absolute_url(), heading=f"Evidence for {finding}",
           )

2. A POST-only view that removes one link (the form in the include posts ``evidence=<id>``)::

       @partnership_view("assurance", "contribute")
       @post_only
       def finding_evidence_remove(request: SeatedRequest, pk: int):
           finding = get_scoped_or_404(Finding, request.seat.partnership, pk=pk)
           return unlink_evidence(request, target=finding, purpose=EvidencePurpose.SUPPORTS,
                                  back_url=finding.get_absolute_url())

3. On the record's page, the view puts ``linked_evidence_for(finding, request.seat)`` in the
   context, and the template includes the table::

       {% url 'finding_evidence_remove' slug=current_seat.partnership.slug pk=finding.pk as unlink_url %}
       {% include "evidence/includes/linked_evidence.html" with linked=linked_evidence unlink_url=unlink_url %}

   Leave ``unlink_url`` out where people may not remove links. The table links each item to its
   evidence page and each file to the download of its latest version.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render

from scrutiny.evidence.models import EvidenceItem, EvidenceLink
from scrutiny.evidence.services import evidence_for, evidence_link, evidence_unlink
from scrutiny.forms_govuk import GovukForm
from scrutiny.partnerships.access import Seat, SeatedRequest
from scrutiny.partnerships.scoping import get_scoped_or_404

#: From this many choices on, the picker suggests searching.
SEARCH_HINT_FROM = 30


def linked_evidence_for(target: models.Model, seat: Seat, purpose: str | None = None) -> list[EvidenceItem]:
    """The evidence linked to ``target`` that this seat may see, for the include's table: one
    query, however many items."""
    return list(
        evidence_for(target, purpose)
        .visible_to(seat)
        .with_latest_version()
        .select_related("agency", "partnership")
        .order_by("title")
    )


def _item_label(item: EvidenceItem) -> str:
    parts = [item.get_kind_display()]
    if item.dated:
        parts.append(item.dated.isoformat())
    if item.is_superseded:
        parts.append("superseded")
    return f"{item.title} ({', '.join(parts)})"


class EvidencePickForm(GovukForm):
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Evidence",
        error_messages={"required": "Choose at least one piece of evidence."},
    )

    def __init__(
        self,
        *args: Any,
        seat: Seat,
        target: models.Model,
        purpose: str,
        include_superseded: bool = False,
        search: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        already = EvidenceLink.objects.for_object(target).filter(purpose=purpose).values("evidence_id")
        choices = EvidenceItem.objects.visible_to(seat).exclude(pk__in=already)
        if not include_superseded:
            choices = choices.current()
        if search:
            choices = choices.filter(title__icontains=search)
        field = self.fields["evidence"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = choices.order_by("title")
        field.label_from_instance = _item_label  # type: ignore[method-assign,assignment]


def pick_evidence(
    request: SeatedRequest,
    *,
    target: models.Model,
    purpose: str,
    back_url: str,
    heading: str,
    template: str = "evidence/pick.html",
) -> HttpResponse:
    """GET: the picker; POST: link the chosen evidence to ``target`` and go back to ``back_url``."""
    seat = request.seat
    include_superseded = request.GET.get("superseded") == "1"
    search = request.GET.get("q", "").strip()[:200]
    form = EvidencePickForm(
        request.POST or None,
        seat=seat,
        target=target,
        purpose=purpose,
        include_superseded=include_superseded,
        search=search,
    )
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["evidence"])
        for item in chosen:
            evidence_link(evidence=item, target=target, purpose=purpose, linked_by=request.user)
        messages.success(request, f"{len(chosen)} piece{'s' if len(chosen) != 1 else ''} of evidence linked.")
        return redirect(back_url)
    field = form.fields["evidence"]
    assert isinstance(field, forms.ModelMultipleChoiceField)
    assert field.queryset is not None
    available = field.queryset.count()
    return render(
        request,
        template,
        {
            "form": form,
            "heading": heading,
            "back_url": back_url,
            "target": target,
            "include_superseded": include_superseded,
            "search": search,
            "available": available,
            "suggest_search": available >= SEARCH_HINT_FROM,
        },
    )


def unlink_evidence(
    request: SeatedRequest, *, target: models.Model, purpose: str | None, back_url: str
) -> HttpResponse:
    """POST ``evidence=<id>``: remove that evidence's link to ``target``; the evidence stays."""
    seat = request.seat
    item = get_scoped_or_404(EvidenceItem.objects.visible_to(seat), seat.partnership, pk=request.POST.get("evidence"))
    if evidence_unlink(evidence=item, target=target, purpose=purpose, unlinked_by=request.user):
        messages.success(request, f"“{item.title}” is no longer linked. The evidence itself is kept.")
    return redirect(back_url)
