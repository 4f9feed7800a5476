"""One error for refused input: a ``ValidationError`` reads the same on a page and in the API."""

from __future__ import annotations

import json

from django import forms
from django.core.exceptions import ValidationError

from scrutiny.web.api import form_errors_text, messages_of, refusal, refusal_text


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
