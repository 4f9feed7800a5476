"""The room's workflows that the pages and the API share, tested once here: each record saved with
the person named in its History and its links, or refused with nothing saved; and the rules they
cite (what was sent to the Panel is kept, a recommendation with actions stays one, a partner signs
only for the bodies they speak for)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.actions.services import action_create
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.access import seat_for
from scrutiny.reviews.following_up import kind_change_problem
from scrutiny.reviews.models import (
    Lcspr,
    LcsprMilestone,
    LearningKind,
    LearningPoint,
    LearningProduct,
    ProductKind,
    RapidReview,
)
from scrutiny.reviews.rapid_reviewing import (
    bodies_spoken_for,
    not_a_signer,
    rapid_review_change,
    rapid_review_change_problem,
)
from scrutiny.reviews.recording import (
    incident_save,
    lcspr_save,
    learning_point_save,
    learning_product_save,
    milestone_save,
)
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db


def test_an_incident_is_saved_with_its_links_and_the_person_named_in_its_history(cast):
    incident = make.incident(cast.riverbank)
    incident.summary = "Agencies met the same day."
    theme = Theme.objects.available_to(cast.riverbank).offered().first()
    assert theme is not None
    incident_save(incident=incident, agencies=[make.agency("Oakfield")], themes=[theme], by=cast.manager)
    incident.refresh_from_db()
    assert incident.summary == "Agencies met the same day."
    assert [a.name for a in incident.agencies.all()] == ["Oakfield Academies Trust (demo)"]
    assert list(incident.themes.all()) == [theme]
    assert incident.history.first().history_user == cast.manager


def test_links_not_given_are_left_as_they_are(cast):
    incident = make.incident(cast.riverbank)
    incident.agencies.set([make.agency("Oakfield")])
    incident_save(incident=incident, by=cast.manager)
    assert incident.agencies.count() == 1


def test_a_refused_record_saves_nothing_and_names_the_field(cast):
    lcspr = Lcspr(partnership=cast.riverbank, title="Child R", decided_on=date(2025, 7, 1))
    lcspr.terms_agreed_on = date(2025, 6, 1)
    with pytest.raises(ValidationError) as refused:
        lcspr_save(lcspr=lcspr, by=cast.manager)
    assert "terms_agreed_on" in refused.value.message_dict
    assert not Lcspr.objects.exists()


def test_a_milestone_with_concerns_needs_its_note(cast):
    milestone = LcsprMilestone(
        lcspr=make.lcspr(cast.riverbank), title="Chronologies", due_on=date(2025, 8, 1), quality="concerns"
    )
    with pytest.raises(ValidationError) as refused:
        milestone_save(milestone=milestone, by=cast.manager)
    assert refused.value.message_dict == {"note": ["Say what the concerns about quality are."]}


# --- What was sent to the Panel is kept as it was sent ---------------------------------------------


def test_a_rapid_review_sent_to_the_panel_keeps_its_four_parts(cast):
    review = make.rapid_review(cast.riverbank)
    assert rapid_review_change_problem(review) == ""
    RapidReview.objects.filter(pk=review.pk).update(sent_to_panel_on=date(2025, 6, 23))
    review.refresh_from_db()
    review.facts = "Changed after it was sent."
    with pytest.raises(ValidationError) as refused:
        rapid_review_change(rapid_review=review, by=cast.manager)
    assert refused.value.messages == [
        "The rapid review was sent to the Panel on 23 June 2025; what was sent is kept as it was sent."
    ]
    assert RapidReview.objects.get().facts == ""


# --- A recommendation with actions stays a recommendation ------------------------------------------


def test_a_recommendation_with_actions_stays_a_recommendation(cast):
    point = make.recommendation(make.rapid_review(cast.riverbank))
    point.kind = LearningKind.FINDING
    assert kind_change_problem(point) == ""
    action_create(
        partnership=cast.riverbank,
        title="Ask about the household",
        owner_agency=make.agency("Oakfield"),
        due_date=timezone.localdate() + timedelta(days=30),
        source=point,
        created_by=cast.manager,
    )
    with pytest.raises(ValidationError) as refused:
        learning_point_save(point=point, by=cast.manager)
    assert refused.value.message_dict["kind"][0].startswith("This recommendation has actions in the tracker")
    assert LearningPoint.objects.get().kind == LearningKind.RECOMMENDATION


def test_new_learning_is_recorded_as_made_by_the_person_who_saves_it(cast):
    point = LearningPoint(
        partnership=cast.riverbank,
        rapid_review=make.rapid_review(cast.riverbank),
        kind=LearningKind.FINDING,
        text="Nobody asked who else lived in the household.",
        made_on=date(2025, 8, 1),
    )
    learning_point_save(point=point, agencies=[make.agency("Oakfield")], by=cast.manager)
    assert (point.created_by, point.agencies.count()) == (cast.manager, 1)


def test_a_learning_product_cannot_reach_a_negative_number_of_people(cast):
    product = LearningProduct(
        partnership=cast.riverbank,
        title="Learning event",
        kind=ProductKind.PRACTITIONER_EVENT,
        delivered_on=date(2025, 9, 1),
        people_reached=-1,
    )
    with pytest.raises(ValidationError) as refused:
        learning_product_save(product=product, by=cast.manager)
    assert refused.value.message_dict == {"people_reached": ["The number of people cannot be negative."]}
    assert not LearningProduct.objects.exists()


# --- Who signs a rapid review off --------------------------------------------------------------------


def test_a_partner_signs_only_for_the_bodies_they_speak_for(cast):
    review = make.rapid_review(cast.riverbank)
    lead = seat_for(cast.lead_partner, cast.riverbank)
    scrutineer = seat_for(cast.scrutineer, cast.riverbank)
    assert lead is not None
    assert scrutineer is not None
    assert [body.name for body in bodies_spoken_for(lead, review)] == ["Riverbank Borough Council (demo)"]
    assert bodies_spoken_for(scrutineer, review) == []
    told = not_a_signer(review)
    assert "Riverbank Borough Council (demo)" in told
    assert told.endswith("signs a rapid review off. You do not hold that role for any of them.")
