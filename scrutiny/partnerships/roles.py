"""The roles a person can hold in a partnership (ARCHITECTURE.md, "Who uses it")."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    SCRUTINEER = "scrutineer", "Independent scrutineer"
    BUSINESS_MANAGER = "business_manager", "Business manager"
    LEAD_PARTNER = "lead_partner", "Lead safeguarding partner"
    DELEGATED_PARTNER = "delegated_partner", "Delegated safeguarding partner"
    CHAIR = "chair", "Partnership chair"
    AGENCY_CONTRIBUTOR = "agency_contributor", "Agency contributor"
    VIEWER = "viewer", "Viewer"


#: Roles that speak for one statutory partner body (LA, ICB or police), so sign-offs are per body
#: even where a partnership covers two councils or two forces.
ROLES_FOR_A_PARTNER_BODY = frozenset({Role.LEAD_PARTNER, Role.DELEGATED_PARTNER})
#: Roles that act for one agency and see only that agency's slice.
ROLES_FOR_AN_AGENCY = frozenset({Role.AGENCY_CONTRIBUTOR})

ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.SCRUTINEER: "Plans scrutiny, judges duties, records findings, raises challenges and writes the assurance "
    "statement.",
    Role.BUSINESS_MANAGER: "Runs the partnership: people, agencies, areas, meetings, audits, reviews and the yearly "
    "report.",
    Role.LEAD_PARTNER: "Signs off the arrangements, budget and yearly report for their body; responds to scrutiny.",
    Role.DELEGATED_PARTNER: "Leads delivery for their body; owns actions and answers challenges.",
    Role.CHAIR: "Chairs the partnership and leads its meetings.",
    Role.AGENCY_CONTRIBUTOR: "Completes their agency's returns and sees only their agency's slice.",
    Role.VIEWER: "Reads the partnership's record.",
}
