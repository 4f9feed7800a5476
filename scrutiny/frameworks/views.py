"""The frameworks a partnership works to, its local requirements, the theme taxonomy and its
priorities.

Shipped frameworks are global reference data that every member may read; a partnership's local
requirements and priorities are its own. Lookups go through ``available_to(partnership)`` (not
``scoped()``, which would find only local records): another partnership's local requirement or
priority is a 404; a shipped one is refused with a reason, since it changes only through a new
version of its file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from scrutiny.frameworks.forms import LocalRequirementForm, PriorityEditForm, PriorityForm
from scrutiny.frameworks.models import Framework, Requirement, Theme, ThemeGroup
from scrutiny.frameworks.services import local_requirement_add as add_local_requirement
from scrutiny.frameworks.services import priority_add as add_priority
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.history import entries_for

#: The order theme groups are shown in.
GROUP_ORDER = [ThemeGroup.JTAI, ThemeGroup.FRONT_DOOR, ThemeGroup.PRACTICE, ThemeGroup.LEARNING]


@dataclass(frozen=True)
class ThemeGroupRows:
    value: str
    label: str
    themes: list[Theme]


@partnership_view("frameworks", "view")
def framework_list(request: SeatedRequest) -> HttpResponse:
    partnership = request.seat.partnership
    frameworks = Framework.objects.available_to(partnership).with_counts().order_by("order", "key")
    shipped = [f for f in frameworks if not f.is_local]
    local_requirements = (
        Requirement.objects.filter(framework__partnership=partnership).select_related("framework").order_by("order")
    )
    themes = list(Theme.objects.available_to(partnership).order_by("order", "label"))
    groups = [
        ThemeGroupRows(
            value=group.value,
            label=str(group.label),
            themes=[t for t in themes if t.group == group and t.partnership_id is None and not t.retired],
        )
        for group in GROUP_ORDER
    ]
    priorities = [t for t in themes if t.partnership_id is not None]
    return render(
        request,
        "frameworks/framework_list.html",
        {
            "frameworks": shipped,
            "local_requirements": local_requirements,
            "theme_groups": groups,
            "priorities": priorities,
        },
    )


def _tree(requirements: list[Requirement]) -> list[tuple[Requirement, int]]:
    """Requirements depth first, each with its depth (0 for top level)."""
    children: dict[int | None, list[Requirement]] = {}
    for requirement in requirements:
        children.setdefault(requirement.parent_id, []).append(requirement)
    rows: list[tuple[Requirement, int]] = []

    def visit(parent_id: int | None, depth: int) -> None:
        for requirement in children.get(parent_id, []):
            rows.append((requirement, depth))
            visit(requirement.pk, depth + 1)

    visit(None, 0)
    return rows


@partnership_view("frameworks", "view")
def framework_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    partnership = request.seat.partnership
    framework = get_object_or_404(Framework.objects.available_to(partnership, include_older=True), pk=pk)
    requirements = list(
        framework.requirements.order_by("order", "ref")
        .with_serves()
        .prefetch_related(
            Prefetch("served_by", queryset=Requirement.objects.available_to(partnership).in_catalogue_order())
        )
    )
    versions = (
        Framework.objects.shipped().filter(key=framework.key).exclude(pk=framework.pk).order_by("-loaded_at")
        if not framework.is_local
        else Framework.objects.none()
    )
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "framework": framework,
            "rows": _tree(requirements),
            "shows_links": any(r.serves.all() or r.served_by.all() for r in requirements),
            "unverified_count": sum(1 for r in requirements if not r.verified),
            "versions": versions,
        },
    )


@partnership_view("frameworks", "view")
def requirement_detail(request: SeatedRequest, pk: int) -> HttpResponse:
    partnership = request.seat.partnership
    requirement = get_object_or_404(
        Requirement.objects.available_to(partnership, include_older=True).select_related("framework", "parent"), pk=pk
    )
    in_order = Requirement.objects.in_catalogue_order()
    return render(
        request,
        "frameworks/requirement_detail.html",
        {
            "requirement": requirement,
            "serves": in_order.filter(served_by=requirement),
            "served_by": in_order.filter(serves=requirement).filter(
                pk__in=Requirement.objects.available_to(partnership).values("pk")
            ),
            "parts": requirement.children.order_by("order"),
            "history": entries_for(requirement),
        },
    )


def _shipped_refusal(requirement: Requirement) -> PermissionDenied:
    return PermissionDenied(
        f"{requirement.code} is shipped with Scrutiny and cannot be changed here: shipped requirements change only "
        "through a new version of their framework. Add a local requirement instead."
    )


@partnership_view("frameworks", "manage")
def local_requirement_add(request: SeatedRequest) -> HttpResponse:
    partnership = request.seat.partnership
    form = LocalRequirementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        requirement = add_local_requirement(
            partnership=partnership, requirement=form.save(commit=False), serves=form.cleaned_data["serves"]
        )
        messages.success(request, f"Local requirement {requirement.ref} added.")
        return redirect("requirement_detail", slug=partnership.slug, pk=requirement.pk)
    return render(request, "frameworks/local_requirement_form.html", {"form": form, "requirement": None})


@partnership_view("frameworks", "manage")
def local_requirement_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    partnership = request.seat.partnership
    requirement = get_object_or_404(
        Requirement.objects.available_to(partnership, include_older=True).select_related("framework"), pk=pk
    )
    if not requirement.framework.is_local:
        raise _shipped_refusal(requirement)
    form = LocalRequirementForm(request.POST or None, instance=requirement)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Local requirement {requirement.ref} updated.")
        return redirect("requirement_detail", slug=partnership.slug, pk=requirement.pk)
    return render(request, "frameworks/local_requirement_form.html", {"form": form, "requirement": requirement})


@partnership_view("frameworks", "manage")
def priority_add(request: SeatedRequest) -> HttpResponse:
    partnership = request.seat.partnership
    form = PriorityForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        theme = add_priority(partnership=partnership, theme=form.save(commit=False))
        messages.success(request, f"Priority {theme.label} added.")
        return redirect("framework_list", slug=partnership.slug)
    return render(request, "frameworks/priority_form.html", {"form": form, "theme": None})


@partnership_view("frameworks", "manage")
def priority_edit(request: SeatedRequest, pk: int) -> HttpResponse:
    partnership = request.seat.partnership
    theme = get_object_or_404(Theme.objects.available_to(partnership), pk=pk)
    if theme.partnership_id is None:
        raise PermissionDenied(
            f"{theme.label} is part of the theme taxonomy shipped with Scrutiny and cannot be changed here. "
            "Add a partnership priority instead."
        )
    form = PriorityEditForm(request.POST or None, instance=theme, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Priority {theme.label} updated.")
        return redirect("framework_list", slug=partnership.slug)
    return render(
        request, "frameworks/priority_form.html", {"form": form, "theme": theme, "history": entries_for(theme)}
    )
