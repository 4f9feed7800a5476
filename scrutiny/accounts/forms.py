from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError

from scrutiny.accounts.models import PersonalToken, User
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.partnerships.models import Agency, Partnership, validate_role_agency
from scrutiny.partnerships.roles import ROLE_DESCRIPTIONS, Role


class InviteForm(GovukForm):
    full_name = forms.CharField(max_length=150, label="Full name")
    email = forms.EmailField(label="E-mail address", help_text="The invitation link is sent here.")
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        choices=[(role.value, f"{role.label} — {ROLE_DESCRIPTIONS[role]}") for role in Role],
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Agency or partner body",
        help_text="Agency contributors: the agency they work for. Lead and delegated safeguarding partners: the "
        "statutory partner body they represent. Leave empty for other roles.",
        empty_label="None",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "role" in data:
            try:
                validate_role_agency(data["role"], data.get("agency"))
            except ValidationError as error:
                # validate_role_agency names the "agency" field, so the message sits beside it.
                self.add_error(None, error)
        return data


class NewAccountForm(GovukForm):
    full_name = forms.CharField(max_length=150, label="Full name")
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. A few unrelated words make a strong password that is easy to remember.",
    )
    password2 = forms.CharField(
        label="Type the password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        self.email = email
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are different.")
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except ValidationError as error:
                self.add_error("password1", error)
        return data


class AccountForm(GovukModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title", "receives_daily_digest"]


class TokenForm(GovukModelForm):
    class Meta:
        model = PersonalToken
        fields = ["name"]
        labels = {"name": "Name of the new token"}
