"""The API's answers to what it refuses, shared by every room's endpoints.

One error for refused input: a service refuses with Django's ``ValidationError`` (field to
message), a page puts it on its form (``scrutiny.forms_govuk.errors_onto``), and the API answers
400 with the same messages (:func:`refusal`, registered once for every endpoint in
``scrutiny/api/urls.py``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import JsonResponse
from ninja import Schema


class ErrorOut(Schema):
    detail: str


#: The answers every endpoint may give besides its own: not signed in, not allowed, not found.
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
#: ...and for an endpoint that takes input, refused input.
REFUSALS: dict[int, Any] = {**ERRORS, 400: ErrorOut}


def messages_of(error: ValidationError) -> dict[str, list[str]]:
    """Each field's messages (``__all__`` for the whole request)."""
    if hasattr(error, "error_dict"):
        return {field: [str(m) for m in ValidationError(errors).messages] for field, errors in error.error_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


def renamed(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The refusal with each field called as the API calls it (``names``: a form's or a model's
    field to the API's, such as ``owner`` to ``owner_agency_id``); fields that meet under one name
    keep all their messages. A refusal of the whole request is returned as it is."""
    if not hasattr(error, "error_dict"):
        return error
    fields: dict[str, list[str]] = {}
    for field, messages in messages_of(error).items():
        fields.setdefault(names.get(field, field), []).extend(messages)
    return ValidationError(fields)


def refusal_text(error: ValidationError, names: dict[str, str] | None = None) -> str:
    """One line for a person reading the answer: ``field: message; …``, with a form field's name
    changed to the API's where they differ (``names``)."""
    parts: list[str] = []
    for field, messages in messages_of(error).items():
        label = "" if field == "__all__" else f"{(names or {}).get(field, field)}: "
        parts.extend(f"{label}{message}" for message in messages)
    return "; ".join(parts) or "Invalid request."


def refusal(error: ValidationError) -> JsonResponse:
    """The API's 400 for refused input: the line to read and each field's messages."""
    return JsonResponse({"detail": refusal_text(error), "errors": messages_of(error)}, status=400)


def form_errors_text(form: BaseForm, names: dict[str, str] | None = None) -> str:
    """A form's errors as one line for a 400 answer, as :func:`refusal_text` words them."""
    return refusal_text(ValidationError(form.errors.as_data()), names) if form.errors else "Invalid request."
