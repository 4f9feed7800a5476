"""Ofsted Annex A import at 1x and 10x a large LA's workbook.

Run: uv run python bench/annex_a_import.py [--scales 1,10]

1x is 3,000 rows in each of lists 1 to 7 and 1,500 in lists 8 and 9 (a large LA's year of
contacts is more, its referrals and assessments about this); 10x, 30,000 a list, is beyond any
one LA. For each scale it writes a synthetic workbook and, in a fresh process, times the floor
(openpyxl's read-only reader touching every cell and doing nothing else) and `import_annex_a`
(safety checks, header matching, every needed cell parsed and checked, 17 measures, aggregates
stored), with peak memory. Budget: the import within 2x the floor, 10x in under 60 s and 1 GB.
Exits 1 over budget.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

LARGE_LA_ROWS = 3_000
BUDGET_SECONDS = 60.0
BUDGET_PEAK_MB = 1024
BUDGET_OVER_FLOOR = 2.0
EXTRACT = date(2025, 3, 31)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    os.environ["SCRUTINY_VAR_DIR"] = tempfile.mkdtemp(prefix="scrutiny-bench-annex-a-")
    import django

    django.setup()


def measure(folder: Path, rows: int) -> dict[str, float]:
    _django()
    from django.core.management import call_command
    from openpyxl import load_workbook

    from scrutiny.demo.foundation import build_foundation_demo
    from scrutiny.partnerships.models import Partnership
    from scrutiny.performance.importing import import_annex_a
    from scrutiny.performance.synthetic_annex_a import build_annex_a

    path = build_annex_a(folder / "annex_a.xlsx", EXTRACT, rows=rows, seed=7)
    call_command("migrate", verbosity=0)
    build_foundation_demo()
    riverbank = Partnership.objects.get(slug="riverbank")
    started = time.monotonic()
    book = load_workbook(path, read_only=True)
    cells = sum(len(row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    book.close()
    floor = time.monotonic() - started
    started = time.monotonic()
    imported = import_annex_a(riverbank, path, None, extract_date=EXTRACT)
    return {
        "seconds": time.monotonic() - started,
        "floor": floor,
        "cells": cells,
        "rows": imported.record.records,
        "mb": path.stat().st_size / 1e6,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(Path(options.one[0]), int(options.one[1]))))
        return 0
    print(
        f"{'scale':>6} {'rows':>9} {'cells':>11} {'MB':>6} {'floor s':>8} {'import s':>9} {'x floor':>8} {'peak MB':>8}"
    )
    failed = False
    for scale in (int(s) for s in options.scales.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            # This same script, with arguments it made itself.
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--one", folder, str(LARGE_LA_ROWS * scale)],
                check=True,
                capture_output=True,
                text=True,
                cwd=Path(__file__).parent.parent,
            )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        over_floor = row["seconds"] / row["floor"]
        print(
            f"{scale:>5}x {int(row['rows']):>9,} {int(row['cells']):>11,} {row['mb']:>6.1f} {row['floor']:>8.1f} "
            f"{row['seconds']:>9.1f} {over_floor:>8.2f} {row['peak_mb']:>8,.0f}"
        )
        if row["peak_mb"] > BUDGET_PEAK_MB or row["seconds"] > BUDGET_SECONDS or over_floor > BUDGET_OVER_FLOOR:
            print("  OVER BUDGET")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
