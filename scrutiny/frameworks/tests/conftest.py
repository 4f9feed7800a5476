"""Fixtures for the frameworks room: the cast with Riverbank's and Hillcrest's priorities and local
requirements, and a copy of the shipped data directory that a test may change."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.frameworks.loading import DATA_DIR
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.frameworks.services import local_requirement_add, priority_add
from scrutiny.partnerships.models import Partnership

# The same records as the demo builder (scrutiny/demo/frameworks.py), which this room may not
# import; made only where missing, so the fixture works whether or not the demo already has them.
PRIORITIES = {
    "riverbank": [
        "Neglect, including of older children",
        "Child exploitation",
        "Voice of children and families",
        "Domestic abuse and its impact on children",
    ],
    "hillcrest": ["Early help through schools"],
}
LOCAL_REQUIREMENTS = {
    "riverbank": [
        (
            "Every agency uses the shared neglect assessment tool for children where neglect is suspected",
            "Riverbank neglect strategy (demo)",
            ["wt2023-scrutiny-functions:F2", "six-steps:STEP-2"],
        ),
        (
            "Every school returns the section 175/157 safeguarding audit each year",
            "Riverbank published arrangements, education section (demo)",
            ["wt2023-scrutiny-functions:F3", "six-steps:STEP-2"],
        ),
    ],
    "hillcrest": [
        (
            "Early help assessments are started within 10 working days of a request",
            "Hillcrest early help strategy (demo)",
            ["wt2023-scrutiny-functions:F2"],
        ),
    ],
}


@pytest.fixture
def demo(cast: Any) -> Any:
    """The cast, with priorities and local requirements in both partnerships (the shipped
    frameworks are loaded by migrate)."""
    for slug, labels in PRIORITIES.items():
        partnership = Partnership.objects.get(slug=slug)
        for label in labels:
            if not Theme.objects.filter(partnership=partnership, label=label).exists():
                priority_add(partnership=partnership, theme=Theme(label=label, description=f"About {label.lower()}"))
    for slug, requirements in LOCAL_REQUIREMENTS.items():
        partnership = Partnership.objects.get(slug=slug)
        for title, source, codes in requirements:
            if not Requirement.objects.filter(framework__partnership=partnership, title=title).exists():
                local_requirement_add(
                    partnership=partnership,
                    requirement=Requirement(title=title, source=source, evidence_hint="Minutes"),
                    serves=[requirement_by_code(code) for code in codes],
                )
    return cast


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def rewrite(data_copy: Path) -> Callable[[str, Callable[[dict[str, Any]], None]], Path]:
    """Change one file of the copy through its parsed content, then write it back."""

    def change(name: str, edit: Callable[[dict[str, Any]], None]) -> Path:
        path = data_copy / name
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        edit(content)
        path.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    return change
