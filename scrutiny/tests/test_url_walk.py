"""Every URL, for every role, an outsider and an anonymous visitor, against the permission matrix.

Expected answers come from the matrix itself (scrutiny.partnerships.permissions), never from a
list kept in this test, so the two cannot drift apart. A URL the matrix does not mention fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from scrutiny.accounts.models import Invitation, PersonalToken
from scrutiny.api.urls import operation_access
from scrutiny.partnerships.access import Access
from scrutiny.partnerships.models import Agency, Area, Membership
from scrutiny.partnerships.permissions import MATRIX, STAFF_NAMESPACES, THIRD_PARTY_URLS, allows
from scrutiny.partnerships.roles import Role


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    namespace: str
    callback: Any


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.name or "", namespace, entry.callback)


def all_routes() -> list[Route]:
    """Every reachable route: where two share a pattern, Django answers with the first."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.pattern, route)
    return list(seen.values())


def access_of(route: Route) -> Access | None:
    full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
    if route.namespace in STAFF_NAMESPACES:
        return Access("staff")
    declared = getattr(route.callback, "access", None)
    if declared is not None:
        return declared  # type: ignore[no-any-return]
    if route.namespace == "api" and route.name in operation_access():
        return operation_access()[route.name]
    if full_name in THIRD_PARTY_URLS:
        return Access(THIRD_PARTY_URLS[full_name])  # type: ignore[arg-type]
    return None


def test_every_url_is_in_the_permission_matrix() -> None:
    unmentioned = [r.pattern for r in all_routes() if access_of(r) is None]
    assert unmentioned == [], f"URLs the permission matrix does not mention: {unmentioned}"


def test_every_partnership_view_names_a_room_and_action_the_matrix_has() -> None:
    for route in all_routes():
        access = access_of(route)
        if access and access.kind == "partnership":
            assert access.action in MATRIX[access.room], route.pattern


def test_every_room_of_the_matrix_is_used_by_some_url() -> None:
    used = {a.room for r in all_routes() if (a := access_of(r)) and a.kind == "partnership"}
    assert used == set(MATRIX)


def _fill(route: Route, objects: dict[str, Any], slug: str) -> str:
    """A concrete path for the route, using this partnership's objects for its arguments."""
    path = route.pattern
    path = re.sub(r"\^|\$", "", path)
    path = path.replace("<slug:slug>", slug).replace("<slug>", slug)
    for key, value in objects.items():
        path = path.replace(key, str(value))
    # Library routes with regex groups (password reset keys and so on) get harmless values.
    path = re.sub(r"\(\?P<uidb36>[^)]*\)", "zz", path)
    path = re.sub(r"\(\?P<key>[^)]*\)", "not-a-real-key", path)
    assert "<" not in path, f"cannot fill {route.pattern}"
    assert "(" not in path, f"cannot fill {route.pattern}"
    return "/" + path


OBJECT_KEYS = {
    "agency": "<int:pk>",
    "area": "<int:pk>",
    "invitation": "<int:pk>",
    "membership": "<int:pk>",
    "token": "<int:pk>",
}


def _objects_for(route: Route, own: dict[str, Any]) -> dict[str, Any]:
    """Map the route's placeholders to objects of the kind its name is about."""
    name = route.name
    values: dict[str, Any] = {
        "<str:token>": own["invitation_token"],
        "<agency_id>": own["agency"].pk,
        "<rule_id>": "rapid-review",
    }
    if name.startswith("agency"):
        values["<int:pk>"] = own["agency"].pk
    elif name.startswith("area"):
        values["<int:pk>"] = own["area"].pk
    elif name.startswith("invitation"):
        values["<int:pk>"] = own["invitation"].pk
    elif name.startswith("membership"):
        values["<int:pk>"] = own["membership"].pk
    elif name.startswith("token"):
        values["<int:pk>"] = own["token"].pk
    return values


QUERY = {
    "api:clock_due": "?start=2025-12-15",
    "api:workdays_add": "?start=2025-12-19&days=5",
    "api:workdays_between": "?start=2025-12-15&end=2026-01-08",
}


def _expected(access: Access, who: str, roles: set[str], route: Route) -> set[int]:
    """The answers the matrix allows for this visitor: who is 'anonymous', 'outsider' or 'member'."""
    is_api = route.namespace == "api"
    post_only = getattr(route.callback, "post_only", False)
    ok = {405} if post_only else set(access.answers)
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
    """One object of each kind in Riverbank (and only in Riverbank)."""
    invitation, raw = Invitation.issue(
        partnership=cast.riverbank,
        email="walk@example.org",
        full_name="Walk",
        role=Role.VIEWER,
    )
    return {
        "agency": Agency.objects.get(name="Riverbank Borough Council (demo)"),
        "area": Area.objects.get(code="E09000004"),
        "invitation": invitation,
        "invitation_token": raw,
        "membership": Membership.objects.filter(partnership=cast.riverbank, user=cast.viewer).first(),
        "token": PersonalToken.issue(user=cast.viewer, name="placeholder")[0],
    }


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
            path = _fill(route, _objects_for(route, own_objects), cast.riverbank.slug)
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
    """Riverbank's business manager (who may do everything there) asks Riverbank's addresses for
    Hillcrest's agency, area, invitation and role: each is a 404, never a 403."""
    invitation, raw = Invitation.issue(
        partnership=cast.hillcrest, email="theirs@example.org", full_name="Theirs", role=Role.VIEWER
    )
    theirs: dict[str, Any] = {
        "agency": Agency.objects.get(name="Hillcrest Borough Council (demo)"),
        "area": Area.objects.get(code="E09000006"),
        "invitation": invitation,
        "invitation_token": raw,
        "membership": Membership.objects.filter(partnership=cast.hillcrest, user=cast.outsider).first(),
        "token": PersonalToken.issue(user=cast.outsider, name="theirs")[0],
    }
    client = client_for(cast.manager)
    checked = 0
    for route in all_routes():
        access = access_of(route)
        needs_object = any(k in route.pattern for k in ("<int:pk>", "<agency_id>"))
        if access is None or not needs_object:
            continue
        path = _fill(route, _objects_for(route, theirs), cast.riverbank.slug)
        response = client.post(path) if getattr(route.callback, "post_only", False) else client.get(path)
        assert response.status_code == 404, f"{path} answered {response.status_code}"
        checked += 1
    assert checked >= 9
    # Nothing of Hillcrest's was changed by those requests.
    assert Invitation.objects.get(pk=theirs["invitation"].pk).revoked_at is None
    assert Membership.objects.filter(pk=theirs["membership"].pk).exists()
