"""One error for refused input: a ``ValidationError`` reads the same on a page and in the API."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError

from scrutiny.web.api import form_errors_text, messages_of, refusal, refusal_text, renamed


def test_a_refusal_by_field_keeps_each_fields_messages():
    error = ValidationError({"title": "Give the finding a title.", "evidence": ["Link at least one item."]})
    assert messages_of(error) == {"title": ["Give the finding a title."], "evidence": ["Link at least one item."]}
    assert refusal_text(error, {"evidence": "evidence_ids"}) == (
        "title: Give the finding a title.; evidence_ids: Link at least one item."
    )


def test_a_refusal_of_the_whole_request_has_no_field():
    error = ValidationError("An issued finding cannot go back to draft.")
    assert refusal_text(error) == "An issued finding cannot go back to draft."
    answer = refusal(error)
    assert answer.status_code == 400
    assert json.loads(answer.content) == {
        "detail": "An issued finding cannot go back to draft.",
        "errors": {"__all__": ["An issued finding cannot go back to draft."]},
    }


def test_a_forms_errors_read_as_one_line():
    class Form(forms.Form):
        title = forms.CharField()

    form = Form(data={})
    assert not form.is_valid()
    assert form_errors_text(form, {"title": "name"}) == "name: This field is required."


def test_a_refusal_is_renamed_for_the_api_and_fields_meeting_under_one_name_keep_their_messages():
    error = ValidationError({"score_1": "Choose a score.", "score_2": "Choose a score too.", "owner": "Choose one."})
    names = {"score_1": "score", "score_2": "score", "owner": "owner_agency_id"}
    assert messages_of(renamed(error, names)) == {
        "score": ["Choose a score.", "Choose a score too."],
        "owner_agency_id": ["Choose one."],
    }
    whole = ValidationError("Nothing to change.")
    assert renamed(whole, names) is whole
