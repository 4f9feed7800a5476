"""The demo's evidence library for Riverbank: a dozen fictional items, tagged where frameworks are
loaded, files that pass the same checks as uploads, and building twice changes nothing."""

from __future__ import annotations

from importlib import import_module

import pytest

from scrutiny.evidence.files import sniff_file_type
from scrutiny.evidence.models import EvidenceItem, EvidenceVersion

pytestmark = pytest.mark.django_db


def _build() -> None:
    # The demo package sits above this room (import-linter layers); it is reached by name here
    # only to test the builder this room provides for it.
    import_module("scrutiny.demo.evidence").build_evidence_demo()


def test_the_demo_library_is_built_once_with_files_versions_tags_and_a_superseded_item(cast, media):
    _build()
    items = EvidenceItem.objects.filter(partnership=cast.riverbank)
    count, versions = items.count(), EvidenceVersion.objects.count()
    assert count >= 12
    _build()
    assert items.count() == count
    assert EvidenceVersion.objects.count() == versions
    minutes = items.get(title="Partnership board minutes, December 2025")
    assert [v.number for v in minutes.versions.order_by("number")] == [1, 2]
    old = items.get(title="Threshold document 2023")
    assert old.is_superseded
    assert old.superseded_by == items.get(title="Threshold document 2025")
    assert items.filter(kind="link").count() >= 2
    tagged = items.get(title="Youth forum summary: feeling safe online")
    assert "wt2023-scrutiny-functions:F4" in {r.code for r in tagged.requirements.select_related("framework")}
    assert not EvidenceItem.objects.filter(partnership=cast.hillcrest).exists()
    for version in EvidenceVersion.objects.all():
        with version.file.open("rb") as handle:
            assert sniff_file_type(handle) in {"pdf", "text"}


def test_the_contributor_sees_their_agencys_demo_evidence_only(cast, client_for, media):
    _build()
    page = client_for(cast.contributor).get("/p/riverbank/evidence/").content.decode()
    assert "Oakfield Academies Trust: section 175 safeguarding return" in page
    assert "Multi-agency audit of the front door" not in page
