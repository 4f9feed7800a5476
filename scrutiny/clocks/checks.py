"""A system check that loads the clock catalogue and any override file at start-up.

Without it, a typo in ``SCRUTINY_CLOCK_OVERRIDES`` would only surface when a page first works
out a deadline; with it, ``manage.py check`` and every server start report the file, rule and
field at once.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register
from django.core.exceptions import ImproperlyConfigured

from scrutiny.clocks.catalogue import all_rules


@register()
def check_clock_catalogue(**kwargs: Any) -> list[CheckMessage]:
    try:
        all_rules()
    except ImproperlyConfigured as error:
        return [Error(str(error), hint="Fix the clock file named above.", id="clocks.E001")]
    return []
