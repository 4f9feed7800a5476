"""Which evidence a person reaches, for the pages and the API alike.

Another partnership's evidence, or (for someone who is only an agency contributor) another
agency's that they did not add, is not found (404). Of what they see, they change only what
``EvidenceItem.can_change`` allows: managers anything, others what they added (403 for the rest).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from scrutiny.evidence.models import EvidenceItem
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.scoping import get_scoped_or_404


def item_or_404(seat: Seat, pk: int) -> EvidenceItem:
    """One item of this partnership that this seat may see."""
    found = EvidenceItem.objects.visible_to(seat).select_related("partnership", "agency", "added_by", "record_type")
    return get_scoped_or_404(found, seat.partnership, pk=pk)


def changeable_or_403(seat: Seat, pk: int) -> EvidenceItem:
    """One item this seat may see and change."""
    item = item_or_404(seat, pk)
    if not item.can_change(seat):
        raise PermissionDenied("You can change only evidence you added.")
    return item
