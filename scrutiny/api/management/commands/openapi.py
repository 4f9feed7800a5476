"""Write the API's OpenAPI document to ``docs/openapi.json`` (or print it).

    uv run scrutiny manage openapi            # print it
    uv run scrutiny manage openapi --write    # write docs/openapi.json, to review and commit

The committed document is the API's contract: a test fails on any difference from it, so a change
to the API is a reviewed change to that file.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from scrutiny.api.document import DOCUMENT, current_document


class Command(BaseCommand):
    help = "Print the API's OpenAPI document, or write it to docs/openapi.json with --write."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="write docs/openapi.json")

    def handle(self, *args: Any, **options: Any) -> None:
        text = current_document()
        if options["write"]:
            DOCUMENT.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {DOCUMENT}")
        else:
            self.stdout.write(text, ending="")
