"""A partnership's own additions to the catalogue: local requirements and priorities.

Shipped frameworks are never changed here; they change only through a new version of their file
(see loading.py). Local requirements live in the partnership's one local framework (key
``local``), made on first use; priorities are themes of the group ``priority``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import transaction
from django.utils.text import slugify

from scrutiny.frameworks.models import LOCAL_KEY, Framework, Requirement, Theme, ThemeGroup
from scrutiny.partnerships.models import Partnership

LOCAL_VERSION = "local"
LOCAL_REF_PREFIX = "LR-"
_LOCAL_REF = re.compile(r"^LR-(\d+)$")


def local_framework_for(partnership: Partnership) -> Framework:
    """The partnership's framework of local requirements, made the first time it is needed."""
    framework, _created = Framework.objects.get_or_create(
        partnership=partnership,
        key=LOCAL_KEY,
        defaults={
            "version": LOCAL_VERSION,
            "title": f"{partnership.name}: local requirements",
            "description": "Requirements this partnership has set itself, beside the shipped frameworks.",
            "order": 1000,
            "is_current": True,
        },
    )
    return framework


def next_local_ref(framework: Framework) -> str:
    """LR-01, LR-02, … : one more than the highest so far (refs are never reused)."""
    numbers = [
        int(m.group(1)) for ref in framework.requirements.values_list("ref", flat=True) if (m := _LOCAL_REF.match(ref))
    ]
    return f"{LOCAL_REF_PREFIX}{max(numbers, default=0) + 1:02d}"


def local_requirement_add(
    *, partnership: Partnership, requirement: Requirement, serves: Iterable[Requirement] = ()
) -> Requirement:
    """Save ``requirement`` (unsaved, with its title and text) as the partnership's next local
    requirement, with the shipped functions and steps it serves."""
    with transaction.atomic():
        framework = local_framework_for(partnership)
        # Locks the framework row where the database can (PostgreSQL), so two people adding at
        # once do not get the same ref; SQLite serialises writers anyway.
        Framework.objects.select_for_update().filter(pk=framework.pk).first()
        requirement.framework = framework
        requirement.ref = next_local_ref(framework)
        requirement.order = framework.requirements.count() + 1
        requirement.verified = True
        requirement.save()
        requirement.serves.set(list(serves))
    return requirement


def priority_code(partnership: Partnership, label: str) -> str:
    """A stable code for a new priority, unique in the partnership and apart from shipped codes."""
    base = f"priority-{slugify(label)[:40].strip('-') or 'untitled'}"
    taken = set(Theme.objects.filter(partnership=partnership, code__startswith=base).values_list("code", flat=True))
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    return code


def priority_add(*, partnership: Partnership, theme: Theme) -> Theme:
    """Save ``theme`` (unsaved, with its label and description) as one of the partnership's priorities."""
    theme.partnership = partnership
    theme.group = ThemeGroup.PRIORITY
    theme.code = priority_code(partnership, theme.label)
    theme.order = Theme.objects.filter(partnership=partnership).count() + 1
    theme.save()
    return theme
