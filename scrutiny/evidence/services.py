"""Workflows on evidence: adding it, changing what describes it, new versions, superseding, and
linking it to the records of other rooms. The pages and the API both go through these; each checks
its rules (scrutiny.evidence.rules) and refuses with a ValidationError, changing nothing.

How another room attaches evidence to its records (a finding, an assessment, an action…):

- ``evidence_link(evidence=item, target=finding, purpose=EvidencePurpose.SUPPORTS, linked_by=user)``
  links an item; evidence of another partnership is refused with a ValidationError. Linking twice
  is harmless.
- ``evidence_unlink(evidence=item, target=finding, purpose=…, unlinked_by=user)`` removes the link;
  its history keeps that it existed, who removed it and when.
- ``evidence_for(finding)`` (optionally ``purpose=…``) is the queryset of items linked to it; chain
  ``.visible_to(seat)`` to respect what an agency contributor may see.
- ``evidence_for_record(partnership=…, record=meeting, title=…, added_by=user)`` finds or creates
  the evidence item that refers to a record of Scrutiny itself (for "add as evidence" buttons).

The pages to pick and unlink evidence for a record are in ``scrutiny.evidence.picking``; the list
of linked evidence is the template include ``evidence/includes/linked_evidence.html``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldError, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny.evidence import rules
from scrutiny.evidence.files import CheckedUpload, check_upload
from scrutiny.evidence.models import (
    EvidenceItem,
    EvidenceKind,
    EvidenceLink,
    EvidencePurpose,
    EvidenceQuerySet,
    EvidenceVersion,
)
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.history import delete_by, save_by
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import scoped


def _belongs_to(record: models.Model, partnership: Partnership) -> bool:
    """Whether a record of any room belongs to (or is linked to) the partnership."""
    model = type(record)
    try:
        return scoped(model._default_manager.filter(pk=record.pk), partnership).exists()
    except FieldError:
        raise ValidationError("Evidence can be linked only to records that belong to a partnership.") from None


def _create_item(
    *,
    partnership: Partnership,
    kind: str,
    title: str,
    added_by: Any,
    description: str = "",
    agency: Agency | None = None,
    dated: date | None = None,
    url: str = "",
    requirements: Iterable[Requirement] = (),
    themes: Iterable[Theme] = (),
    record: models.Model | None = None,
) -> EvidenceItem:
    item = EvidenceItem(
        partnership=partnership,
        kind=kind,
        title=title,
        description=description,
        agency=agency,
        dated=dated,
        url=url,
        added_by=added_by,
    )
    if record is not None:
        item.record_type = ContentType.objects.get_for_model(record)
        item.record_id = record.pk
    item.full_clean(exclude=["requirements", "themes"])
    save_by(item, added_by)
    if requirements:
        item.requirements.set(requirements)
    if themes:
        item.themes.set(themes)
    return item


def evidence_add_file(
    *, partnership: Partnership, title: str, upload: UploadedFile[Any], added_by: Any, note: str = "", **details: Any
) -> EvidenceItem:
    """A new file item with its first version. The upload is checked (type and size) before
    anything is stored; a refusal raises ValidationError and leaves no row and no file."""
    checked = check_upload(upload)
    with transaction.atomic():
        item = _create_item(partnership=partnership, kind=EvidenceKind.FILE, title=title, added_by=added_by, **details)
        _store_version(item=item, upload=upload, checked=checked, uploaded_by=added_by, note=note, number=1)
    return item


def evidence_add_link(*, partnership: Partnership, title: str, url: str, added_by: Any, **details: Any) -> EvidenceItem:
    """A link to evidence published elsewhere (http or https only)."""
    return _create_item(
        partnership=partnership, kind=EvidenceKind.LINK, title=title, url=url, added_by=added_by, **details
    )


def evidence_for_record(
    *, partnership: Partnership, record: models.Model, title: str, added_by: Any, **details: Any
) -> EvidenceItem:
    """The evidence item that refers to a record inside Scrutiny, created on first use (with
    ``details``: description, agency, dated, requirements, themes); found, unchanged, after that.
    A record of another partnership is refused."""
    if not _belongs_to(record, partnership):
        raise ValidationError("That record is not part of this partnership.")
    found = EvidenceItem.objects.filter(partnership=partnership).for_record(record).first()
    if found is not None:
        return found
    return _create_item(
        partnership=partnership, kind=EvidenceKind.RECORD, title=title, added_by=added_by, record=record, **details
    )


def evidence_change(
    *,
    item: EvidenceItem,
    changed_by: Any,
    title: str,
    url: str = "",
    description: str = "",
    agency: Agency | None = None,
    dated: date | None = None,
    requirements: Iterable[Requirement] = (),
    themes: Iterable[Theme] = (),
) -> EvidenceItem:
    """Change what describes a piece of evidence: title, description, agency, date and tags, and a
    link's address. Its kind, versions and links stay; its history keeps who changed what."""
    item.title = title
    item.url = url
    item.description = description
    item.agency = agency
    item.dated = dated
    item.full_clean(exclude=["requirements", "themes"])
    with transaction.atomic():
        save_by(item, changed_by)
        item.requirements.set(list(requirements))
        item.themes.set(list(themes))
    return item


