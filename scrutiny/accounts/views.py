"""People in a partnership, invitations, and each person's own account and API tokens."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from scrutiny.accounts import services
from scrutiny.accounts.forms import AccountForm, InviteForm, NewAccountForm, TokenForm
from scrutiny.accounts.models import Invitation, PersonalToken, User
from scrutiny.forms_govuk import change_and_go_back
from scrutiny.partnerships.access import partnership_view, post_only, public_view, signed_in_view
from scrutiny.partnerships.models import Membership
from scrutiny.partnerships.scoping import get_scoped_or_404, scoped


@partnership_view("people", "view")
def people(request: HttpRequest) -> HttpResponse:
    seat = request.seat  # type: ignore[attr-defined]
    memberships = scoped(Membership, seat.partnership).select_related("user", "agency").order_by("user__full_name")
    people = [{"user": user, "memberships": list(group)} for user, group in groupby(memberships, key=lambda m: m.user)]
    invitations = (
        scoped(Invitation, seat.partnership)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("agency", "invited_by")
        if seat.can("people", "manage")
        else Invitation.objects.none()
    )
    return render(
        request,
        "accounts/people.html",
        {
            "people": people,
            "invitations": invitations,
            "independence_risks": seat.partnership.independence_risks(),
            "now": timezone.now(),
        },
    )


@partnership_view("people", "manage")
def invite(request: HttpRequest) -> HttpResponse:
    seat = request.seat  # type: ignore[attr-defined]
    form = InviteForm(request.POST or None, partnership=seat.partnership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_send(
                partnership=seat.partnership,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                agency=data["agency"],
                invited_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("people", slug=seat.partnership.slug)
    return render(request, "accounts/invite.html", {"form": form})


def _back_to_people(request: HttpRequest, change: Callable[[], object], done: str) -> HttpResponse:
    """Make a change from the People page, say how it went, and go back there."""
    to = reverse("people", kwargs={"slug": request.seat.partnership.slug})  # type: ignore[attr-defined]
    return change_and_go_back(request, change, done, to=to)


@partnership_view("people", "manage")
@post_only
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request.seat.partnership, pk=pk)  # type: ignore[attr-defined]
    return _back_to_people(
        request,
        lambda: services.invitation_resend(invitation=invitation),
        f"A new invitation link was sent to {invitation.email}.",
    )


@partnership_view("people", "manage")
@post_only
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_scoped_or_404(Invitation, request.seat.partnership, pk=pk)  # type: ignore[attr-defined]
    return _back_to_people(
        request,
        lambda: services.invitation_revoke(invitation=invitation),
        f"The invitation to {invitation.email} was withdrawn.",
    )


@partnership_view("people", "manage")
@post_only
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = request.seat  # type: ignore[attr-defined]
    membership = get_scoped_or_404(Membership.objects.select_related("user"), seat.partnership, pk=pk)
    return _back_to_people(
        request,
        lambda: services.membership_remove(membership=membership),
        f"{membership.user} no longer holds the role {membership.get_role_display()}.",
    )


# 200 to accept; 403 when signed in as someone else; 410 once closed; 404 for an unknown link.
@public_view(answers=frozenset({200, 403, 410}))
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail. Unknown links are 404; closed ones say why (410)."""
    invitation = Invitation.find_by_token(token)
    if invitation is None:
        raise Http404("This invitation link is not valid.")
    context: dict[str, object] = {"invitation": invitation}
    if not invitation.is_open:
        return render(request, "accounts/invitation_closed.html", context, status=410)
    user = request.user
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            context["wrong_user"] = True
            return render(request, "accounts/invitation_accept.html", context, status=403)
        if request.method == "POST":
            services.invitation_accept(invitation=invitation, user=user)
            messages.success(request, f"You have joined {invitation.partnership}.")
            return redirect(invitation.partnership)
        return render(request, "accounts/invitation_accept.html", context)
    if existing is not None:
        context["sign_in_url"] = reverse("account_login") + f"?next={request.path}"
        return render(request, "accounts/invitation_accept.html", context)
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        new_user = services.account_create_from_invitation(
            invitation=invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
        )
        login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Scrutiny. You have joined {invitation.partnership}.")
        return redirect(invitation.partnership)
    if request.method == "GET":
        form.initial["full_name"] = invitation.full_name
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


@signed_in_view
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = AccountForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your details were saved.")
        return redirect("account")
    memberships = Membership.objects.filter(user=user).select_related("partnership", "agency")
    return render(
        request,
        "accounts/account.html",
        {
            "form": form,
            "memberships": memberships,
            "tokens": PersonalToken.objects.filter(user=user, revoked_at__isnull=True),
            "token_form": TokenForm(),
        },
    )


@signed_in_view
@post_only
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the token a name, so you know later what it is for.")
        return redirect(reverse("account") + "#tokens")
    token, raw = PersonalToken.issue(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
    return render(request, "accounts/token_created.html", {"token": token, "raw": raw})


@signed_in_view
@post_only
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the owner's own tokens are found; anyone else's is a 404.
    user: Any = request.user
    token = get_object_or_404(PersonalToken, pk=pk, user=user, revoked_at__isnull=True)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    messages.success(request, f"The token {token} was revoked.")
    return redirect(reverse("account") + "#tokens")


@signed_in_view(answers=frozenset({302}))
def email_addresses(request: HttpRequest) -> HttpResponse:
    """Stands in for allauth's e-mail management: the address is fixed by the invitation."""
    messages.info(request, "Your e-mail address is the one you were invited at. Ask a business manager to change it.")
    return redirect("account")
