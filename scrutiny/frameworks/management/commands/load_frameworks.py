"""``manage.py load_frameworks``: load the shipped frameworks and theme taxonomy (idempotent).

``migrate`` already does this; the command is for checking a changed file (``--check`` reads and
checks without storing anything) and for loading from another directory in development.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutiny.frameworks.loading import DATA_DIR, FrameworkDataError, load_shipped, read_directory


class Command(BaseCommand):
    help = "Load the shipped requirement frameworks and theme taxonomy. Loading twice changes nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--directory", type=Path, default=DATA_DIR, help="where the YAML files are")
        parser.add_argument("--check", action="store_true", help="read and check the files; store nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            if options["check"]:
                frameworks, taxonomy = read_directory(directory)
                for spec in frameworks:
                    count = sum(1 for _ in spec.walk())
                    unverified = sum(1 for requirement, _parent in spec.walk() if not requirement.verified)
                    self.stdout.write(
                        f"{spec.path.name}: {spec.key} {spec.version}, {count} requirements, {unverified} unverified"
                    )
                if taxonomy is not None:
                    self.stdout.write(
                        f"{taxonomy.path.name}: {taxonomy.key} {taxonomy.version}, {len(taxonomy.themes)} themes"
                    )
                self.stdout.write("All files are valid.")
                return
            report = load_shipped(directory)
        except FrameworkDataError as error:
            raise CommandError(str(error)) from None
        for line in report.loaded:
            self.stdout.write(f"Loaded {line}")
        for line in report.unchanged:
            self.stdout.write(f"Already loaded, unchanged: {line}")
