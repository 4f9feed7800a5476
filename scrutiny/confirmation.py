"""The one way Scrutiny shows a fact not yet confirmed against the guidance.

A clock length, a framework requirement's wording, an audit standard or a report section that no
public source seen confirms stays in the product as data, flagged (``verified: false``). Wherever
it is shown, it is shown by this component and in these words, calmly and never as if it were
guidance (Six Steps 5 and 6 are placeholders, and say so). Pages use the template tag
``{% not_confirmed set_by %}`` (the ``confirmation`` library, registered in settings); text
outputs such as the calendar feed and the command line use :func:`sentence`.

What the sentence says about who can change the value must be true of this installation:

* ``partnership``: the partnership changes it in Scrutiny: its own version of the section 11
  standards, and its own length for each statutory clock not yet confirmed (both made by the
  business manager; the clocks on the partnership's clocks page, ``scrutiny.clocks``). Pages pass
  ``link=`` the page where it is set, for those who may set it (for clocks, the
  ``clock_settings_url`` every page has, empty for everyone but the business manager), and the
  words "your partnership can set it" lead there.
* ``service``: only the people who run this Scrutiny service can, for every partnership the
  service holds (for example through a setting such as ``SCRUTINY_CLOCK_OVERRIDES``).
* nothing: shipped wording that changes only with a new version of its file.
"""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()

#: The words of the tag.
LABEL = "Not yet confirmed"
#: How the sentence begins, before who can set the value.
OPENING = "Not yet confirmed against the guidance; "

_WHO_CAN_SET_IT = {
    "partnership": "your partnership can set it",
    "service": "the people who run this Scrutiny service can set it",
    "": "check it against its source before relying on it",
}


def _who(set_by: str) -> str:
    try:
        return _WHO_CAN_SET_IT[set_by]
    except KeyError:
        known = ", ".join(repr(key) for key in _WHO_CAN_SET_IT)
        raise ValueError(f"set_by must be one of {known}, not {set_by!r}") from None


def sentence(set_by: str = "") -> str:
    """ "Not yet confirmed against the guidance; your partnership can set it." and its variants."""
    return f"{OPENING}{_who(set_by)}."


@register.inclusion_tag("includes/not_confirmed.html")
def not_confirmed(set_by: str = "", short: bool = False, link: str = "") -> dict[str, Any]:
    """The tag, with the sentence beside it (``short=True``: for screen readers only, in tables).
    With ``link`` (the page where the partnership sets the value, given only to those who may set
    it), "your partnership can set it" leads there; in a short tag, a small "Set it" link follows."""
    return {
        "label": LABEL,
        "sentence": sentence(set_by),
        "opening": OPENING,
        "who": _who(set_by),
        "short": short,
        "link": link if set_by == "partnership" else "",
    }
