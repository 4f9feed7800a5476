"""The library's rules, each tested once here, and the workflows the pages and the API share."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from scrutiny.evidence import rules
from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.services import evidence_add_version, evidence_change, evidence_supersede
from scrutiny.evidence.tests.samples import upload

pytestmark = pytest.mark.django_db


def test_rule_only_files_have_versions(cast, make_file, make_link):
    rules.only_files_have_versions(make_file())
    link = make_link()
    with pytest.raises(ValidationError, match="Only uploaded files have versions"):
        rules.only_files_have_versions(link)
    with pytest.raises(ValidationError):
        evidence_add_version(item=link, upload=upload("v2.pdf"), uploaded_by=cast.manager)
    assert not link.versions.exists()


def test_rule_superseded_once(cast, make_file):
    item = make_file()
    evidence_supersede(item=item, reason="Replaced", by=cast.manager)
    with pytest.raises(ValidationError, match="already marked as superseded"):
        rules.superseded_once(item)
    with pytest.raises(ValidationError):
        evidence_supersede(item=item, reason="Replaced again", by=cast.manager)
    item.refresh_from_db()
    assert item.superseded_reason == "Replaced"


def test_rule_superseding_needs_reason(cast, make_file):
    item = make_file()
    with pytest.raises(ValidationError) as refused:
        evidence_supersede(item=item, reason="  ", by=cast.manager)
    assert refused.value.message_dict == {"reason": ["Say why this evidence is superseded."]}
    item.refresh_from_db()
    assert not item.is_superseded


def test_rule_replacement_of_the_same_partnership(cast, make_file):
    item = make_file("Ours")
    theirs = make_file("Theirs", partnership=cast.hillcrest, by=cast.outsider)
    with pytest.raises(ValidationError, match="evidence of this partnership"):
        rules.replacement_of_the_same_partnership(item, theirs)
    with pytest.raises(ValidationError, match="cannot replace itself"):
        rules.replacement_of_the_same_partnership(item, item)
    with pytest.raises(ValidationError):
        evidence_supersede(item=item, reason="Replaced", superseded_by=theirs, by=cast.manager)
    item.refresh_from_db()
    assert not item.is_superseded


def test_a_change_keeps_who_made_it_and_sets_the_tags(cast, make_link, tags):
    item = make_link(requirements=[tags.f3])
    evidence_change(
        item=item,
        changed_by=cast.scrutineer,
        title="Arrangements (2025)",
        url="https://riverbank.example.org/arrangements-2025",
        requirements=[tags.f4],
        themes=[tags.neglect],
    )
    item = EvidenceItem.objects.get(pk=item.pk)
    assert item.title == "Arrangements (2025)"
    assert list(item.requirements.all()) == [tags.f4]
    assert list(item.themes.all()) == [tags.neglect]
    assert item.history.first().history_user == cast.scrutineer


def test_a_change_that_breaks_the_item_is_refused_and_nothing_is_saved(cast, make_link, make_file):
    link = make_link()
    with pytest.raises(ValidationError) as refused:
        evidence_change(item=link, changed_by=cast.manager, title="No address", url="")
    assert "url" in refused.value.message_dict
    file = make_file()
    with pytest.raises(ValidationError):
        evidence_change(item=file, changed_by=cast.manager, title="A file", url="https://x.example.org")
    assert EvidenceItem.objects.get(pk=link.pk).title == "Published arrangements"
