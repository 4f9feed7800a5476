"""Riverbank's priorities and local requirements (and one of each for Hillcrest, so that the demo
shows a partnership's own records staying its own). Fictional; building twice changes nothing.

The shipped frameworks and theme taxonomy are not demo data: ``migrate`` loads them.
"""

from __future__ import annotations

from django.db import transaction

from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, requirement_by_code
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.frameworks.services import local_requirement_add, priority_add
from scrutiny.partnerships.models import Partnership

# slug -> [(label, description)]
PRIORITIES: dict[str, list[tuple[str, str]]] = {
    "riverbank": [
        (
            "Neglect, including of older children",
            "Earlier recognition of neglect by every agency, using one shared assessment tool, and a response that "
            "reaches teenagers as well as young children.",
        ),
        (
            "Child exploitation",
            "Criminal and sexual exploitation, children missing from home, care and education, and the transition "
            "to adult services.",
        ),
        (
            "Voice of children and families",
            "What children and families tell us shapes plans, services and the partnership's own priorities.",
        ),
        (
            "Domestic abuse and its impact on children",
            "Children seen as victims in their own right, from the first police call to the family's recovery.",
        ),
    ],
    "hillcrest": [
        (
            "Early help through schools",
            "Help offered before needs escalate, with schools as the first point of contact.",
        ),
    ],
}

# slug -> [(title, description, section, source, evidence hint, codes served)]
LOCAL_REQUIREMENTS: dict[str, list[tuple[str, str, str, str, str, list[str]]]] = {
    "riverbank": [
        (
            "Every agency uses the shared neglect assessment tool for children where neglect is suspected",
            "Agreed by the partnership in its neglect strategy: the same tool in every agency, so that a referral "
            "describes neglect in terms every agency recognises.",
            "Neglect",
            "Riverbank neglect strategy, agreed at the partnership meeting of June (demo)",
            "Use of the tool by agency from the multi-agency audit; referrals quoting the tool",
            [f"{SCRUTINY_FUNCTIONS}:F2", f"{SIX_STEPS}:STEP-2"],
        ),
        (
            "Every school returns the section 175/157 safeguarding audit each year",
            "A local expectation beside the section 11 audit: all maintained schools, academies and colleges, "
            "moderated by the education subgroup.",
            "Education",
            "Riverbank published arrangements, education section (demo)",
            "Audit return rate by school; moderation notes; the action plan",
            [f"{SCRUTINY_FUNCTIONS}:F3", f"{SIX_STEPS}:STEP-2"],
        ),
    ],
    "hillcrest": [
        (
            "Early help assessments are started within 10 working days of a request",
            "A local standard agreed by Hillcrest's partners.",
            "Early help",
            "Hillcrest early help strategy (demo)",
            "Early help timeliness report",
            [f"{SCRUTINY_FUNCTIONS}:F2"],
        ),
    ],
}


def build_frameworks_demo() -> None:
    with transaction.atomic():
        for slug, priorities in PRIORITIES.items():
            partnership = Partnership.objects.get(slug=slug)
            for label, description in priorities:
                if not Theme.objects.filter(partnership=partnership, label=label).exists():
                    priority_add(partnership=partnership, theme=Theme(label=label, description=description))
        for slug, requirements in LOCAL_REQUIREMENTS.items():
            partnership = Partnership.objects.get(slug=slug)
            for title, description, section, source, evidence, codes in requirements:
                if Requirement.objects.filter(framework__partnership=partnership, title=title).exists():
                    continue
                local_requirement_add(
                    partnership=partnership,
                    requirement=Requirement(
                        title=title, description=description, section=section, source=source, evidence_hint=evidence
                    ),
                    serves=[requirement_by_code(code) for code in codes],
                )
