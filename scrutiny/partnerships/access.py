"""How a request is let in: who the person is in this partnership (their seat) and the decorators
that check the permission matrix for every view.

Each decorator records an ``Access`` on the view so the URL walk test can take every expected
answer from the matrix itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any, Literal, overload

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.views.decorators.http import require_POST

from scrutiny.partnerships.models import Membership, Partnership
from scrutiny.partnerships.permissions import allows, check_declared
from scrutiny.partnerships.roles import ROLES_FOR_AN_AGENCY

AccessKind = Literal["public", "signed_in", "partnership", "staff", "disabled"]


@dataclass(frozen=True)
class Access:
    kind: AccessKind
    room: str = ""
    action: str = ""
    #: What a permitted GET answers: most pages 200; a view that only sends people on, 302.
    answers: frozenset[int] = frozenset({200})
    #: The matrix lets the role in, then a rule about the record itself may still refuse (403):
    #: for example only the person who added an evidence item may change it, besides managers.
    row_rules: bool = False


@dataclass
class Seat:
    """A signed-in person's place in one partnership: their roles and, where a role acts for one
    agency or partner body, which."""

    partnership: Partnership
    user: Any
    memberships: list[Membership] = field(default_factory=list)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(m.role for m in self.memberships)

    @property
    def agency_ids(self) -> frozenset[int]:
        return frozenset(m.agency_id for m in self.memberships if m.agency_id)

    @property
    def partnership_wide(self) -> bool:
        """Whether the person sees the whole partnership: any role but agency contributor, who sees
        only their own agency's slice."""
        return bool(self.roles - ROLES_FOR_AN_AGENCY)

    def acts_for(self, agency_id: int | None) -> bool:
        """Whether the person acts for this agency or partner body (as its contributor, lead or
        delegated partner): the one test behind "their own agency's record"."""
        return agency_id is not None and agency_id in self.agency_ids

    def sees_agency(self, agency_id: int | None) -> bool:
        """Whether the person sees this agency's slice: everyone partnership-wide does; an agency
        contributor only their own agency's (see :func:`scoping.only_their_agency` for rows)."""
        return self.partnership_wide or self.acts_for(agency_id)

    def can(self, room: str, action: str) -> bool:
        return allows(self.roles, room, action)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))


class SeatedRequest(HttpRequest):
    """A request let in by :func:`partnership_view` or :func:`partnership_endpoint`: it carries the
    caller's seat in the partnership of the address. Views annotate ``request: SeatedRequest``."""

    seat: Seat


def seat_for(user: Any, partnership: Partnership) -> Seat | None:
    """The user's seat in the partnership, or None where they hold no role in it."""
    if not user.is_authenticated:
        return None
    memberships = list(
        Membership.objects.filter(user=user, partnership=partnership).select_related("agency").order_by("role")
    )
    return Seat(partnership=partnership, user=user, memberships=memberships) if memberships else None


def seat_from_slug(user: Any, slug: str) -> Seat:
    """The user's seat in the partnership with this slug; 404 for an unknown slug or a non-member."""
    partnership = Partnership.objects.filter(slug=slug).first()
    seat = seat_for(user, partnership) if partnership else None
    if seat is None:
        raise Http404("No such partnership")
    return seat


ViewFunc = Callable[..., HttpResponseBase]


def partnership_endpoint(room: str, action: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """An API endpoint under /api/v1/partnerships/{slug}/: membership (else 404), then the matrix
    (else 403), as :func:`partnership_view` for pages. The endpoint receives the seat as
    ``request.seat`` and the slug as its second argument."""
    check_declared(room, action)

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(func)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> Any:
            seat = seat_from_slug(request.user, slug)
            if not seat.can(room, action):
                raise PermissionDenied(f"Your role in {seat.partnership} does not allow this.")
            request.seat = seat  # type: ignore[attr-defined]
            return func(request, slug, *args, **kwargs)

        wrapped.access = Access("partnership", room, action)  # type: ignore[attr-defined]
        return wrapped

    return decorate


def partnership_view(room: str, action: str, *, row_rules: bool = False) -> Callable[[ViewFunc], ViewFunc]:
    """A view of partnership data at /p/<slug>/…: sign-in, membership (else 404), then the matrix
    (else 403). The view receives the seat as ``request.seat``. ``row_rules`` says the view also
    applies a rule about the record itself, which may refuse a role the matrix lets in."""
    check_declared(room, action)

    def decorate(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            seat = seat_from_slug(request.user, slug)
            if not seat.can(room, action):
                raise PermissionDenied(f"Your role in {seat.partnership} does not allow this.")
            request.seat = seat  # type: ignore[attr-defined]
            request.session["last_partnership"] = seat.partnership.slug
            return view(request, *args, **kwargs)

        wrapped.access = Access("partnership", room, action, row_rules=row_rules)  # type: ignore[attr-defined]
        return wrapped

    return decorate


@overload
def signed_in_view(view: ViewFunc) -> ViewFunc: ...
@overload
def signed_in_view(*, answers: frozenset[int]) -> Callable[[ViewFunc], ViewFunc]: ...
def signed_in_view(
    view: ViewFunc | None = None, *, answers: frozenset[int] = frozenset({200})
) -> ViewFunc | Callable[[ViewFunc], ViewFunc]:
    """A view for any signed-in person that shows no partnership's data (or only their own)."""
    if view is None:
        return lambda inner: _signed_in(inner, answers)
    return _signed_in(view, answers)


def _signed_in(view: ViewFunc, answers: frozenset[int]) -> ViewFunc:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.access = Access("signed_in", answers=answers)  # type: ignore[attr-defined]
    return wrapped


@overload
def public_view(view: ViewFunc) -> ViewFunc: ...
@overload
def public_view(*, answers: frozenset[int]) -> Callable[[ViewFunc], ViewFunc]: ...
def public_view(
    view: ViewFunc | None = None, *, answers: frozenset[int] = frozenset({200})
) -> ViewFunc | Callable[[ViewFunc], ViewFunc]:
    """A view anyone may open without signing in."""

    def mark(inner: ViewFunc) -> ViewFunc:
        inner.access = Access("public", answers=answers)  # type: ignore[attr-defined]
        return inner

    return mark(view) if view is not None else mark


def post_only(view: ViewFunc) -> ViewFunc:
    """A view that changes something and answers only POST. Put it under the access decorator so
    that sign-in, membership and the matrix are checked before the method (405)."""
    wrapped = require_POST(view)
    wrapped.post_only = True  # type: ignore[attr-defined]
    return wrapped
