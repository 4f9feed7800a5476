"""The frameworks room in the JSON API: the frameworks a partnership works to, their requirements
and the theme taxonomy with the partnership's priorities.

Shipped frameworks are the same for every partnership; a partnership's local requirements and
priorities are its own, and another partnership's are not found (404), as on the pages.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from scrutiny.frameworks.catalogue import themes_for
from scrutiny.frameworks.models import Framework, FrameworkQuerySet, Requirement, Theme
from scrutiny.partnerships.access import SeatedRequest, partnership_endpoint
from scrutiny.partnerships.models import Partnership
from scrutiny.web.api import ERRORS

router = Router()
TAGS = ["frameworks"]


class FrameworkOut(Schema):
    id: int
    key: str
    version: str
    title: str
    description: str
    source: str
    source_note: str
    is_current: bool
    is_local: bool
    requirement_count: int
    unverified_count: int


class RequirementOut(Schema):
    id: int
    code: str
    framework: str
    framework_version: str
    ref: str
    title: str
    description: str
    section: str
    source: str
    evidence_hint: str
    verified: bool
    parent: str | None
    serves: list[str]


class ThemeOut(Schema):
    id: int
    code: str
    label: str
    group: str
    group_label: str
    description: str
    source: str
    is_priority: bool
    retired: bool


def _framework_out(framework: Framework) -> FrameworkOut:
    return FrameworkOut(
        id=framework.pk,
        key=framework.key,
        version=framework.version,
        title=framework.title,
        description=framework.description,
        source=framework.source,
        source_note=framework.source_note,
        is_current=framework.is_current,
        is_local=framework.is_local,
        requirement_count=framework.requirement_count,  # type: ignore[attr-defined]
        unverified_count=framework.unverified_count,  # type: ignore[attr-defined]
    )


def _requirement_out(requirement: Requirement) -> RequirementOut:
    return RequirementOut(
        id=requirement.pk,
        code=requirement.code,
        framework=requirement.framework.key,
        framework_version=requirement.framework.version,
        ref=requirement.ref,
        title=requirement.title,
        description=requirement.description,
        section=requirement.section,
        source=requirement.source,
        evidence_hint=requirement.evidence_hint,
        verified=requirement.verified,
        parent=requirement.parent.ref if requirement.parent else None,
        serves=[target.code for target in requirement.serves.all()],
    )


def _theme_out(theme: Theme) -> ThemeOut:
    return ThemeOut(
        id=theme.pk,
        code=theme.code,
        label=theme.label,
        group=theme.group,
        group_label=theme.get_group_display(),
        description=theme.description,
        source=theme.source,
        is_priority=theme.partnership_id is not None,
        retired=theme.retired,
    )


def _frameworks(partnership: Partnership, *, include_older: bool) -> FrameworkQuerySet:
    return (
        Framework.objects.available_to(partnership, include_older=include_older)
        .with_counts()
        .order_by("order", "key", "-loaded_at")
    )


@router.get(
    "/partnerships/{slug}/frameworks",
    response={200: list[FrameworkOut], **ERRORS},
    url_name="frameworks_list",
    tags=TAGS,
)
@partnership_endpoint("frameworks", "view")
def frameworks_list(request: SeatedRequest, slug: str, include_older: bool = False) -> list[FrameworkOut]:
    """The current shipped frameworks and the partnership's local requirements; with
    ``include_older``, older shipped versions too (kept for what was judged against them)."""
    return [_framework_out(f) for f in _frameworks(request.seat.partnership, include_older=include_older)]


# Before /frameworks/{framework_id}, so that "themes" is not read as a framework id.
@router.get(
    "/partnerships/{slug}/frameworks/themes",
    response={200: list[ThemeOut], **ERRORS},
    url_name="frameworks_themes",
    tags=TAGS,
)
@partnership_endpoint("frameworks", "view")
def frameworks_themes(request: SeatedRequest, slug: str, include_retired: bool = False) -> list[ThemeOut]:
    """The theme taxonomy (JTAI, front door, practice) and the partnership's own priorities."""
    themes = themes_for(request.seat.partnership, include_retired=include_retired).order_by("group", "order", "label")
    return [_theme_out(t) for t in themes]


@router.get(
    "/partnerships/{slug}/frameworks/requirements/{requirement_id}",
    response={200: RequirementOut, **ERRORS},
    url_name="frameworks_requirement",
    tags=TAGS,
)
@partnership_endpoint("frameworks", "view")
def frameworks_requirement(request: SeatedRequest, slug: str, requirement_id: int) -> RequirementOut:
    """One requirement, of any version of a shipped framework or of the partnership's own."""
    found = get_object_or_404(
        Requirement.objects.available_to(request.seat.partnership, include_older=True)
        .select_related("framework", "parent")
        .with_serves(),
        pk=requirement_id,
    )
    return _requirement_out(found)


@router.get(
    "/partnerships/{slug}/frameworks/{framework_id}",
    response={200: FrameworkOut, **ERRORS},
    url_name="frameworks_detail",
    tags=TAGS,
)
@partnership_endpoint("frameworks", "view")
def frameworks_detail(request: SeatedRequest, slug: str, framework_id: int) -> FrameworkOut:
    found = get_object_or_404(_frameworks(request.seat.partnership, include_older=True), pk=framework_id)
    return _framework_out(found)


@router.get(
    "/partnerships/{slug}/frameworks/{framework_id}/requirements",
    response={200: list[RequirementOut], **ERRORS},
    url_name="frameworks_requirements",
    tags=TAGS,
)
@partnership_endpoint("frameworks", "view")
def frameworks_requirements(request: SeatedRequest, slug: str, framework_id: int) -> list[RequirementOut]:
    """A framework's requirements in order, each with its code, source, whether it is verified and
    the codes of the requirements it serves (a founding duty's WT2023 functions and Six Steps)."""
    framework = get_object_or_404(
        Framework.objects.available_to(request.seat.partnership, include_older=True), pk=framework_id
    )
    requirements = framework.requirements.select_related("framework", "parent").with_serves().order_by("order")
    return [_requirement_out(r) for r in requirements]
