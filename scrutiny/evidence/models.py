"""One evidence library for every room: uploaded files (with versions), links, and references to
records inside Scrutiny, tagged against requirements and themes, linked to whatever they support.

Nothing is silently deleted: evidence that is out of date is marked superseded and stays visible
with its history. Files live outside the web root and are served only through a view that checks
the permission matrix.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.functional import LazyObject
from simple_history.models import HistoricalRecords


class _EvidenceStorage(LazyObject):
    """Files under MEDIA_ROOT/evidence, never under the static or web root; no public URL."""

    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.MEDIA_ROOT / "evidence", base_url=None)


evidence_storage = _EvidenceStorage()


def evidence_upload_path(version: EvidenceVersion, filename: str) -> str:
    # The stored name is not the uploaded one: it cannot collide, traverse or reveal anything.
    return f"p{version.item.partnership_id}/{version.item_id}/v{version.number}-{version.sha256[:16]}"


class EvidenceKind(models.TextChoices):
    FILE = "file", "Uploaded file"
    LINK = "link", "Link"
    RECORD = "record", "Record in Scrutiny"


class EvidenceQuerySet(models.QuerySet["EvidenceItem"]):
    def current(self) -> EvidenceQuerySet:
        return self.filter(superseded_at__isnull=True)


class EvidenceItem(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    # The agency the evidence comes from or concerns; agency contributors see their agency's.
    agency = models.ForeignKey(
        "partnerships.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    url = models.URLField("link", max_length=1000, blank=True)
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

    @property
    def is_superseded(self) -> bool:
        return self.superseded_at is not None

    def latest_version(self) -> EvidenceVersion | None:
        return self.versions.order_by("-number").first()


class EvidenceVersion(models.Model):
    """One uploaded file of a file item. A new upload is a new version; old ones are kept."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=evidence_upload_path, storage=evidence_storage, max_length=300)
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
    purpose = models.CharField(max_length=20, default="supports")
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
