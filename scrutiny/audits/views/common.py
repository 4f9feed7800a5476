"""What every page of the audits room shares: the seat, and the one generic form page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutiny.partnerships.access import Seat


def seat_of(request: HttpRequest) -> Seat:
    seat: Seat = request.seat  # type: ignore[attr-defined]
    return seat


def form_page(
    request: HttpRequest,
    form: BaseForm,
    *,
    title: str,
    caption: str,
    back: str,
    back_label: str,
    button: str,
    intro: str = "",
    warning: str = "",
    template: str = "audits/form.html",
    **extra: Any,
) -> HttpResponse:
    """A form on a page of its own: heading, an optional introduction and warning, the form."""
    context = {
        "form": form,
        "title": title,
        "caption": caption,
        "back": back,
        "back_label": back_label,
        "button": button,
        "intro": intro,
        "warning": warning,
        **extra,
    }
    return render(request, template, context)


def errors_onto(form: BaseForm, error: ValidationError) -> None:
    """Put a workflow's refusal onto the form: on the field it names where the form has it, else
    at the top, so the person's input stays on the page beside the message."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
