"""Every URL, for every role, an outsider and an anonymous visitor, against the permission matrix.

Expected answers come from the matrix itself (scrutiny.partnerships.permissions), never from a
list kept in this test, so the two cannot drift apart. A URL the matrix does not mention fails.
"""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny.accounts.models import Invitation, PersonalToken
from scrutiny.demo import build_demo
from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.partnerships.access import Access
from scrutiny.partnerships.models import Membership
from scrutiny.partnerships.permissions import STAFF_NAMESPACES, THIRD_PARTY_URLS, allows
from scrutiny.tests.url_objects import objects_in
from scrutiny.tests.url_routes import (
    PARAM_KINDS,
    QUERY,
    Route,
    access_of,
    all_routes,
    api_methods,
    fill_path,
    objects_for,
)


def _expected(access: Access, who: str, roles: set[str], route: Route) -> set[int]:
    """The answers the matrix allows for this visitor: who is 'anonymous', 'outsider' or 'member'."""
    is_api = route.namespace == "api"
    if is_api and route.name in api_methods() and "GET" not in api_methods()[route.name]:
        return {405}  # the API framework answers a wrong method before it checks who is asking
    post_only = getattr(route.callback, "post_only", False)
    ok = {405} if post_only else set(access.answers)
    if access.row_rules and not post_only:
        ok |= {403}
    full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
    library = full_name in THIRD_PARTY_URLS
    sign_in = {401} if is_api else {302}
    if access.kind == "disabled":
        return {302, 403, 404}  # a library page for a feature switched off here
    if access.kind == "staff":
        return {302}  # nobody in the cast is platform staff: Django's admin sends them to its login
    if library:
        # Sign-in and two-factor pages from allauth may send people on (302) or, for a factor
        # not set up or a key that is not real, answer 404; they must never be forbidden or fail.
        # The API's root answers 404 with a reason.
        if access.kind == "public" or who != "anonymous":
            return {200, 302, 404}
        return sign_in
    if access.kind == "public":
        return ok
    if who == "anonymous":
        return sign_in
    if access.kind == "signed_in":
        return ok
    if who == "outsider":
        return {404}
    return ok if allows(roles, access.room, access.action) else {403}


@pytest.fixture
def own_objects(cast) -> dict[str, Any]:
    build_demo()  # every room's records, so every page has something to show
    return objects_in(cast.riverbank, cast)


def _visitors(cast) -> list[tuple[str, Any, set[str]]]:
    visitors: list[tuple[str, Any, set[str]]] = [("anonymous", None, set())]
    for user in {*cast.by_role().values()}:
        roles = set(Membership.objects.filter(user=user, partnership=cast.riverbank).values_list("role", flat=True))
        visitors.append(("member", user, roles))
    visitors.append(("outsider", cast.outsider, set()))
    return visitors


@pytest.mark.django_db
def test_every_url_answers_every_visitor_as_the_matrix_says(cast, own_objects, client_for) -> None:
    failures = []
    routes = [r for r in all_routes() if r.namespace not in STAFF_NAMESPACES or r.name == "index"]
    for who, user, roles in _visitors(cast):
        client = client_for(user)
        if user is not None:
            # Each visitor revokes only their own token, so every visitor gets one.
            own_objects["token"], _ = PersonalToken.issue(user=user, name="walk")
        for route in routes:
            access = access_of(route)
            assert access is not None
            if route.name == "account_logout":
                continue  # signing out would end the walk for this visitor
            path = fill_path(route, objects_for(route, own_objects), cast.riverbank.slug)
            path += QUERY.get(f"{route.namespace}:{route.name}" if route.namespace else route.name, "")
            response = client.get(path)
            expected = _expected(access, who, roles, route)
            if response.status_code not in expected:
                label = user.email if user else "anonymous"
                failures.append(f"{label} GET {path}: {response.status_code}, expected {sorted(expected)}")
            if response.status_code == 302 and who == "anonymous" and access.kind != "public":
                assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_another_partnerships_object_is_not_found_at_every_object_url(cast, client_for) -> None:
    """Riverbank's business manager, scrutineer or lead partner (whichever the matrix lets in) asks Riverbank's
    addresses for each of Hillcrest's records: each is a 404, never a 403."""
    build_demo()
    theirs = objects_in(cast.hillcrest, cast)
    # For each address, a Riverbank member whom the matrix lets in, so the answer is about the
    # object (404), not the role (403).
    members = [
        (
            client_for(user),
            set(Membership.objects.filter(user=user, partnership=cast.riverbank).values_list("role", flat=True)),
        )
        # The council's lead partner for what only lead partners do (signing the yearly report off).
        for user in (cast.manager, cast.scrutineer, cast.lead_partner)
    ]
    checked = 0
    for route in all_routes():
        access = access_of(route)
        needs_object = any(k in route.pattern for k in ("<int:pk>", *PARAM_KINDS))
        if access is None or not needs_object:
            continue
        if route.namespace == "api" and "GET" not in api_methods().get(route.name, set()):
            continue  # write-only API paths are checked by each room's own tests
        path = fill_path(route, objects_for(route, theirs), cast.riverbank.slug)
        client = next(
            (c for c, roles in members if access.kind != "partnership" or allows(roles, access.room, access.action)),
            members[0][0],
        )
        response = client.post(path) if getattr(route.callback, "post_only", False) else client.get(path)
        assert response.status_code == 404, f"{path} answered {response.status_code}"
        checked += 1
    assert checked >= 30
    # Nothing of Hillcrest's was changed by those requests.
    assert Invitation.objects.get(pk=theirs["invitation"].pk).revoked_at is None
    assert Membership.objects.filter(pk=theirs["membership"].pk).exists()
    assert Delivery.objects.get(pk=theirs["delivery"].pk).status == DeliveryStatus.FAILED
