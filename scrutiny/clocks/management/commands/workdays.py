"""``manage.py workdays``: working-day arithmetic from the shell (statutory.md §7).

For checking a deadline by hand against the same engine the rooms use, so that a disputed date
can be settled by running the code rather than by counting on a calendar.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny.clocks.management.arguments import parse_count, parse_date
from scrutiny.clocks.workdays import add_working_days, working_days_between


class Command(BaseCommand):
    # Pure date arithmetic: no database, so no reason to wait for (or fail on) other apps' checks.
    requires_system_checks: list[str] = []
    help = "Count England and Wales working days: the Nth working day after a date, or the days between two dates."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{add,between}")
        add = actions.add_parser("add", help="print the Nth working day after DATE (DATE itself not counted)")
        add.add_argument("date", metavar="DATE", help="start date, YYYY-MM-DD")
        add.add_argument("n", metavar="N", help="number of working days, 0 or more")
        between = actions.add_parser(
            "between", help="print the working days after START up to and including END (same day = 0)"
        )
        between.add_argument("start", metavar="START", help="start date, YYYY-MM-DD")
        between.add_argument("end", metavar="END", help="end date, YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "add":
            self.stdout.write(self._add(options["date"], options["n"]))
        else:
            self.stdout.write(self._between(options["start"], options["end"]))

    def _add(self, raw_date: str, raw_n: str) -> str:
        start = parse_date(raw_date, "DATE")
        n = parse_count(raw_n, "N")
        try:
            return add_working_days(start, n).isoformat()
        except ValueError as error:
            raise CommandError(f"cannot add {n} working days to {start.isoformat()}: {error}") from None

    def _between(self, raw_start: str, raw_end: str) -> str:
        start = parse_date(raw_start, "START")
        end = parse_date(raw_end, "END")
        try:
            return str(working_days_between(start, end))
        except ValueError as error:
            raise CommandError(
                f"cannot count working days from {start.isoformat()} to {end.isoformat()}: {error}"
            ) from None
