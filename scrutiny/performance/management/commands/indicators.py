"""`scrutiny indicators show --partnership SLUG --year YYYY [--la CODE] [--format json|csv]`."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scrutiny.partnerships.models import Partnership
from scrutiny.performance.figures import AreaChoiceError, chosen_la, year_figures

COLUMNS = ("code", "value", "numerator", "denominator", "status", "reason")


class Command(BaseCommand):
    # A data command: Django's system checks would import every view (the URL check) before the
    # first record is read, seconds of start-up for nothing this command uses.
    requires_system_checks: list[str] = []
    help = "Show a partnership's indicators for a reporting year (labelled by the year it ends: 2025 = 2024-25)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="actions")
        show = sub.add_parser("show", help="Every indicator's figure for the year")
        show.add_argument("--partnership", required=True, help="The partnership's slug")
        show.add_argument("--year", required=True, type=int, help="Reporting year by the year it ends: 2025 = 2024-25")
        show.add_argument("--la", help="DfE 3-digit or ONS code, where the partnership covers several LAs")
        show.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, partnership: str, year: int, la: str | None, format: str, **options: Any) -> None:
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership with slug {partnership!r}. `scrutiny partnerships list` shows them.")
        try:
            area = chosen_la(found, la)
        except AreaChoiceError as problem:
            raise CommandError(str(problem)) from None
        figures = year_figures(found, area, year)
        if format == "json":
            payload = {"partnership": found.slug, "year": year, "indicators": figures}
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout if self.stdout else sys.stdout, lineterminator="\n")
        writer.writerow(["partnership", "year", "code", "dimension", *COLUMNS[1:]])
        for code, row in figures.items():
            writer.writerow([found.slug, year, code, "", *(_cell(row[column]) for column in COLUMNS[1:])])
            for dimension, part in row.get("dimensions", {}).items():
                writer.writerow([found.slug, year, code, dimension, *(_cell(part[column]) for column in COLUMNS[1:])])


def _cell(value: Any) -> str:
    return "" if value is None else str(value)
