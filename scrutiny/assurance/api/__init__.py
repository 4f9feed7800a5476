"""The assurance room in the API: findings (with their evidence IDs; issuing is a change of
status), recommendations and the formal responses to them, challenges, disagreements,
assessments, the scrutiny plan, the independence register, the yearly assurance statement (with
the lead partners' responses) and the innovation register. The same seats, matrix, scoping,
forms and services as the pages, so a rule holds however a change arrives.

``router`` is listed in ``ROOM_APIS`` (scrutiny.api.urls); each module below adds its routes to it.
"""

# Imported for the routes each adds to the router (their paths do not overlap).
from scrutiny.assurance.api import (  # noqa: F401
    assessments,
    challenges,
    disagreements,
    findings,
    independence,
    innovation,
    plan,
    statement,
)
from scrutiny.assurance.api.common import router

__all__ = ["router"]