def evidence_add_version(
    *, item: EvidenceItem, upload: UploadedFile[Any], uploaded_by: Any, note: str = ""
) -> EvidenceVersion:
    """A new version of a file item; earlier versions stay and remain downloadable."""
    rules.only_files_have_versions(item)
    checked = check_upload(upload)
    with transaction.atomic():
        # Lock the item so two uploads at once cannot take the same number.
        EvidenceItem.objects.select_for_update().filter(pk=item.pk).first()
        number = (item.versions.aggregate(top=Max("number"))["top"] or 0) + 1
        return _store_version(
            item=item, upload=upload, checked=checked, uploaded_by=uploaded_by, note=note, number=number
        )


def _store_version(
    *, item: EvidenceItem, upload: UploadedFile[Any], checked: CheckedUpload, uploaded_by: Any, note: str, number: int
) -> EvidenceVersion:
    version = EvidenceVersion(
        item=item,
        number=number,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        note=note,
        uploaded_by=uploaded_by,
    )
    # Stored under a name of our own (evidence_upload_path), then the row: a row that cannot be
    # saved leaves no file behind.
    version.file.save(checked.original_name, upload, save=False)
    try:
        save_by(version, uploaded_by)
    except Exception:
        version.file.storage.delete(str(version.file.name))
        raise
    return version


def evidence_supersede(
    *, item: EvidenceItem, reason: str, superseded_by: EvidenceItem | None = None, by: Any
) -> EvidenceItem:
    """Mark evidence as superseded: it stays, with its history, tagged "Superseded" and left out of
    pickers by default. Nothing is deleted."""
    rules.superseded_once(item)
    rules.superseding_needs_reason(reason)
    if superseded_by is not None:
        rules.replacement_of_the_same_partnership(item, superseded_by)
    item.superseded_at = timezone.now()
    item.superseded_reason = reason.strip()
    item.superseded_by = superseded_by
    save_by(item, by, update_fields=["superseded_at", "superseded_reason", "superseded_by"])
    return item


def evidence_link(*, evidence: EvidenceItem, target: models.Model, purpose: str, linked_by: Any) -> EvidenceLink:
    """Link evidence to a record of any room. Evidence of another partnership than the record's is
    refused; linking the same evidence for the same purpose twice returns the existing link."""
    if purpose not in EvidencePurpose.values:
        raise ValidationError(f"“{purpose}” is not a purpose evidence can serve.")
    if not _belongs_to(target, evidence.partnership):
        raise ValidationError("Evidence of another partnership cannot be linked to this record.")
    content_type = ContentType.objects.get_for_model(target)
    existing = EvidenceLink.objects.filter(
        evidence=evidence, content_type=content_type, object_id=target.pk, purpose=purpose
    ).first()
    if existing is not None:
        return existing
    link = EvidenceLink(
        partnership=evidence.partnership,
        evidence=evidence,
        content_type=content_type,
        object_id=target.pk,
        purpose=purpose,
        linked_by=linked_by,
    )
    try:
        with transaction.atomic():
            save_by(link, linked_by)
    except IntegrityError:
        # Someone linked it at the same moment: theirs stands.
        return EvidenceLink.objects.get(
            evidence=evidence, content_type=content_type, object_id=target.pk, purpose=purpose
        )
    return link


def evidence_unlink(
    *, evidence: EvidenceItem, target: models.Model, purpose: str | None = None, unlinked_by: Any
) -> int:
    """Remove the link(s) between evidence and a record (for one purpose, or all). The evidence
    stays; each link's history keeps who removed it and when. Returns how many were removed."""
    links = EvidenceLink.objects.for_object(target).filter(evidence=evidence)
    if purpose is not None:
        links = links.filter(purpose=purpose)
    removed = 0
    for link in links:
        delete_by(link, unlinked_by)
        removed += 1
    return removed


def evidence_for(target: models.Model, purpose: str | None = None) -> EvidenceQuerySet:
    """The evidence linked to a record, for one purpose or any."""
    links = EvidenceLink.objects.for_object(target)
    if purpose is not None:
        links = links.filter(purpose=purpose)
    return EvidenceItem.objects.filter(pk__in=links.values("evidence_id"))
