"""Invitations are the only way in: a business manager invites, the person accepts by link."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from scrutiny.accounts.models import Invitation, User
from scrutiny.partnerships.models import Agency, Membership
from scrutiny.partnerships.roles import Role

pytestmark = pytest.mark.django_db


def _invite(client: Client, slug: str, **data: str) -> Any:
    return client.post(f"/p/{slug}/people/invite/", data)


def _link_from_last_email() -> str:
    """The path of the invitation link in the last e-mail sent, which must start with SITE_URL."""
    match = re.search(r"(https?://\S+/invitations/\S+/)$", str(mail.outbox[-1].body), re.MULTILINE)
    assert match, mail.outbox[-1].body
    assert match.group(1).startswith(settings.SITE_URL + "/invitations/"), match.group(1)
    return match.group(1).removeprefix(settings.SITE_URL)


def test_a_business_manager_invites_a_viewer_and_the_link_is_emailed(cast, client_for, mail_sent_now):
    with mail_sent_now():
        response = _invite(
            client_for(cast.manager), "riverbank", full_name="Ada Reviewer", email="Ada@Example.org", role="viewer"
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ada@example.org")
    assert invitation.partnership == cast.riverbank
    assert invitation.invited_by == cast.manager
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert "Riverbank" in mail.outbox[0].subject
    # Only a hash of the token is kept: the link in the e-mail is not in the database.
    assert _link_from_last_email().split("/")[2] not in invitation.token_hash


def test_the_link_in_the_email_opens_the_invitation_at_the_configured_address(
    cast, client_for, mail_sent_now, settings
):
    settings.SITE_URL = "https://scrutiny.example.org"
    with mail_sent_now():
        _invite(client_for(cast.manager), "riverbank", full_name="Di Reader", email="di@example.org", role="viewer")
    body = mail.outbox[-1].body
    url = next(line for line in body.splitlines() if "/invitations/" in line)
    assert url.startswith("https://scrutiny.example.org/invitations/")
    page = Client().get(url.removeprefix("https://scrutiny.example.org"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Riverbank" in text
    assert "di@example.org" in text
    assert "{link}" not in body


def test_the_link_is_made_when_the_email_is_sent_so_it_follows_the_worker_address(
    cast, client_for, mail_sent_now, settings
):
    """The worker sends the e-mail: the address it was given (by `scrutiny serve`) is the one used,
    even if the page that queued the invitation ran elsewhere."""
    settings.SITE_URL = "http://internal:8000"
    with mail_sent_now():
        _invite(client_for(cast.manager), "riverbank", full_name="Ed", email="ed@example.org", role="viewer")
        settings.SITE_URL = "https://scrutiny.example.org"
    assert "https://scrutiny.example.org/invitations/" in mail.outbox[-1].body
    assert "internal" not in mail.outbox[-1].body


def test_a_new_person_accepts_by_choosing_a_password_and_lands_in_the_partnership(cast, client_for, mail_sent_now):
    with mail_sent_now():
        _invite(client_for(cast.manager), "riverbank", full_name="Ada Reviewer", email="ada@example.org", role="viewer")
    link = _link_from_last_email()
    visitor = Client()
    assert visitor.get(link).status_code == 200
    response = visitor.post(
        link,
        {"full_name": "Ada Reviewer", "password1": "orchard lantern biscuit", "password2": "orchard lantern biscuit"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/p/riverbank/"
    ada = User.objects.get(email="ada@example.org")
    assert Membership.objects.filter(user=ada, partnership=cast.riverbank, role=Role.VIEWER).exists()
    assert visitor.get("/p/riverbank/").status_code == 200
    # The link works once.
    assert Client().get(link).status_code == 410


def test_a_common_or_short_password_is_refused_and_the_name_typed_is_kept(cast):
    _invitation, raw = Invitation.issue(
        partnership=cast.riverbank,
        email="bo@example.org",
        full_name="Bo",
        role=Role.VIEWER,
    )
    response = Client().post(
        f"/invitations/{raw}/", {"full_name": "Bo Typed", "password1": "password123", "password2": "password123"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "too common" in body or "too short" in body
    assert 'value="Bo Typed"' in body
    assert not User.objects.filter(email="bo@example.org").exists()


def test_an_expired_invitation_says_so_and_changes_nothing(cast):
    invitation, raw = Invitation.issue(
        partnership=cast.riverbank,
        email="late@example.org",
        full_name="Late",
        role=Role.VIEWER,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    for response in (
        Client().get(f"/invitations/{raw}/"),
        Client().post(
            f"/invitations/{raw}/",
            {"full_name": "Late", "password1": "orchard lantern biscuit", "password2": "orchard lantern biscuit"},
        ),
    ):
        assert response.status_code == 410
        assert "has expired" in response.content.decode()
    assert not User.objects.filter(email="late@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unknown_invitation_link_is_not_found():
    assert Client().get("/invitations/not-a-real-token/").status_code == 404


def test_someone_signed_in_as_another_person_cannot_accept(cast, client_for):
    _invitation, raw = Invitation.issue(
        partnership=cast.riverbank,
        email="someone@example.org",
        full_name="S",
        role=Role.VIEWER,
    )
    response = client_for(cast.viewer).post(f"/invitations/{raw}/")
    assert response.status_code == 403
    assert not Membership.objects.filter(partnership=cast.riverbank, user__email="someone@example.org").exists()


def test_an_existing_user_is_asked_to_sign_in_then_accepts(cast, client_for):
    _invitation, raw = Invitation.issue(
        partnership=cast.hillcrest,
        email=cast.manager.email,
        full_name="M",
        role=Role.VIEWER,
    )
    assert "Sign in to accept" in Client().get(f"/invitations/{raw}/").content.decode()
    response = client_for(cast.manager).post(f"/invitations/{raw}/")
    assert response.status_code == 302
    assert Membership.objects.filter(user=cast.manager, partnership=cast.hillcrest, role=Role.VIEWER).exists()


def test_sending_again_gives_a_new_link_and_the_old_one_stops_working(cast, client_for, mail_sent_now):
    manager = client_for(cast.manager)
    with mail_sent_now():
        _invite(manager, "riverbank", full_name="Cy", email="cy@example.org", role="viewer")
    old = _link_from_last_email()
    invitation = Invitation.objects.get(email="cy@example.org")
    with mail_sent_now():
        manager.post(f"/p/riverbank/people/invitations/{invitation.pk}/resend/")
    new = _link_from_last_email()
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def test_a_withdrawn_invitation_cannot_be_accepted(cast, client_for):
    invitation, raw = Invitation.issue(
        partnership=cast.riverbank,
        email="w@example.org",
        full_name="W",
        role=Role.VIEWER,
    )
    client_for(cast.manager).post(f"/p/riverbank/people/invitations/{invitation.pk}/revoke/")
    response = Client().get(f"/invitations/{raw}/")
    assert response.status_code == 410
    assert "withdrew" in response.content.decode()


def test_a_contributor_invitation_needs_their_agency_and_the_form_keeps_what_was_typed(cast, client_for):
    response = _invite(
        client_for(cast.manager), "riverbank", full_name="Dee Lead", email="dee@example.org", role="agency_contributor"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose the agency this contributor works for." in body
    assert 'value="dee@example.org"' in body
    assert not Invitation.objects.filter(email="dee@example.org").exists()


def test_a_lead_partner_must_name_a_statutory_partner_body(cast, client_for):
    school = Agency.objects.get(name="Oakfield Academies Trust (demo)")
    response = _invite(
        client_for(cast.manager),
        "riverbank",
        full_name="Lee",
        email="lee@example.org",
        role="lead_partner",
        agency=str(school.pk),
    )
    assert "is not a statutory partner" in response.content.decode()
    assert not Invitation.objects.filter(email="lee@example.org").exists()


def test_an_agency_of_another_partnership_cannot_be_chosen(cast, client_for):
    theirs = Agency.objects.get(name="Hillcrest Borough Council (demo)")
    response = _invite(
        client_for(cast.manager),
        "riverbank",
        full_name="Lee",
        email="lee@example.org",
        role="lead_partner",
        agency=str(theirs.pk),
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Invitation.objects.exists() or not Invitation.objects.filter(email="lee@example.org").exists()


def test_a_viewer_cannot_invite(cast, client_for):
    response = _invite(client_for(cast.viewer), "riverbank", full_name="X", email="x@example.org", role="viewer")
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_a_business_manager_cannot_invite_into_another_partnership(cast, client_for):
    response = _invite(client_for(cast.manager), "hillcrest", full_name="X", email="x@example.org", role="viewer")
    assert response.status_code == 404
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_the_only_business_manager_cannot_be_removed(cast, client_for):
    membership = Membership.objects.get(partnership=cast.riverbank, role=Role.BUSINESS_MANAGER)
    response = client_for(cast.manager).post(f"/p/riverbank/people/roles/{membership.pk}/remove/", follow=True)
    assert "only business manager" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_a_role_can_be_removed_and_the_person_loses_access(cast, client_for):
    membership = Membership.objects.get(partnership=cast.riverbank, user=cast.viewer)
    client_for(cast.manager).post(f"/p/riverbank/people/roles/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client_for(cast.viewer).get("/p/riverbank/").status_code == 404


def test_there_is_no_public_sign_up():
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "orchard lantern biscuit", "password2": "orchard lantern biscuit"},
    )
    assert not User.objects.filter(email="new@example.org").exists()
    assert response.status_code in {200, 302}


def test_a_form_with_errors_says_error_in_the_page_title_and_links_to_the_first_radio(cast, client_for):
    body = _invite(client_for(cast.manager), "riverbank", full_name="", email="", role="").content.decode()
    assert "<title>Error: Invite someone" in body
    assert 'href="#id_role_0"' in body
    assert 'id="id_role_0"' in body
