"""Rules of the assurance room that pages and the API used to state each in their own words, one
named function each. Pages, endpoints and services cite these, so a rule holds however the change
arrives.

Refused input raises Django's ``ValidationError`` naming the field (a page puts it on its form;
the API answers 400). Refusing the person, where the matrix lets their role in but the record
itself does not, raises ``PermissionDenied`` (403).
"""

from __future__ import annotations

from collections.abc import Sized
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError

from scrutiny.assurance.models import FindingStatus

if TYPE_CHECKING:
    from scrutiny.assurance.models import AssuranceStatement, Disagreement, Finding, Innovation
    from scrutiny.partnerships.access import Seat


def reporting_year(year: int) -> None:
    """A reporting year is named by the year it starts (1 April): 2025 for 2025-26. The room keeps
    years from 2000 to 2100, so a mistyped year is caught rather than recorded."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Enter the year the reporting year starts, for example 2025 for 2025-26."})


# --- Findings ---------------------------------------------------------------------------------


def finding_status_is_draft_or_issued(status: str) -> None:
    """A finding is a draft or issued; there is no other status to move it to."""
    if status not in FindingStatus.values:
        raise ValidationError({"status": f"Choose draft or issued, not {status!r}."})


def no_return_to_draft(finding: Finding, status: str) -> None:
    """An issued finding cannot return to draft: once issued it stands in the record, and the
    statement and recommendations built on it rely on it (issue 3, "issuing is a change of status")."""
    if status == FindingStatus.DRAFT and finding.is_issued:
        raise ValidationError({"status": "An issued finding cannot return to draft."})


def issued_finding_keeps_its_evidence(finding: Finding, evidence: Sized) -> None:
    """An issued finding keeps at least one piece of supporting evidence: it could be issued only
    with evidence behind it (issue 3), and it must stay traceable to what supports it."""
    if finding.is_issued and not len(evidence):
        raise ValidationError({"evidence": "An issued finding must keep at least one piece of supporting evidence."})


# --- Who may act on a record ------------------------------------------------------------------


def only_an_addressed_body_responds(bodies: Sized) -> None:
    """A recommendation is answered by the people of the bodies it is addressed to, no one else.
    ``bodies``: those this person may answer for (``models.findings.responding_bodies``)."""
    if not len(bodies):
        raise PermissionDenied("Only the people of a body the recommendation is addressed to respond to it.")


def disagreement_can_act(disagreement: Disagreement, seat: Seat) -> bool:
    """The scrutineer, the business manager, and the people of a party may move it on or resolve it."""
    if seat.can("assurance", "manage") or seat.can("assurance_admin", "manage"):
        return True
    return any(seat.acts_for(p.pk) for p in disagreement.parties.all())


def only_the_parties_move_it_on(disagreement: Disagreement, seat: Seat) -> None:
    """A disagreement is escalated or resolved by its parties, the scrutineer or the business
    manager (:func:`disagreement_can_act`)."""
    if not disagreement_can_act(disagreement, seat):
        raise PermissionDenied("Only the parties, the scrutineer or the business manager can move it on.")


def only_who_may_change_the_innovation(innovation: Innovation, seat: Seat) -> None:
    """An initiative is changed by its owner agency's people, the scrutineer and the business
    manager."""
    if not innovation.can_edit(seat):
        raise PermissionDenied("Only the owner agency's people, the scrutineer and the business manager change it.")


# --- The assurance statement ------------------------------------------------------------------


def only_partner_bodies_respond_to_the_statement(bodies: Sized) -> None:
    """The lead partners respond to the statement, each for their statutory partner body, in
    person or through a delegated partner. ``bodies``: those this person speaks for
    (``statements.responding_bodies``)."""
    if not len(bodies):
        raise PermissionDenied("Only lead and delegated partners respond to the statement, for their body.")


def statement_is_published(statement: AssuranceStatement | None) -> None:
    """The statement is responded to once the scrutineer has published it, not while it is written."""
    if statement is None or not statement.is_published:
        raise ValidationError("The statement has not been published yet, so it cannot be responded to.")
