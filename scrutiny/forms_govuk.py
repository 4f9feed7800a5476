"""GOV.UK Design System markup for Django forms, through Django's own form renderer.

Forms inherit ``GovukForm`` so each widget gets the GOV.UK class and points at its hint and error
message; the field markup itself lives in templates/django/forms/field.html.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.forms.boundfield import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}


def _css_class_for(widget: forms.Widget) -> str:
    for widget_type, css in _WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return "govuk-input"


class GovukBoundField(BoundField):
    """A field as it is drawn: it points its widget at its hint as the hint stands then.

    Done at drawing time because a form may set or change a hint in ``__init__`` after the bound
    field was first made, and Django's bound field keeps the hint it read when it was made."""

    def get_context(self) -> dict[str, Any]:
        self.help_text = str(self.field.help_text or "")
        widget = self.field.widget
        if self.help_text and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            hint = f"{self.auto_id}-hint"
            described = str(widget.attrs.get("aria-describedby", "")).split()
            if hint not in described:
                widget.attrs["aria-describedby"] = " ".join([hint, *described])
        return super().get_context()


class GovukForm(forms.Form):
    template_name_div = "django/forms/div.html"
    bound_field_class = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_errors(self)


class GovukModelForm(forms.ModelForm):  # type: ignore[type-arg]
    bound_field_class = GovukBoundField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_errors(self)


_ERROR_MODIFIABLE = {"govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"}


def style_fields(form: forms.BaseForm) -> None:
    """Give each widget its GOV.UK class. Reads no errors and makes no bound fields, so subclasses
    may still change fields (querysets, choices, hints) after this runs."""
    for field in form.fields.values():
        widget = field.widget
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {_css_class_for(widget)}".strip()


def style_errors(form: forms.BaseForm) -> None:
    """After validation: the error modifier class, and aria-describedby naming the error message."""
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        css = _css_class_for(widget)
        if css in _ERROR_MODIFIABLE and f"{css}--error" not in widget.attrs["class"]:
            widget.attrs["class"] += f" {css}--error"
        if not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            described = widget.attrs.get("aria-describedby", "")
            widget.attrs["aria-describedby"] = f"{described} {form[name].auto_id}-error".strip()


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
    template: str = "form_page.html",
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


def saved_or_form_page(request: HttpRequest, form: forms.ModelForm, **page: Any) -> HttpResponse:  # type: ignore[type-arg]
    """A model form on a page of its own: when a valid form is posted, save it, say so and go to
    the saved record's page; otherwise show the form (with what the person typed, and its errors)
    through ``form_page`` with ``page`` as its heading, back link and button."""
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"{saved} saved.")
        return redirect(saved)
    return form_page(request, form, **page)


def change_and_go_back(request: HttpRequest, change: Callable[[], object], done: str, *, to: str) -> HttpResponse:
    """A button that changes one thing (resend, withdraw, try again): make the change, say how it
    went (the workflow's refusal, if it refused) and go back to the page at ``to``."""
    try:
        change()
        messages.success(request, done)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(to)
