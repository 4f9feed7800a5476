"""The demo's voice of children and families."""

from __future__ import annotations

import pytest

from scrutiny.demo import build_demo
from scrutiny.voice.consulting import results
from scrutiny.voice.models import Consultation, DesignatedContact, Feedback, PanelSession, ThemeResponse

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_each_demo_partnership_hears_children_and_families_and_building_twice_changes_nothing():
    build_demo()
    counts = (Feedback.objects.count(), Consultation.objects.count(), ThemeResponse.objects.count())
    build_demo()
    assert (Feedback.objects.count(), Consultation.objects.count(), ThemeResponse.objects.count()) == counts
    for slug in ("riverbank", "hillcrest"):
        feedback = Feedback.objects.filter(partnership__slug=slug)
        assert feedback.count() >= 60
        assert feedback.filter(themes__isnull=False).exists()
        assert feedback.unresolved_concerns().count() == 1  # came in this morning, still flagged
        assert feedback.filter(safety_flagged=True, safety_closed_at__isnull=False).exclude(safety_action="").exists()
        contacts = [c.person for c in DesignatedContact.objects.filter(partnership__slug=slug)]
        assert len(contacts) == 2
        assert contacts[-1].email.startswith("manager.")
        # Each past concern was read by the safety vocabulary and acknowledged; one was escalated.
        closed = feedback.filter(safety_flagged=True, safety_closed_at__isnull=False)
        assert all(f.acknowledged_at and f.matches for f in closed if f.feels_safe != "no")
        assert closed.filter(escalations=1).count() == 1
        waiting = feedback.unresolved_concerns().get()
        assert waiting.out_of_hours
        assert waiting.acknowledge_by is not None
        consultation = Consultation.objects.get(partnership__slug=slug)
        responses, rows = results(consultation)
        assert responses == 34
        assert rows[0].published
        assert PanelSession.objects.get(partnership__slug=slug).questions.filter(answered_on__isnull=False).exists()
        published = ThemeResponse.objects.filter(partnership__slug=slug, published=True)
        assert published.count() == 2
        assert all(r.we_did for r in published)
