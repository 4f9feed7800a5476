"""``manage.py clock``: list the statutory clock catalogue and work out a deadline.

Lets a scrutineer or engineer see exactly which rules this deployment uses (after overrides),
where each comes from and which are not yet confirmed, and check one deadline by hand. With
``--partnership SLUG``, the rules as they apply to that partnership's records, with the lengths it
set for clocks not yet confirmed.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny import confirmation
from scrutiny.clocks.catalogue import ClockRule, UnknownClock, rule_for, rules_for
from scrutiny.clocks.management.arguments import parse_date
from scrutiny.partnerships.models import Partnership


class Command(BaseCommand):
    # Date arithmetic, reading the database only for --partnership: no reason to wait for (or
    # fail on) other apps' checks.
    requires_system_checks: list[str] = []
    help = "List the statutory clocks, or print the deadline of one clock started on a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--partnership",
            metavar="SLUG",
            default="",
            help="use the lengths this partnership set for clocks not yet confirmed",
        )
        actions = parser.add_subparsers(dest="action", required=True, metavar="{list,due}")
        actions.add_parser("list", help="print every clock with its length, direction, status and source")
        due = actions.add_parser("due", help="print the deadline of RULE started on DATE (ISO date on the last line)")
        due.add_argument("rule", metavar="RULE", help="clock id, as shown by 'clock list'")
        due.add_argument("date", metavar="DATE", help="start date, or the planned date of a 'before' clock")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = _partnership(options["partnership"])
        # A broken override file is a configuration error; report it like any other bad input.
        try:
            if options["action"] == "list":
                lines = _table(rules_for(partnership))
            else:
                lines = _due(partnership, options["rule"], options["date"])
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        # Everything is worked out before anything is written, so an error prints nothing.
        self.stdout.write("\n".join(lines))


def _partnership(slug: str) -> Partnership | None:
    if not slug:
        return None
    found = Partnership.objects.filter(slug=slug).first()
    if found is None:
        known = ", ".join(Partnership.objects.order_by("slug").values_list("slug", flat=True)) or "none"
        raise CommandError(f"--partnership {slug!r} is not a partnership here; the partnerships are: {known}")
    return found


def _status(rule: ClockRule) -> str:
    if rule.verified:
        return "confirmed"
    return confirmation.LABEL.lower() + (", set by the partnership" if rule.set_by_partnership else "")


def _table(rules: list[ClockRule]) -> list[str]:
    rows = [("ID", "LENGTH", "DIRECTION", "STATUS", "SOURCE")]
    rows += [(rule.id, rule.length_text, rule.direction.value, _status(rule), rule.source) for rule in rules]
    widths = [max(len(row[column]) for row in rows) for column in range(4)]
    return [
        "  ".join([*(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)), row[4]]) for row in rows
    ]


def _due(partnership: Partnership | None, rule_id: str, raw_date: str) -> list[str]:
    try:
        rule = rule_for(partnership, rule_id)
    except UnknownClock as error:
        raise CommandError(f"RULE {error}") from None
    start = parse_date(raw_date, "DATE")
    try:
        deadline = rule.due(start)
    except ValueError as error:
        raise CommandError(f"cannot work out {rule.id} from {start.isoformat()}: {error}") from None
    lines = [rule.explain(start)]
    if not rule.verified:
        whose = f"{partnership}'s length" if rule.set_by_partnership else "Length used"
        lines.append(f"{confirmation.sentence('partnership')} {whose}: {rule.length_text}. {rule.source_note}")
    lines.append(deadline.isoformat())
    return lines
