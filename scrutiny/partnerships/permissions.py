"""The one permission matrix: which roles may do which action in which room.

Every view and API endpoint names its (room, action) and is checked against this table; the URL
walk test (scrutiny/tests/test_url_walk.py) takes every expected answer from it. Add a room here
before adding its views.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models

from scrutiny.partnerships.roles import Role


class Action(models.TextChoices):
    VIEW = "view", "View"
    #: Add a record of one's own (evidence, an action update) without managing others'.
    CONTRIBUTE = "contribute", "Contribute"
    MANAGE = "manage", "Manage"


EVERY_ROLE = frozenset(Role)
#: Everyone but agency contributors, who see only their own agency's slice.
PARTNERSHIP_WIDE = EVERY_ROLE - {Role.AGENCY_CONTRIBUTOR}
RUNS_THE_PARTNERSHIP = frozenset({Role.BUSINESS_MANAGER})
#: Everyone who does the partnership's work, as opposed to reading it.
WORKS_HERE = EVERY_ROLE - {Role.VIEWER}
SCRUTINY_AND_ADMIN = frozenset({Role.SCRUTINEER, Role.BUSINESS_MANAGER})

MATRIX: dict[str, dict[str, frozenset[Role]]] = {
    # The partnership's home page: what is due and overdue for this person.
    "home": {Action.VIEW: EVERY_ROLE},
    # Members and invitations.
    "people": {Action.VIEW: PARTNERSHIP_WIDE, Action.MANAGE: RUNS_THE_PARTNERSHIP},
    # The agencies working with the partnership.
    "agencies": {Action.VIEW: EVERY_ROLE, Action.MANAGE: RUNS_THE_PARTNERSHIP},
    # The local authorities, ICBs and police forces the partnership covers.
    "areas": {Action.VIEW: EVERY_ROLE, Action.MANAGE: RUNS_THE_PARTNERSHIP},
    # Who changed what, and when.
    "history": {Action.VIEW: PARTNERSHIP_WIDE},
    # Requirement frameworks and themes; local requirements and partnership priorities.
    "frameworks": {Action.VIEW: EVERY_ROLE, Action.MANAGE: SCRUTINY_AND_ADMIN},
    # The evidence library. Agency contributors see and add their own agency's evidence only.
    "evidence": {Action.VIEW: EVERY_ROLE, Action.CONTRIBUTE: WORKS_HERE, Action.MANAGE: SCRUTINY_AND_ADMIN},
    # The scrutineer's work: findings, recommendations, challenges, disagreements, assessments, the
    # plan and the statement. Contributors answer only what is addressed to their agency.
    "assurance": {
        Action.VIEW: PARTNERSHIP_WIDE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: frozenset({Role.SCRUTINEER}),
    },
    # The partnership's escalation policy and the scrutineer's independence register.
    "assurance_admin": {Action.VIEW: PARTNERSHIP_WIDE, Action.MANAGE: SCRUTINY_AND_ADMIN},
    # The one action tracker. Agency contributors see and update their own agency's actions only.
    "actions": {
        Action.VIEW: EVERY_ROLE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: frozenset(
            {Role.BUSINESS_MANAGER, Role.SCRUTINEER, Role.LEAD_PARTNER, Role.DELEGATED_PARTNER, Role.CHAIR}
        ),
    },
    # Serious incidents, rapid reviews, LCSPRs, national reviews and their learning, run by the
    # business manager. Agency contributors write only their own agency's rapid review
    # contributions; lead and delegated partners sign rapid reviews off for their body.
    "reviews": {
        Action.VIEW: PARTNERSHIP_WIDE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: RUNS_THE_PARTNERSHIP,
    },
    # The performance dataset: indicators computed from the LA's statutory returns, benchmarks and
    # charts. The business manager imports the returns; agencies submit their local measures.
    "performance": {
        Action.VIEW: PARTNERSHIP_WIDE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: RUNS_THE_PARTNERSHIP,
    },
    # Meetings: series, attendance, quoracy, decisions and minutes, run by the business manager.
    # Agency contributors read the series they sit on and answer the survey for meetings they
    # attended. The scrutineer's observations of meetings are the scrutineer's own work
    # ("assurance", "manage").
    "governance": {
        Action.VIEW: EVERY_ROLE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: RUNS_THE_PARTNERSHIP,
    },
    # Section 11 and s175/s157 audits and multi-agency case file audits, run by the business manager
    # with the scrutineer, who both question and moderate. Agency contributors complete their own
    # agency's returns and case parts, answer questions put to them, and question another agency's
    # return only where the partnership made them its peer reviewer.
    "audits": {
        Action.VIEW: EVERY_ROLE,
        Action.CONTRIBUTE: WORKS_HERE,
        Action.MANAGE: SCRUTINY_AND_ADMIN,
    },
    # The agency engagement scorecard: each agency's attendance, returns, actions, audit parts and
    # answers to challenge in a year, read from the other rooms. Partnership-wide, like the records
    # it reads; agency contributors see their own agency's slice in each room instead.
    "engagement": {Action.VIEW: PARTNERSHIP_WIDE},
    # The voice of children and families: themes, "you said, we did", consultations and the young
    # scrutineers' panel, read partnership-wide and run by the business manager.
    "voice": {Action.VIEW: PARTNERSHIP_WIDE, Action.CONTRIBUTE: WORKS_HERE, Action.MANAGE: RUNS_THE_PARTNERSHIP},
    # What children and families sent in their own words: read by the business manager and the
    # scrutineer (and, by a rule on the record, the partnership's designated safeguarding contacts).
    "voice_submissions": {Action.VIEW: SCRUTINY_AND_ADMIN},
    # The safety route's vocabulary: the shipped words, read partnership-wide, and the partnership's
    # own additions, made (by a rule on the person) by the business manager and the partnership's
    # designated safeguarding contacts, whatever their role.
    "voice_vocabulary": {Action.VIEW: PARTNERSHIP_WIDE, Action.MANAGE: PARTNERSHIP_WIDE},
    # The yearly report: assembled by the business manager, the scrutineer's evaluation written by
    # the scrutineer (a rule on the section), signed off by each lead safeguarding partner for their
    # body, read partnership-wide while in draft and by everyone once published.
    "reports": {
        Action.VIEW: PARTNERSHIP_WIDE,
        Action.CONTRIBUTE: frozenset({Role.LEAD_PARTNER}),
        Action.MANAGE: SCRUTINY_AND_ADMIN,
    },
    # E-mail Scrutiny sent for the partnership (invitations, reminders, alerts), with those that
    # could not be sent, which the business manager may try again.
    "deliveries": {Action.VIEW: RUNS_THE_PARTNERSHIP, Action.MANAGE: RUNS_THE_PARTNERSHIP},
    # Every open statutory clock across the partnership's rooms, and its calendar feed. Each room
    # offers only the clocks of records the person may see.
    "deadlines": {Action.VIEW: EVERY_ROLE},
    # The partnership's own lengths for statutory clocks not yet confirmed against the guidance:
    # read by everyone whose deadlines they set, set or removed by the business manager.
    "clocks": {Action.VIEW: EVERY_ROLE, Action.MANAGE: RUNS_THE_PARTNERSHIP},
}


def allows(roles: Iterable[str], room: str, action: str) -> bool:
    """Whether any of ``roles`` may do ``action`` in ``room``. Unknown rooms and actions fail closed."""
    permitted = MATRIX.get(room, {}).get(action, frozenset())
    return any(role in permitted for role in roles)


def check_declared(room: str, action: str) -> None:
    """Fail at import time if a view names a room or action the matrix does not have."""
    if action not in MATRIX.get(room, {}):
        raise LookupError(f"The permission matrix has no action {action!r} in room {room!r}")


#: Pages from libraries (sign-in and two-factor pages from django-allauth, the API's root), by URL
#: name, with who may open them. Our own views declare their access with the decorators in
#: access.py; the URL walk test fails on any URL that is in neither place.
THIRD_PARTY_URLS: dict[str, str] = {
    "account_login": "public",
    "account_logout": "public",
    "account_inactive": "public",
    "account_signup": "public",  # answers "sign-up is closed": people join by invitation
    "account_email_verification_sent": "public",
    "account_confirm_email": "public",
    "account_confirm_login_code": "public",
    "account_reset_password": "public",
    "account_reset_password_done": "public",
    "account_reset_password_from_key": "public",
    "account_reset_password_from_key_done": "public",
    "mfa_authenticate": "public",  # the second step of signing in
    "account_reauthenticate": "signed_in",
    # Re-authenticating by an e-mailed code is switched off (ACCOUNT_REAUTHENTICATION_METHODS):
    # allauth answers these 403 for everyone.
    "account_request_reauthentication_code": "disabled",
    "account_confirm_reauthentication_code": "disabled",
    "account_change_password": "signed_in",
    "account_set_password": "signed_in",
    "mfa_index": "signed_in",
    "mfa_reauthenticate": "signed_in",
    "mfa_activate_totp": "signed_in",
    "mfa_deactivate_totp": "signed_in",
    "mfa_view_recovery_codes": "signed_in",
    "mfa_generate_recovery_codes": "signed_in",
    "mfa_download_recovery_codes": "signed_in",
    "api:api-root": "public",  # answers 404 with a JSON reason; the documentation is at /api/v1/docs
}
#: URL namespaces open only to platform staff (Django's admin, for the people who run the service).
STAFF_NAMESPACES = frozenset({"admin"})
