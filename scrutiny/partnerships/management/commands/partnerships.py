"""`scrutiny partnerships list [--format json]`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from scrutiny.partnerships.models import Partnership


class Command(BaseCommand):
    # A data command: Django's system checks would import every view (the URL check) before the
    # first record is read, seconds of start-up for nothing this command uses.
    requires_system_checks: list[str] = []
    help = "List the partnerships with their slugs and the official codes of the areas they cover."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="actions")
        listing = sub.add_parser("list", help="List partnerships")
        listing.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, action: str, format: str = "text", **options: Any) -> None:
        rows = [
            {
                "slug": p.slug,
                "name": p.name,
                "area_codes": sorted(link.area.code for link in p.area_links.all()),
                "la_codes": sorted(link.area.old_la_code for link in p.area_links.all() if link.area.old_la_code),
            }
            for p in Partnership.objects.prefetch_related("area_links__area").order_by("slug")
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No partnerships yet. Run `scrutiny demo` for fictional ones.")
        for row in rows:
            self.stdout.write(f"{row['slug']:<20} {row['name']}  [{', '.join(row['area_codes'])}]")
