"""Tenancy: partnerships, the areas and agencies they cover, and who holds which role in each.

Areas and agencies are shared reference records (an ICB or a police force often sits in several
partnerships); a partnership adopts them through its own link records, which carry its history.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.roles import ROLES_FOR_A_PARTNER_BODY, ROLES_FOR_AN_AGENCY, Role

#: The partnership's reporting year runs April to March (statutory.md §4, "Common reporting period").
REPORTING_YEAR_START_MONTH = 4


def reporting_year_starting(day: date) -> int:
    """The calendar year in which the reporting year containing ``day`` began (1 April)."""
    return day.year if day.month >= REPORTING_YEAR_START_MONTH else day.year - 1


def reporting_year_label(start_year: int) -> str:
    """DfE's style for a financial year: 2025-26."""
    return f"{start_year}-{str(start_year + 1)[-2:]}"


def dfe_year(start_year: int) -> int:
    """The year DfE's statistics (and the performance room) label a reporting year by: the year it
    ends in (indicators.md, "Reporting year": 2025 = 1 April 2024 to 31 March 2025). Every other
    room stores the year a reporting year starts in; this is the one place the two meet."""
    return start_year + 1


class Partnership(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=60, unique=True, help_text="Used in every address, for example /p/slug/")
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    # Demo partnerships are fictional; every page says so while one exists.
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnership_home", kwargs={"slug": self.slug})

    def current_reporting_year(self, today: date) -> str:
        return reporting_year_label(reporting_year_starting(today))

    def independence_risks(self) -> list[Membership]:
        """Scrutineer memberships held by people who also chair or are a DSP of this partnership.

        WT2023 expects scrutiny to be independent; statutory.md §1.2 asks the product to flag (not
        forbid) a scrutineer who also chairs or is a delegated partner.
        """
        memberships = list(self.memberships.select_related("user"))
        conflicted = {m.user_id for m in memberships if m.role in {Role.CHAIR, Role.DELEGATED_PARTNER}}
        return [m for m in memberships if m.role == Role.SCRUTINEER and m.user_id in conflicted]


class AreaKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    ICB = "icb", "Integrated care board"
    POLICE_FORCE = "police", "Police force"


class Area(models.Model):
    """An official area: a local authority, an ICB or a police force, with its official codes."""

    kind = models.CharField(max_length=10, choices=AreaKind.choices)
    name = models.CharField(max_length=200)
    code = models.CharField(
        max_length=9,
        unique=True,
        validators=[RegexValidator(r"^[EWSN]\d{8}$", "Use the 9-character ONS code, for example E09000004.")],
        help_text="ONS GSS code; for a local authority the DfE new_la_code, for example E09000004",
    )
    old_la_code = models.CharField(
        max_length=3,
        blank=True,
        validators=[RegexValidator(r"^\d{3}$", "Use the 3-digit DfE code, for example 303.")],
        help_text="Local authorities only: DfE's 3-digit old_la_code, for example 303",
    )

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "partnership_links__partnership"

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        if self.old_la_code and self.kind != AreaKind.LOCAL_AUTHORITY:
            raise ValidationError({"old_la_code": "Only a local authority has a 3-digit DfE code."})


class PartnershipArea(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="area_links")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="partnership_links")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "area"], name="one_link_per_area")]

    def __str__(self) -> str:
        return f"{self.partnership} covers {self.area}"


class AgencyKind(models.TextChoices):
    LOCAL_AUTHORITY = "la", "Local authority"
    HEALTH = "health", "ICB or health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education or childcare"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    OTHER = "other", "Other relevant agency"


#: The three statutory safeguarding partners (Children Act 2004, s16E(3)).
STATUTORY_PARTNER_KINDS = frozenset({AgencyKind.LOCAL_AUTHORITY, AgencyKind.HEALTH, AgencyKind.POLICE})


class AgencyQuerySet(models.QuerySet["Agency"]):
    def statutory_partners(self) -> AgencyQuerySet:
        return self.filter(kind__in=STATUTORY_PARTNER_KINDS)

    def partner_bodies_of(self, partnership: Partnership | int) -> AgencyQuerySet:
        """The partnership's statutory partner bodies, each of which signs off what the partners
        sign together (rapid reviews, the yearly report): the local authority, ICB and police
        agencies responsible for an area the partnership covers (a provider trust is health but
        not a safeguarding partner)."""
        return (
            self.statutory_partners()
            .filter(partnership_links__partnership=partnership, area__partnership_links__partnership=partnership)
            .distinct()
        )


class Agency(models.Model):
    """An organisation that works with a partnership; one agency may serve several partnerships."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=AgencyKind.choices)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        help_text="For a statutory partner, the area it is responsible for",
    )
    # Children's Wellbeing and Schools Act 2026 s2: "designated childcare or education agencies"
    # must be included; the commencement date is to verify, so this is a flag, not a rule.
    is_designated_education = models.BooleanField("designated education or childcare agency", default=False)
    website = models.URLField(blank=True)

    history = HistoricalRecords()
    objects = AgencyQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership_links__partnership"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_statutory_partner(self) -> bool:
        return self.kind in STATUTORY_PARTNER_KINDS


class PartnershipAgency(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="agency_links")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="partnership_links")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partnership", "agency"], name="one_link_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency} in {self.partnership}"


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: Any) -> MembershipQuerySet:
        return self.filter(user=user)


class Membership(models.Model):
    """One role held by one person in one partnership.

    Agency contributors name their agency; lead and delegated safeguarding partners name the
    statutory partner body they represent.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=32, choices=Role.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="The contributor's agency, or the statutory partner body a lead or delegated partner represents",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "user", "role"]
        constraints = [
            # Two partial constraints, because SQLite cannot treat NULL agencies as equal.
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "agency"],
                condition=models.Q(agency__isnull=False),
                name="one_membership_per_role_and_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "partnership", "role"],
                condition=models.Q(agency__isnull=True),
                name="one_membership_per_role_without_agency",
            ),
        ]

    def __str__(self) -> str:
        suffix = f" for {self.agency}" if self.agency_id else ""
        return f"{self.user} — {self.get_role_display()}{suffix} in {self.partnership}"

    def clean(self) -> None:
        validate_role_agency(self.role, self.agency)


def validate_role_agency(role: str, agency: Agency | None) -> None:
    """The agency a role needs: contributors need their agency; LSPs and DSPs a statutory body."""
    if role in ROLES_FOR_AN_AGENCY and agency is None:
        raise ValidationError({"agency": "Choose the agency this contributor works for."})
    if role in ROLES_FOR_A_PARTNER_BODY:
        if agency is None:
            raise ValidationError({"agency": "Choose the statutory partner body (local authority, ICB or police)."})
        if not agency.is_statutory_partner:
            raise ValidationError(
                {"agency": f"{agency} is not a statutory partner: choose a local authority, ICB or police force."}
            )
    if role not in ROLES_FOR_AN_AGENCY | ROLES_FOR_A_PARTNER_BODY and agency is not None:
        raise ValidationError({"agency": "This role does not act for one agency; leave the agency empty."})
