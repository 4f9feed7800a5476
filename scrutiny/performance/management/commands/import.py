"""`scrutiny import cin FILE --partnership SLUG` and
`scrutiny import ssda903 FILES… --partnership SLUG --year YYYY [--la CODE]` and
`scrutiny import annex-a FILE --partnership SLUG [--la CODE] [--extract-date YYYY-MM-DD]`: import a
return and compute its indicators."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from scrutiny.partnerships.models import Partnership
from scrutiny.performance.figures import AreaChoiceError
from scrutiny.performance.importing import Imported, import_annex_a, import_cin, import_ssda903
from scrutiny.performance.models import ReturnImport
from scrutiny.performance.returns.problems import Problem, ReturnRejected


class Command(BaseCommand):
    # A data command: Django's system checks would import every view (the URL check) before the
    # first record is read, seconds of start-up for nothing this command uses.
    requires_system_checks: list[str] = []
    help = "Import a statutory return for a partnership and compute its indicators."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="kind", required=True, title="returns")
        cin = sub.add_parser("cin", help="A CIN census XML file (2024, 2025 or 2026 schema)")
        cin.add_argument("file", type=Path)
        cin.add_argument("--partnership", required=True, help="The partnership's slug")
        ssda903 = sub.add_parser("ssda903", help="The SSDA903 CSV files of one year (header, episodes, oc2, oc3, …)")
        ssda903.add_argument("files", type=Path, nargs="+")
        ssda903.add_argument("--partnership", required=True, help="The partnership's slug")
        ssda903.add_argument(
            "--year", required=True, type=int, help="Reporting year by the year it ends: 2025 = 2024-25"
        )
        ssda903.add_argument("--la", help="DfE 3-digit or ONS code, where the partnership covers several LAs")
        annex = sub.add_parser("annex-a", help="An Ofsted Annex A workbook (.xlsx): the timeliness measures it allows")
        annex.add_argument("file", type=Path)
        annex.add_argument("--partnership", required=True, help="The partnership's slug")
        annex.add_argument("--la", help="DfE 3-digit or ONS code, where the partnership covers several LAs")
        annex.add_argument(
            "--extract-date",
            type=_day,
            help="The date the lists were drawn up to, YYYY-MM-DD (default: the latest date in the lists)",
        )

    def handle(self, *args: Any, kind: str, partnership: str, **options: Any) -> None:
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"No partnership with slug {partnership!r}. `scrutiny partnerships list` shows them.")
        paths: list[Path] = [options["file"]] if kind in {"cin", "annex-a"} else options["files"]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        try:
            if kind == "cin":
                imported = import_cin(found, paths[0], user=None)
            elif kind == "annex-a":
                imported = import_annex_a(
                    found, paths[0], user=None, la=options.get("la"), extract_date=options.get("extract_date")
                )
            else:
                imported = import_ssda903(found, paths, options["year"], user=None, la=options.get("la"))
        except AreaChoiceError as problem:
            raise CommandError(str(problem)) from None
        except ReturnRejected as rejected:
            lines = [str(problem) for problem in rejected.problems]
            more = rejected.total - len(rejected.problems)
            if more > 0:
                lines.append(f"… and {more:,} more problems.")
            what = f"{paths[0].name} was" if len(paths) == 1 else "The files were"
            raise CommandError(
                f"{what} not imported: {rejected.total:,} problem{'s' if rejected.total != 1 else ''}. "
                "Nothing was stored.\n" + "\n".join(lines)
            ) from None
        self.stdout.write(summary(imported))


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD") from None


def summary(imported: Imported) -> str:
    record = imported.record
    computed = [r for r in imported.results if not r.dimension and r.status == "computed"]
    skipped = [r for r in imported.results if not r.dimension and r.status != "computed"]
    lines = [
        f"Imported {record.files}: {record.get_kind_display()} {record.year_label} for {record.area.name}, "
        f"{record.records:,} {'children' if record.kind == 'cin' else 'rows'}, in {record.seconds:.1f} s.",
        f"{len(computed)} {'measures' if record.kind == 'annex_a' else 'indicators'} computed"
        + (f", {len(skipped)} not computed:" if skipped else "."),
    ]
    lines += [f"  {result.code}: {result.reason}" for result in skipped]
    if record.quality:
        lines += quality_lines(record)
    if record.tolerated:
        lines.append("Accepted, though not DfE's exact form:")
        lines += [f"  {note}" for note in record.tolerated]
    if imported.replaced is not None:
        replaced = imported.replaced
        who = replaced.imported_by or "the command line"
        lines.append(
            f"This replaces the import of {replaced.imported_at:%d %B %Y %H:%M} by {who}, which is kept in the history."
        )
    return "\n".join(lines)


def quality_lines(record: ReturnImport) -> list[str]:
    """The data-quality summary: children with a record that cannot be true, the records by rule,
    and each problem (its line and child position, never the child's ID)."""
    rows = record.quality_rows
    if not rows:
        return ["Data quality: no record that cannot be true."]
    lines = [
        f"Data quality: {record.quality['children_with_problems']:,} of {record.records:,} children "
        f"({record.children_with_problems_pct}%) have records that cannot be true; each is left out of the "
        "indicators it would distort:"
    ]
    for row in rows:
        lines.append(f"  {row.label}: {row.records:,} (left out of {', '.join(row.left_out_of)})")
    lines += [f"  {problem}" for problem in (Problem(**item) for item in record.problems)]
    more = record.problem_total - len(record.problems)
    if more > 0:
        lines.append(f"  … and {more:,} more.")
    return lines
