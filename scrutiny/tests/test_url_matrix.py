"""Every URL is in the permission matrix, and the matrix names only rooms and actions that URLs use.

The matrix is scrutiny.partnerships.permissions; test_url_walk.py checks the answers it implies.
"""

from __future__ import annotations

from scrutiny.partnerships.permissions import MATRIX
from scrutiny.tests.url_routes import access_of, all_routes


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
