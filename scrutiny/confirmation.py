"""The one way Scrutiny shows a fact not yet confirmed against the guidance.

A clock length, a framework requirement's wording, an audit standard or a report section that no
public source seen confirms stays in the product as data, flagged (``verified: false``). Wherever
it is shown, it is shown by this component and in these words, calmly and never as if it were
guidance (Six Steps 5 and 6 are placeholders, and say so). Pages use the template tag
``{% not_confirmed set_by %}`` (the ``confirmation`` library, registered in settings); text
outputs such as the calendar feed and the command line use :func:`sentence`.

What the sentence says about who can change the value must be true of this installation:

* ``partnership``: the partnership changes it in Scrutiny (its own version of the section 11
  standards, made by the business manager).
* ``service``: only the people who run this Scrutiny service can (the clock catalogue's lengths,
  through the ``SCRUTINY_CLOCK_OVERRIDES`` setting, for every partnership the service holds).
* nothing: shipped wording that changes only with a new version of its file.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

#: The words of the tag.
LABEL = "Not yet confirmed"

_WHO_CAN_SET_IT = {
    "partnership": "your partnership can set it",
    "service": "the people who run this Scrutiny service can set it",
    "": "check it against its source before relying on it",
}


def sentence(set_by: str = "") -> str:
    """ "Not yet confirmed against the guidance; your partnership can set it." and its variants."""
    try:
        who = _WHO_CAN_SET_IT[set_by]
    except KeyError:
        known = ", ".join(repr(key) for key in _WHO_CAN_SET_IT)
        raise ValueError(f"set_by must be one of {known}, not {set_by!r}") from None
    return f"Not yet confirmed against the guidance; {who}."


@register.inclusion_tag("includes/not_confirmed.html")
def not_confirmed(set_by: str = "", short: bool = False) -> dict[str, Any]:
    """The tag, with the sentence beside it (``short=True``: for screen readers only, in tables)."""
    return {"label": LABEL, "sentence": sentence(set_by), "short": short}
