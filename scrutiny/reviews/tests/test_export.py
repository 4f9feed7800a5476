"""The export of a review for publication: the page and the Word document say the same, with the
case reference, the listed words and contact details redacted, and a notice that a person must
still check it."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.frameworks.models import Theme
from scrutiny.reviews.following_up import learning_action_create
from scrutiny.reviews.models import LcsprDecision, LearningKind
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/lcsprs"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _review_with_learning(cast: Any) -> Any:
    """Child Q's review of case RB-2025-03, whose texts name the case, a school on the redaction
    list and a phone number; one finding and one recommendation with two actions."""
    rapid = make.rapid_review(
        cast.riverbank,
        "RB-2025-03",
        lcspr_decision=LcsprDecision.COMMISSION,
        decision_rationale="Several agencies missed the same signs.",
        decided_on=date(2025, 6, 20),
    )
    lcspr = make.lcspr(
        cast.riverbank,
        rapid_review=rapid,
        publication_name="Child Q",
        reviewer="Sam Reviewer",
        terms_of_reference="How agencies shared what they knew about RB-2025-03 at Oakfield Primary.",
        redaction_terms="Oakfield Primary",
    )
    sharing = Theme.objects.filter(label="Information sharing").first()
    assert sharing is not None
    finding = make.recommendation(
        lcspr,
        "Staff at oakfield primary rang 020 7946 0018 but the message was not passed on.",
        kind=LearningKind.FINDING,
        number="1",
    )
    finding.themes.add(sharing)
    recommendation = make.recommendation(
        lcspr,
        "Schools should record who they told about RB-2025-03 and when.",
        number="1",
        local_response="Oakfield Primary and every school will use the new referral log.",
    )
    for title, status in (("New referral log", ActionStatus.IN_PROGRESS), ("Briefing for heads", None)):
        action = learning_action_create(
            learning_point=recommendation,
            title=title,
            owner_agency=make.agency("Oakfield"),
            due_date=timezone.localdate() + timedelta(days=30),
            by=cast.manager,
        )
        if status:
            Action.objects.filter(pk=action.pk).update(status=status)
    return lcspr


def test_the_export_page_redacts_the_reference_the_listed_words_and_the_phone_number(cast, client_for):
    lcspr = _review_with_learning(cast)
    response = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/export/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Oakfield Primary" not in page
    assert "oakfield primary" not in page
    assert "RB-2025-03" not in page
    assert "020 7946 0018" not in page
    assert "How agencies shared what they knew about Child Q at [redacted]." in page
    assert "Staff at [redacted] rang [redacted] but the message was not passed on." in page
    assert "Schools should record who they told about Child Q and when." in page
    # What was redacted, and that a person must still check it.
    assert "6 redactions: 2 uses of the case reference, 3 words from the redaction list and 1 phone number" in page
    assert "A person must read all of it and check it before it is published." in page


def test_the_export_page_groups_findings_and_recommendations_with_their_themes_and_actions(cast, client_for):
    lcspr = _review_with_learning(cast)
    page = client_for(cast.scrutineer).get(f"{BASE}/{lcspr.pk}/export/").content.decode()
    assert page.index(">Findings<") < page.index(">Recommendations<") < page.index("The partnership's response</h2>")
    assert "Themes: Information sharing" in page
    assert "Actions in progress" in page  # the recommendation's status
    # One action not started, one in progress, none completed or closed.
    cells = page.split("Recommendation 1</th>")[1].split("</tr>")[0]
    assert [c.split(">")[-1] for c in cells.split("</td>")[-5:-1]] == ["1", "1", "0", "0"]


def test_the_word_document_says_the_same_with_the_same_redactions(cast, client_for):
    lcspr = _review_with_learning(cast)
    response = client_for(cast.viewer).get(f"{BASE}/{lcspr.pk}/export.docx")
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="child-q-a-local-child-safeguarding-practice-review-publication.docx"'
    )
    document = Document(BytesIO(response.content))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    everything = paragraphs + "\n" + "\n".join(cells)
    assert "Child Q" in everything
    assert "Staff at [redacted] rang [redacted] but the message was not passed on." in paragraphs
    assert "[redacted] and every school will use the new referral log." in cells
    assert "oakfield primary" not in everything.lower()
    assert "RB-2025-03" not in everything
    assert "020 7946 0018" not in everything
    assert "6 redactions" in paragraphs
    assert "check it before it is published" in paragraphs
    assert document.core_properties.title == "Child Q: a local child safeguarding practice review"
    row = next(r for r in document.tables[0].rows if r.cells[0].text == "Recommendation 1")
    assert [c.text for c in row.cells[3:]] == ["1", "1", "0", "0"]


def test_a_review_with_no_learning_yet_exports_with_nothing_redacted(cast, client_for):
    lcspr = make.lcspr(cast.riverbank, terms_of_reference="How agencies worked together.")
    viewer = client_for(cast.viewer)
    page = viewer.get(f"{BASE}/{lcspr.pk}/export/").content.decode()
    assert "No redactions" in page
    assert "No findings or recommendations have been recorded from this review." in page
    document = Document(BytesIO(viewer.get(f"{BASE}/{lcspr.pk}/export.docx").content))
    assert "No recommendations have been recorded from this review." in [p.text for p in document.paragraphs]


def test_the_export_is_refused_to_an_agency_contributor_and_hidden_from_other_partnerships(cast, client_for):
    ours = make.lcspr(cast.riverbank)
    theirs = make.lcspr(cast.hillcrest)
    assert client_for(cast.contributor).get(f"{BASE}/{ours.pk}/export/").status_code == 403
    assert client_for(cast.outsider).get(f"{BASE}/{ours.pk}/export.docx").status_code == 404
    manager = client_for(cast.manager)
    assert manager.get(f"{BASE}/{theirs.pk}/export/").status_code == 404
    assert manager.get(f"{BASE}/{theirs.pk}/export.docx").status_code == 404
