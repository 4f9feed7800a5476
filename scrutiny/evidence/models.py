"""One evidence library for every room: uploaded files (with versions), links, and references to
records inside Scrutiny, tagged against requirements and themes, linked to whatever they support.

Nothing is silently deleted: evidence that is out of date is marked superseded and stays visible
with its history. Files live outside the web root and are served only through a view that checks
the permission matrix.
"""

from __future__ import annotations

import os
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.scoping import only_their_agency


class EvidenceStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/evidence, never under the static or web root, and with no public URL:
    they are served only by the download view, which checks the permission matrix.

    The location is read from settings when first used (and again when a test changes MEDIA_ROOT),
    so it never ends up in a migration.
    """

    @cached_property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "evidence")

    def url(self, name: str | None) -> str:
        raise ValueError("Evidence files have no public address: use the evidence download view.")


evidence_storage = EvidenceStorage()


def get_evidence_storage() -> Storage:
    return evidence_storage


def evidence_upload_path(version: EvidenceVersion, filename: str) -> str:
    # The stored name is not the uploaded one: it cannot collide, traverse or reveal anything.
    return f"p{version.item.partnership_id}/{version.item_id}/v{version.number}-{version.sha256[:16]}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Uploaded file"
    LINK = "link", "Link"
    RECORD = "record", "Record in Scrutiny"


class EvidencePurpose(models.TextChoices):
    """What a piece of evidence shows about the record it is linked to."""

    SUPPORTS = "supports", "Supports"
    COMPLETION = "completion", "Shows it was done"
    IMPACT = "impact", "Shows its impact"


def agency_slice(seat: Seat) -> frozenset[int] | None:
    """The agencies whose evidence this seat is limited to, or None where it sees the whole
    partnership. Only a person who is nothing but an agency contributor here is limited."""
    if not seat.roles or seat.partnership_wide:
        return None
    return seat.agency_ids


class EvidenceQuerySet(models.QuerySet["EvidenceItem"]):
    def current(self) -> EvidenceQuerySet:
        return self.filter(superseded_at__isnull=True)

    def visible_to(self, seat: Seat) -> EvidenceQuerySet:
        """The partnership's evidence this seat may see: agency contributors see their agency's
        evidence and what they added themselves; everyone else sees it all."""
        mine = self.filter(partnership=seat.partnership)
        if agency_slice(seat) is None:
            return mine
        return only_their_agency(mine, seat) | mine.filter(added_by=seat.user)

    def matching(
        self,
        *,
        q: str = "",
        kind: str = "",
        agency: Any = None,
        requirement: Any = None,
        theme: Any = None,
        include_superseded: bool = False,
    ) -> EvidenceQuerySet:
        """The library's filters, shared by the list page and the API: ``q`` in the title, a
        kind, an agency, a requirement and a theme (each a record or its id); superseded evidence
        only when asked."""
        found = self if include_superseded else self.current()
        if q:
            found = found.filter(title__icontains=q)
        if kind:
            found = found.filter(kind=kind)
        if agency:
            found = found.filter(agency=agency)
        if requirement:
            found = found.filter(requirements=requirement)
        if theme:
            found = found.filter(themes=theme)
        return found

    def with_latest_version(self) -> EvidenceQuerySet:
        """Annotate ``latest_version_number`` (None for links and records) in the same query."""
        return self.annotate(latest_version_number=models.Max("versions__number"))

    def newest_first(self) -> EvidenceQuerySet:
        """By the date of the evidence (undated last), then the newest added."""
        return self.order_by(models.F("dated").desc(nulls_last=True), "-added_at", "-pk")

    def for_record(self, record: models.Model) -> EvidenceQuerySet:
        """Record-kind items that refer to ``record``."""
        return self.filter(
            kind=EvidenceKind.RECORD, record_type=ContentType.objects.get_for_model(record), record_id=record.pk
        )


class EvidenceItem(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    # The agency the evidence comes from or concerns; agency contributors see their agency's.
    agency = models.ForeignKey(
        "partnerships.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    url = models.URLField("link", max_length=1000, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    # A record inside Scrutiny (a meeting, an audit, a review…), for kind=record.
    record_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField(null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    dated = models.DateField("date of the evidence", null=True, blank=True)
    requirements = models.ManyToManyField("frameworks.Requirement", blank=True, related_name="evidence")
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="evidence")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )
    superseded_reason = models.TextField(blank=True)

    history = HistoricalRecords(m2m_fields=[requirements, themes])
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at"]
        verbose_name = "evidence item"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evidence_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.kind == EvidenceKind.LINK and not self.url:
            raise ValidationError({"url": "Enter the address of the evidence, starting http:// or https://."})
        if self.kind != EvidenceKind.LINK and self.url:
            raise ValidationError({"url": "Only a link has an address."})
        if self.kind == EvidenceKind.RECORD and not (self.record_type_id and self.record_id):
            raise ValidationError("A reference to a record needs the record it refers to.")
        if self.superseded_by_id is not None and self.superseded_by_id == self.pk:
            raise ValidationError({"superseded_by": "Evidence cannot replace itself."})

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    def latest_version(self) -> EvidenceVersion | None:
        return self.versions.order_by("-number").first()

    def can_change(self, seat: Seat) -> bool:
        """Managers change any evidence; people who contribute change (and add versions to) what
        they added themselves."""
        if seat.partnership.pk != self.partnership_id:
            return False
        if seat.can("evidence", "manage"):
            return True
        return seat.can("evidence", "contribute") and self.added_by_id == seat.user.pk


class EvidenceVersion(models.Model):
    """One uploaded file of a file item. A new upload is a new version; old ones are kept."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_upload_path, storage=get_evidence_storage, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "item__partnership"

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"

    def get_absolute_url(self) -> str:
        """The download address (the only way to the file)."""
        return reverse(
            "evidence_download",
            kwargs={"slug": self.item.partnership.slug, "pk": self.item_id, "number": self.number},
        )


class EvidenceLinkQuerySet(models.QuerySet["EvidenceLink"]):
    def for_object(self, obj: models.Model) -> EvidenceLinkQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class EvidenceLink(models.Model):
    """Evidence supporting a record of any room: a finding, an assessment, an action's completion…"""

    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="+")
    evidence = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # What the evidence shows about the record: supports it, shows it was done, shows its impact.
    purpose = models.CharField(max_length=20, choices=EvidencePurpose.choices, default=EvidencePurpose.SUPPORTS)
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    linked_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = EvidenceLinkQuerySet.as_manager()

    class Meta:
        ordering = ["linked_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "content_type", "object_id", "purpose"], name="one_link_per_purpose"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.evidence} {self.purpose} {self.content_type.model} {self.object_id}"
