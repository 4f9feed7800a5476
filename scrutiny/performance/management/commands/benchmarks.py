"""`scrutiny benchmarks load DIR` and `scrutiny benchmarks show --la CODE --year YYYY`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from scrutiny.performance.benchmarks import BenchmarkError, comparison, load_benchmarks
from scrutiny.performance.models import BenchmarkValue

FIELDS = ("la", "england", "region", "sn_median", "sn_mean")


class Command(BaseCommand):
    # A data command: Django's system checks would import every view (the URL check) before the
    # first record is read, seconds of start-up for nothing this command uses.
    requires_system_checks: list[str] = []
    help = "Load DfE's published benchmarks, or show an LA's against England, its region and its neighbours."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="actions")
        load = sub.add_parser("load", help="Load the DfE explore-education-statistics CSV files in a folder")
        load.add_argument("folder", type=Path)
        show = sub.add_parser("show", help="An LA's published figures beside its comparators")
        show.add_argument("--la", required=True, help="new_la_code (E09000004) or the 3-digit code (303)")
        show.add_argument("--year", required=True, type=int, help="The year it ends: 2025 = 2024-25")
        show.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            try:
                loaded = load_benchmarks(options["folder"])
            except (BenchmarkError, OSError) as problem:
                raise CommandError(f"Nothing was loaded: {problem}") from None
            self.stdout.write(
                f"Loaded {loaded.values:,} published figures for {len(loaded.indicators)} indicators and "
                f"{loaded.neighbours:,} statistical-neighbour links."
            )
            if loaded.missing_files:
                self.stdout.write("Not in the folder, so not loaded: " + ", ".join(loaded.missing_files))
            return
        la, year = options["la"], options["year"]
        if not BenchmarkValue.objects.exists():
            raise CommandError("No benchmarks are loaded: run `scrutiny benchmarks load DIR` first.")
        found = comparison(la, year)
        known = BenchmarkValue.objects.filter(Q(level="la", area_code=la) | Q(new_la_code=la)).exists()
        if not known:
            raise CommandError(f"No local authority {la} in the loaded benchmarks.")
        indicators = {code: {name: row[name] for name in FIELDS} for code, row in found.items()}
        self.stdout.write(json.dumps({"la": la, "year": year, "indicators": indicators}, indent=2))
