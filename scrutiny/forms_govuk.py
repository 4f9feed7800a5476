"""GOV.UK Design System markup for Django forms, through Django's own form renderer.

Forms inherit ``GovukForm`` so each widget gets the GOV.UK class and points at its hint and error
message; the field markup itself lives in templates/django/forms/field.html.
"""

from __future__ import annotations

from typing import Any

from django import forms

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


class GovukForm(forms.Form):
    template_name_div = "django/forms/div.html"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        style_fields(self)


class GovukModelForm(forms.ModelForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        style_fields(self)


def style_fields(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        css = _css_class_for(widget)
        if name in form.errors and css in {"govuk-input", "govuk-select", "govuk-textarea", "govuk-file-upload"}:
            css += f" {css}--error"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        bound = form[name]
        described = []
        if field.help_text:
            described.append(f"{bound.auto_id}-hint")
        if name in form.errors:
            described.append(f"{bound.auto_id}-error")
        if described and not isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            widget.attrs["aria-describedby"] = " ".join(described)
