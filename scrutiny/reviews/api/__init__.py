"""The reviews room in the API: serious incidents, rapid reviews and the agencies' contributions,
LCSPRs with their milestones, national reviews, the learning from them (with its actions, impact
checks and similar earlier recommendations), learning products, recurring themes, and every open
statutory clock (the deadlines). The same seats, matrix and scoping as the pages, and the same
workflows for every write; every record carries its clocks.

``router`` is picked up by scrutiny.api.urls; each module below adds its routes to it.
"""

# Imported for the routes each adds to the router (their paths do not overlap).
from scrutiny.reviews.api import (  # noqa: F401
    contributions,
    deadlines,
    incidents,
    lcsprs,
    learning,
    national,
    products,
    rapid_reviews,
    themes,
)
from scrutiny.reviews.api.common import router

__all__ = ["router"]
