"""What other rooms ask of the frameworks: the Python API for evidence tagging, assessments and the
scrutiny plan's coverage view.

``current_requirements(partnership, keys=None)``
    The requirements a partnership works to now: those of the current version of every shipped
    framework and the partnership's own local requirements, in framework then file order, with
    ``framework`` selected. ``keys`` limits them to some frameworks, for example
    ``current_requirements(p, keys=["wt2023-scrutiny-functions", "six-steps"])`` for the coverage
    view. Returns a QuerySet, so callers may filter further (``.filter(parent=None)`` for
    top-level requirements, ``.filter(verified=False)`` for those still to verify).

``requirement_by_code(code, partnership=None)``
    One requirement of a current framework by its code, ``"framework-key:REF"``, for example
    ``requirement_by_code("wt2023-scrutiny-functions:F3")``. Codes are stable across versions, so
    this is how code and data name a requirement. A local requirement (``"local:LR-01"``) needs the
    partnership. Raises ``UnknownRequirement`` (a ``LookupError``) naming what was asked for.

``themes_for(partnership, include_retired=False)``
    The one theme taxonomy as a partnership sees it: the shipped JTAI, front-door and practice
    themes and the partnership's own priorities, without retired ones unless asked (use
    ``include_retired=True`` to show what something was tagged with in the past).

``Requirement.objects.available_to(partnership, include_older=False)``
    For lookups by id (``get_object_or_404`` on it): shipped requirements and the partnership's
    own local ones, never another partnership's. ``scoped()`` finds only local ones.

Every requirement carries ``code``, ``ref``, ``title``, ``source``, ``evidence_hint``,
``verified`` (False where the guidance is still to verify: show it as UNVERIFIED) and ``serves``
(the functions and steps a founding duty or local requirement serves).
"""

from __future__ import annotations

from collections.abc import Iterable

from scrutiny.frameworks.models import LOCAL_KEY, Requirement, RequirementQuerySet, Theme, ThemeQuerySet
from scrutiny.partnerships.models import Partnership

#: The keys of the shipped frameworks other rooms name in code.
STATUTORY_DUTIES = "statutory-duties"
SCRUTINY_FUNCTIONS = "wt2023-scrutiny-functions"
SIX_STEPS = "six-steps"
FOUNDING_DUTIES = "founding-duties"


# Named for what went wrong, as scrutiny.clocks.catalogue.UnknownClock is.
class UnknownRequirement(LookupError):  # noqa: N818
    """No current requirement has the code asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def current_requirements(partnership: Partnership, keys: Iterable[str] | None = None) -> RequirementQuerySet:
    requirements = Requirement.objects.available_to(partnership).select_related("framework")
    if keys is not None:
        requirements = requirements.filter(framework__key__in=list(keys))
    return requirements.order_by("framework__order", "framework__key", "order", "ref")


def requirement_by_code(code: str, partnership: Partnership | None = None) -> Requirement:
    key, separator, ref = code.partition(":")
    if not separator or not key or not ref:
        raise UnknownRequirement(
            f"{code!r} is not a requirement code: write framework-key:REF, for example wt2023-scrutiny-functions:F3"
        )
    found = Requirement.objects.current().select_related("framework").filter(framework__key=key, ref=ref)
    if key == LOCAL_KEY:
        if partnership is None:
            raise UnknownRequirement(f"{code!r} is a local requirement: say which partnership's")
        found = found.filter(framework__partnership=partnership)
    else:
        found = found.filter(framework__partnership__isnull=True)
    requirement = found.first()
    if requirement is None:
        raise UnknownRequirement(f"{code!r} names no requirement of a current framework")
    return requirement


def themes_for(partnership: Partnership, *, include_retired: bool = False) -> ThemeQuerySet:
    themes = Theme.objects.available_to(partnership)
    return themes if include_retired else themes.offered()
