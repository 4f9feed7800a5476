"""Fixtures for the evidence room: files go to a temporary folder, and the requirements and themes
each test tags with (shipped ones as loaded on migrate, made here if that has not happened)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.services import evidence_add_file, evidence_add_link
from scrutiny.evidence.tests import samples
from scrutiny.evidence.tests.samples import upload
from scrutiny.frameworks.models import Framework, Requirement, Theme, ThemeGroup
from scrutiny.partnerships.models import Agency


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


def _shipped(key: str, title: str) -> Framework:
    found = Framework.objects.filter(key=key, partnership__isnull=True, is_current=True).first()
    return found or Framework.objects.create(key=key, version="test", title=title)


def _requirement(framework: Framework, ref: str, title: str) -> Requirement:
    return Requirement.objects.get_or_create(framework=framework, ref=ref, defaults={"title": title})[0]


def _local(partnership: Any, ref: str, title: str) -> Requirement:
    framework = Framework.objects.get_or_create(
        partnership=partnership, key="local", defaults={"version": "local", "title": f"{partnership} local"}
    )[0]
    return _requirement(framework, ref, title)


@pytest.fixture
def tags(cast: Any) -> SimpleNamespace:
    functions = _shipped("wt2023-scrutiny-functions", "Independent scrutiny functions")
    steps = _shipped("six-steps", "Six Steps")
    return SimpleNamespace(
        f3=_requirement(functions, "F3", "Check statutory duties are met"),
        f4=_requirement(functions, "F4", "Voice of children and families"),
        step1=_requirement(steps, "STEP-1", "The three partners take an active part"),
        neglect=Theme.objects.get_or_create(
            code="neglect", partnership=None, defaults={"label": "Neglect", "group": ThemeGroup.PRACTICE}
        )[0],
        our_local=_local(cast.riverbank, "LR-91", "Riverbank's own requirement"),
        their_local=_local(cast.hillcrest, "LR-91", "Hillcrest's own requirement"),
        our_priority=Theme.objects.create(
            code="priority-test-ours", label="Our test priority", group=ThemeGroup.PRIORITY, partnership=cast.riverbank
        ),
        their_priority=Theme.objects.create(
            code="priority-test-theirs",
            label="Their test priority",
            group=ThemeGroup.PRIORITY,
            partnership=cast.hillcrest,
        ),
    )


@pytest.fixture
def agencies(cast: Any) -> SimpleNamespace:
    return SimpleNamespace(
        school=Agency.objects.get(name="Oakfield Academies Trust (demo)"),
        council=Agency.objects.get(name="Riverbank Borough Council (demo)"),
        police=Agency.objects.get(name="Capital Police South Area (demo)"),
    )


@pytest.fixture
def make_file(cast: Any) -> Any:
    def make(
        title: str = "Board minutes, June 2025",
        *,
        by: Any = None,
        partnership: Any = None,
        agency: Agency | None = None,
        name: str = "minutes.pdf",
        content: bytes | None = None,
    ) -> EvidenceItem:
        return evidence_add_file(
            partnership=partnership or cast.riverbank,
            title=title,
            upload=upload(name, samples.PDF if content is None else content),
            added_by=by or cast.manager,
            agency=agency,
        )

    return make


@pytest.fixture
def make_link(cast: Any) -> Any:
    def make(
        title: str = "Published arrangements", *, by: Any = None, partnership: Any = None, **details: Any
    ) -> EvidenceItem:
        return evidence_add_link(
            partnership=partnership or cast.riverbank,
            title=title,
            url="https://riverbank.example.org/arrangements",
            added_by=by or cast.manager,
            **details,
        )

    return make
