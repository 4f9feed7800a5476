"""The performance room in the API: the indicator catalogue, a year's figures for one of the
partnership's local authorities (the same as `scrutiny indicators show`), each indicator's years,
the imports of returns, and the locally defined measures with the agencies' returns of them (which
an agency's own people may fill in and submit). The same seats, matrix, scoping, forms and
services as the pages.

``router`` is picked up by scrutiny.api.urls; each module below adds its routes to it.
"""

# Imported for the routes each adds to the router (their paths do not overlap).
from scrutiny.performance.api import agency_returns, imports, indicators, measures  # noqa: F401
from scrutiny.performance.api.common import router

__all__ = ["router"]
