"""Invitations: the only way in. Workflows that touch invitations, users and memberships."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from scrutiny.accounts.models import Invitation, User
from scrutiny.mail.sending import send_email
from scrutiny.partnerships.models import Agency, Membership, Partnership, validate_role_agency
from scrutiny.partnerships.roles import Role


def _send_invitation_email(invitation: Invitation, raw_token: str) -> None:
    """Through the task queue, in the caller's transaction. The link (with its secret token) is
    made a full address when the e-mail is sent, and forgotten once it is."""
    send_email(
        partnership=invitation.partnership,
        to=[invitation.email],
        subject=f"You are invited to {invitation.partnership} on Scrutiny",
        body=render_to_string("accounts/email/invitation.txt", {"invitation": invitation, "link": "{link}"}),
        kind="invitation",
        link=reverse("accept_invitation", kwargs={"token": raw_token}),
    )


def invitation_send(
    *,
    partnership: Partnership,
    email: str,
    full_name: str,
    role: str,
    agency: Agency | None,
    invited_by: User,
) -> Invitation:
    """Invite a person into the partnership with one role, and e-mail them the link."""
    email = email.strip().lower()
    validate_role_agency(role, agency)
    if Membership.objects.filter(partnership=partnership, user__email=email, role=role, agency=agency).exists():
        raise ValidationError(f"{email} already holds this role in {partnership}.")
    with transaction.atomic():
        invitation, raw = Invitation.issue(
            partnership=partnership,
            email=email,
            full_name=full_name,
            role=role,
            agency=agency,
            invited_by=invited_by,
        )
        _send_invitation_email(invitation, raw)
    return invitation


def invitation_resend(*, invitation: Invitation) -> Invitation:
    """A fresh link and a fresh expiry date; the old link stops working."""
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError("Only an open or expired invitation can be sent again.")
    raw, token_hash = Invitation.new_token()
    invitation.token_hash = token_hash
    invitation.expires_at = Invitation.default_expiry()
    with transaction.atomic():
        invitation.save(update_fields=["token_hash", "expires_at"])
        _send_invitation_email(invitation, raw)
    return invitation


def invitation_revoke(*, invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise ValidationError("This invitation has already been accepted; remove the person's role instead.")
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Give the invited person their role. The invitation must be open and theirs."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(f"This invitation is {invitation.status} and can no longer be accepted.")
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(f"This invitation is for {invitation.email}, not {user.email}.")
    membership, _ = Membership.objects.get_or_create(
        user=user, partnership=invitation.partnership, role=invitation.role, agency=invitation.agency
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def account_create_from_invitation(*, invitation: Invitation, full_name: str, password: str) -> User:
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(f"An account for {invitation.email} already exists: sign in to accept.")
    user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name.strip())
    invitation_accept(invitation=invitation, user=user)
    return user


def membership_remove(*, membership: Membership) -> None:
    """Take a role away. The last business manager cannot be removed, or nobody could manage people."""
    if (
        membership.role == Role.BUSINESS_MANAGER
        and not Membership.objects.filter(partnership=membership.partnership, role=Role.BUSINESS_MANAGER)
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise ValidationError("This is the partnership's only business manager: invite another one first.")
    membership.delete()
