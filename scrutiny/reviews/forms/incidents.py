"""Forms for serious incidents and starting their rapid review, with the pieces the room's other
forms share: ISO date fields the working-day calendar can count from, and the privacy reminder
under every free-text box."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet

from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.holidays import OutsideHolidayData, check_covered
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency, Area, AreaKind, Partnership
from scrutiny.partnerships.scoping import scoped
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.models import AgeBand, CriteriaMet, IncidentKind, RapidReview, SeriousIncident

#: One message for a date typed in another shape, as the other rooms' forms say it.
DATE_ERROR = "Enter the date as YYYY-MM-DD, for example 2026-04-30."


def _within_calendar(value: date) -> None:
    """Deadlines are counted in working days, so a date must fall in the years the bank-holiday
    data covers; a date outside them is almost always a mistyped year."""
    try:
        check_covered(value)
    except OutsideHolidayData as error:
        raise ValidationError(f"Check the year: {error}.") from None


def iso_date_field(label: str, *, help_text: str = "", **kwargs: Any) -> forms.DateField:
    hint = f"{help_text} For example 2026-04-30." if help_text else "For example 2026-04-30."
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
        help_text=hint.strip(),
        validators=[_within_calendar],
        # The value shown back is in the one shape the field accepts, not the locale's.
        widget=forms.DateInput(format="%Y-%m-%d"),
        **kwargs,
    )


def with_reminder(text: str = "") -> str:
    """A hint that ends with the reminder not to enter identifying details."""
    return f"{text} {IDENTIFYING_DETAILS_REMINDER}".strip() if IDENTIFYING_DETAILS_REMINDER not in text else text


def remind_on_every_text_box(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.help_text = with_reminder(str(field.help_text or ""))


def restrict(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    field.queryset = queryset


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return scoped(Agency, partnership).order_by("name")


class ModelErrorsOnTheForm(GovukModelForm):
    """A model's ``clean()`` may name a field this form does not show (a date recorded on another
    page); Django would fail on that, so such errors are shown at the top of the form instead."""

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            keyed: dict[str, list[Any]] = {}
            for field, messages in errors.error_dict.items():
                keyed.setdefault(field if field in self.fields else NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(keyed)
        super()._update_errors(errors)  # type: ignore[misc]


class SeriousIncidentForm(ModelErrorsOnTheForm):
    aware_on = iso_date_field(
        "Date the local authority became aware", help_text="The notification clock runs from this date."
    )
    notified_on = iso_date_field(
        "Date notified to the Panel",
        required=False,
        help_text="Through Ofsted's Child Safeguarding Incident Notification System. Leave empty until it is done.",
    )
    partners_informed_on = iso_date_field(
        "Date the safeguarding partners were told",
        required=False,
        help_text="Leave empty until it is done.",
    )

    class Meta:
        model = SeriousIncident
        fields = [
            "reference",
            "age_band",
            "kind",
            "aware_on",
            "notifying_area",
            "home_area",
            "criteria_met",
            "criteria_decision",
            "notified_on",
            "notification_late_reason",
            "partners_informed_on",
            "partners_informed_late_reason",
            "summary",
            "agencies",
            "themes",
        ]
        widgets = {
            "age_band": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "criteria_met": forms.RadioSelect,
            "agencies": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "criteria_decision": forms.Textarea(attrs={"rows": 3}),
            "notification_late_reason": forms.Textarea(attrs={"rows": 2}),
            "partners_informed_late_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["age_band"].choices = AgeBand.choices  # type: ignore[attr-defined]
        self.fields["kind"].choices = IncidentKind.choices  # type: ignore[attr-defined]
        self.fields["criteria_met"].choices = CriteriaMet.choices  # type: ignore[attr-defined]
        local_authorities = Area.objects.filter(kind=AreaKind.LOCAL_AUTHORITY).order_by("name")
        restrict(self, "notifying_area", local_authorities)
        restrict(self, "home_area", local_authorities)
        self.fields["home_area"].empty_label = "The same local authority"  # type: ignore[attr-defined]
        restrict(self, "agencies", partnership_agencies(partnership))
        # Retired themes stay on a record tagged before they were retired; new tags use offered ones.
        offered = Theme.objects.available_to(partnership).offered()
        current = self.instance.themes.all() if self.instance.pk else Theme.objects.none()
        restrict(
            self,
            "themes",
            Theme.objects.filter(Q(pk__in=offered) | Q(pk__in=current)).order_by("group", "order", "label"),
        )
        notification = rule_for(partnership, "serious-incident-notification").length_text
        told = rule_for(partnership, "partners-informed-of-notification").length_text
        rapid_review = rule_for(partnership, "rapid-review").length_text
        self.fields["notified_on"].help_text = (
            "Through Ofsted's Child Safeguarding Incident Notification System. The rapid review's "
            f"{rapid_review} run from this date. Leave empty until it is done."
        )
        self.fields[
            "notification_late_reason"
        ].help_text = (
            f"Needed only where the Panel was notified more than {notification} after the local authority became aware."
        )
        self.fields[
            "partners_informed_late_reason"
        ].help_text = (
            f"Needed only where the partners were told more than {told} after the local authority became aware."
        )
        remind_on_every_text_box(self)

    def clean_reference(self) -> str:
        reference: str = self.cleaned_data["reference"].strip()
        taken = scoped(SeriousIncident, self.partnership).filter(reference__iexact=reference)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(f"This partnership already has an incident with the reference {reference}.")
        return reference

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        under_review = self.instance.pk and RapidReview.objects.filter(incident=self.instance).exists()
        if data.get("criteria_met") == CriteriaMet.NO and under_review:
            self.add_error(
                "criteria_met",
                "A rapid review of this incident has been started, so it cannot be recorded as not meeting the "
                "criteria.",
            )
        notifying, home = data.get("notifying_area"), data.get("home_area")
        if notifying is not None:
            ours = set(scoped(Area, self.partnership).values_list("pk", flat=True))
            if notifying.pk not in ours and (home is None or home.pk not in ours):
                names = ", ".join(
                    str(area.name) for area in scoped(Area, self.partnership).filter(kind=AreaKind.LOCAL_AUTHORITY)
                )
                self.add_error(
                    "notifying_area",
                    f"Either the local authority where it happened or the child's home local authority must be one "
                    f"this partnership covers ({names}).",
                )
        return data


class RapidReviewStartForm(GovukForm):
    contributions_due = iso_date_field(
        "Agency contributions due",
        help_text="The internal deadline for each agency's contribution.",
    )
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Agencies to ask for a contribution",
        help_text="Each agency chosen writes its own summary through Scrutiny. You can ask more agencies later.",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        restrict(self, "agencies", partnership_agencies(partnership))
        rule = rule_for(partnership, "rapid-review-agency-contribution")
        self.fields["contributions_due"].help_text = (
            f"The internal deadline for each agency's contribution. The date suggested is {rule.length_text} after "
            "the notification was sent to the Panel, a local default: choose another date if this review needs one."
        )
