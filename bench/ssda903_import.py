"""SSDA903 import at 1x, 10x and 100x a large LA's looked-after children.

Run: uv run python bench/ssda903_import.py [--scales 1,10,100]

1x is 1,500 children in the files (a large LA's children looked after in the year and care
leavers); 100x, 150,000, is beyond England's whole looked-after population in a year (about
110,000). For each scale it generates the seven synthetic CSV files (header, episodes, missing,
oc2, oc3, ad1, sw_episodes) and times `import_ssda903` in a fresh process with its peak memory.
Budget: 100x in under 60 s and 1.5 GB, cost per row at 100x within 2x of 1x. Exits 1 over budget.
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
from pathlib import Path

LARGE_LA_CHILDREN = 1_500
BUDGET_SECONDS = 60.0
BUDGET_PEAK_MB = 1536
BUDGET_GROWTH = 2.0


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    os.environ["SCRUTINY_VAR_DIR"] = tempfile.mkdtemp(prefix="scrutiny-bench-903-")
    import django

    django.setup()


def measure(folder: Path, children: int) -> dict[str, float]:
    _django()
    from django.core.management import call_command

    from scrutiny.demo.foundation import build_foundation_demo
    from scrutiny.partnerships.models import Partnership
    from scrutiny.performance.importing import import_ssda903
    from scrutiny.performance.synthetic_ssda903 import write_ssda903

    started = time.monotonic()
    paths = write_ssda903(folder, "303", 2025, children, seed="bench")
    generated = time.monotonic() - started
    call_command("migrate", verbosity=0)
    build_foundation_demo()
    riverbank = Partnership.objects.get(slug="riverbank")
    started = time.monotonic()
    imported = import_ssda903(riverbank, paths, 2025, None)
    return {
        "seconds": time.monotonic() - started,
        "generated": generated,
        "rows": imported.record.records,
        "mb": sum(path.stat().st_size for path in paths) / 1e6,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(Path(options.one[0]), int(options.one[1]))))
        return 0
    print(f"{'scale':>6} {'children':>9} {'rows':>9} {'MB':>6} {'import s':>9} {'ms/1k rows':>11} {'peak MB':>8}")
    failed = False
    per_row: dict[int, float] = {}
    for scale in (int(s) for s in options.scales.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            # This same script, with arguments it made itself.
            out = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--one", folder, str(LARGE_LA_CHILDREN * scale)],
                check=True,
                capture_output=True,
                text=True,
                cwd=Path(__file__).parent.parent,
            )
        row = json.loads(out.stdout.strip().splitlines()[-1])
        per_row[scale] = 1e6 * row["seconds"] / row["rows"]
        print(
            f"{scale:>5}x {LARGE_LA_CHILDREN * scale:>9,} {int(row['rows']):>9,} {row['mb']:>6.1f} "
            f"{row['seconds']:>9.1f} {per_row[scale]:>11.1f} {row['peak_mb']:>8,.0f}"
        )
        if row["peak_mb"] > BUDGET_PEAK_MB or (scale == 100 and row["seconds"] > BUDGET_SECONDS):
            print("  OVER BUDGET")
            failed = True
    if len(per_row) > 1:
        growth = per_row[max(per_row)] / per_row[min(per_row)]
        print(f"cost per row at {max(per_row)}x is {growth:.2f}x that at {min(per_row)}x")
        failed |= growth > BUDGET_GROWTH
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
