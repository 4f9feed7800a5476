"""Keeping identifying details about children out of every room that records cases (serious
incident reviews, case file audits; ARCHITECTURE.md, "Privacy by design"): a case is a
pseudonymised reference, never a name, date of birth or case-system ID.

The checks here catch the commonest slips (a date of birth, an NHS number or case-system number,
a pupil number) and say what was found and where. They cannot catch a name, so every free-text
box also carries a visible reminder (``IDENTIFYING_DETAILS_REMINDER``).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

#: Shown under every free-text box of the room.
IDENTIFYING_DETAILS_REMINDER = (
    "Do not enter names, dates of birth, addresses or case-system numbers of the child or family. "
    "Use the pseudonymised reference."
)

#: A pseudonymised reference: letters, digits and hyphens, such as RB-2025-03 or CHILD-Q.
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")
REFERENCE_MAX_LENGTH = 20

# Six or more digits in a row look like a case-system ID or an NHS number (10 digits), not a
# partnership's own reference, which counts incidents in the tens.
_LONG_NUMBER = re.compile(r"\d{6,}")
# A day-month-year date written with separators: 03/04/2019, 3-4-19, 3.4.2019.
_NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-](\d{2}|\d{4})\b")
# "DOB", "date of birth", "born on/in" followed by something that looks like a date.
_BIRTH = re.compile(r"\b(d\.?o\.?b\.?|date of birth|born (on|in))\b", re.IGNORECASE)
# A unique pupil number: a letter and twelve digits.
_UPN = re.compile(r"\b[A-Za-z]\d{12}\b")
# An NHS number written in its usual groups: 943 476 5919.
_NHS_GROUPS = re.compile(r"\b\d{3}[ -]\d{3}[ -]\d{4}\b")


def reference_problem(reference: str) -> str:
    """Why ``reference`` cannot be a pseudonymised reference, or "" if it can."""
    value = reference.strip()
    if not value:
        return "Enter the pseudonymised reference, such as RB-2025-03."
    if len(value) > REFERENCE_MAX_LENGTH:
        return f"The reference must be {REFERENCE_MAX_LENGTH} characters or fewer."
    if not REFERENCE_PATTERN.match(value):
        return "Use only letters, digits and hyphens in the reference, such as RB-2025-03 (no spaces or names)."
    if _LONG_NUMBER.search(value):
        return (
            "The reference has six or more digits in a row, like a case-system ID or NHS number: "
            "use the partnership's own pseudonymised reference instead."
        )
    return ""


def identifying_details_problem(text: str) -> str:
    """What in ``text`` looks like an identifying detail, or "" when nothing does. The message
    quotes where it was found so the person can take it out."""
    checks = (
        (_BIRTH, "mentions a date of birth"),
        (_UPN, "contains what looks like a unique pupil number"),
        (_NHS_GROUPS, "contains what looks like an NHS number"),
        (_LONG_NUMBER, "contains a long number, like a case-system ID or NHS number"),
        (_NUMERIC_DATE, "contains a full date written in numbers, which could be a date of birth"),
    )
    for pattern, what in checks:
        match = pattern.search(text)
        if match:
            start = max(0, match.start() - 20)
            excerpt = text[start : match.end() + 20].replace("\n", " ").strip()
            return (
                f"This text {what} (near “{excerpt}”). Take it out: this record must not identify the child. "
                "Write dates as, for example, 3 March 2025, and never a date of birth."
            )
    return ""


def check_free_text(fields: dict[str, str]) -> None:
    """Raise one ValidationError naming each free-text field that looks identifying."""
    errors = {
        name: problem for name, value in fields.items() if value and (problem := identifying_details_problem(value))
    }
    if errors:
        raise ValidationError(errors)
