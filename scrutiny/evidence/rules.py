"""The rules of the evidence library, one named function each. Every rule raises a ValidationError
whose message says what is wrong; the services check them, and the API cites them where it must
refuse before it reads the rest of a request.

Source for all of them: issue 3, "Evidence" — one library of files (with versions), links and
references to records; nothing silently deleted: out-of-date evidence is marked superseded, with
the reason and what replaces it, and stays visible with its history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from scrutiny.evidence.models import EvidenceItem, EvidenceKind


def only_files_have_versions(item: EvidenceItem) -> None:
    """A new version is a new upload of a file; a link or a reference to a record is corrected by
    changing it instead."""
    if item.kind != EvidenceKind.FILE:
        raise ValidationError("Only uploaded files have versions.")


def superseded_once(item: EvidenceItem) -> None:
    """Evidence is marked superseded once: the reason and the replacement given then stand."""
    if item.is_superseded:
        raise ValidationError("This evidence is already marked as superseded.")


def superseding_needs_reason(reason: str) -> None:
    """Superseded evidence stays in the library with the reason it was superseded."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why this evidence is superseded."})


def replacement_of_the_same_partnership(item: EvidenceItem, replacement: EvidenceItem) -> None:
    """What replaces superseded evidence is other evidence of the same partnership."""
    if replacement.partnership_id != item.partnership_id:
        raise ValidationError({"superseded_by": "The replacement must be evidence of this partnership."})
    if replacement.pk == item.pk:
        raise ValidationError({"superseded_by": "Evidence cannot replace itself."})
