"""Reading command-line arguments for the clock commands.

Arguments are read as plain strings and checked here rather than by argparse ``type=``
functions, so every mistake becomes a ``CommandError`` that names the argument, shows the value
given and says what would be accepted, both from the shell and from ``call_command``.
"""

from __future__ import annotations

import re
from datetime import date

from django.core.management.base import CommandError

# date.fromisoformat also accepts forms such as 20251219 and 2025-W51-5; a deadline tool should
# take only the one form people write and read back.
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value: str, name: str) -> date:
    match = _ISO_DATE.match(value)
    if not match:
        raise CommandError(f"{name} {value!r} is not a date in the form YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError as error:
        raise CommandError(f"{name} {value!r} is not a real date: {error}; use YYYY-MM-DD") from None


def parse_count(value: str, name: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CommandError(f"{name} {value!r} is not a whole number") from None
