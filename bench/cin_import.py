"""CIN census import at 1x, 10x and 100x a large LA, against a plain parse of the same file.

Run: uv run python bench/cin_import.py [--scales 1,10,100] [--files DIR]

1x is about 7,000 children (a large LA); 100x is about 700,000, national scale. For each scale
the script generates two synthetic CIN census files (2023-24 and 2024-25, the same fictional
children across both; kept in DIR, default /tmp/scrutiny-bench-cin, and reused), then in a fresh
process for each measurement:

- the floor: lxml's streaming parser reading the 2024-25 file and throwing every element away,
  with no validation and no work: the least any streaming import could cost;
- the import: `import_cin` of 2023-24 and then, timed, of 2024-25 (which looks back into
  2023-24's referrals for re-referrals), into a throwaway SQLite database: per-child schema
  validation, the data-quality checks, every CIN and child-protection indicator, the stored
  aggregates and hashed traces;
- the same import with the data-quality checks switched off, in the same process and in turn
  with the checked one, to measure what they cost.

The files hold realistic mistakes (``--mistakes``, default 1% of children: plans ending before
they start, overlapping episodes, duplicate identifiers…) so the checks find, list and leave out
records as they would in real files. Each import is timed ``--repeat`` times (default 3) and the
one with the least processor time kept, as the machine may be shared.

It prints the seconds, the ratio to the floor, the cost per 1,000 children (linear growth keeps it
flat), the peak memory of the import process, and the processor time of the import with and
without the checks, and what the checks add (on processor time, steadier than wall time on a
shared machine). Budget: 100x in under 60 s
with peak memory under 1.5 GB, cost per child at 100x no more than twice that at 1x, and the
checks adding at most 15% to the import. Exits 1 over budget.
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

LARGE_LA_CHILDREN = 7_000
BUDGET_SECONDS_AT_100X = 60.0
BUDGET_PEAK_MB = 1536
BUDGET_GROWTH = 2.0
BUDGET_CHECKS = 0.15


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
    os.environ["SCRUTINY_VAR_DIR"] = tempfile.mkdtemp(prefix="scrutiny-bench-cin-")
    import django

    django.setup()


def generate(folder: Path, scale: int, mistakes: float) -> tuple[Path, Path]:
    _django()
    from scrutiny.performance.synthetic import cin_census_file

    folder.mkdir(parents=True, exist_ok=True)
    children = LARGE_LA_CHILDREN * scale
    paths = []
    for year in (2024, 2025):
        path = folder / f"cin_303_{year}_{children}_{mistakes * 100:g}pct.xml"
        if not path.exists():
            started = time.monotonic()
            partial = path.with_suffix(".partial")
            cin_census_file(partial, "303", year, children, seed="bench", mistakes=mistakes)
            partial.rename(path)
            took = time.monotonic() - started
            print(f"  generated {path.name} ({path.stat().st_size / 1e6:,.0f} MB) in {took:.0f} s")
        paths.append(path)
    return paths[0], paths[1]


def measure_floor(path: Path) -> dict[str, float]:
    from lxml import etree

    started = time.monotonic()
    for _event, element in etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True):
        if element.tag == "Child":
            element.clear()
            parent = element.getparent()
            while element.getprevious() is not None:
                del parent[0]
    return {"seconds": time.monotonic() - started, "peak_mb": _peak_mb()}


def measure_import(earlier: Path, path: Path, repeat: int) -> dict[str, float]:
    _django()
    from django.core.management import call_command

    from scrutiny.demo.foundation import build_foundation_demo
    from scrutiny.partnerships.models import Partnership
    from scrutiny.performance.importing import import_cin
    from scrutiny.performance.returns.cin_checking import Checker

    call_command("migrate", verbosity=0)
    build_foundation_demo()
    riverbank = Partnership.objects.get(slug="riverbank")
    before = _peak_mb()
    import_cin(riverbank, earlier, None)
    checking = Checker.check
    timed: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    for _ in range(repeat):
        # With and without the checks in turn, in one process, so a busy spell on a shared
        # machine falls on both alike; each import replaces the one before.
        for checks in (True, False):
            Checker.check = checking if checks else (lambda self, child: None)  # type: ignore[method-assign]
            started, cpu = time.monotonic(), time.process_time()
            imported = import_cin(riverbank, path, None)
            timed[checks].append((time.monotonic() - started, time.process_time() - cpu))
            if checks:
                problems = imported.record.quality.get("children_with_problems", 0)
    seconds, cpu = min(timed[True], key=lambda pair: pair[1])
    bare_seconds, bare_cpu = min(timed[False], key=lambda pair: pair[1])
    return {
        "seconds": seconds,
        "cpu": cpu,
        "bare_seconds": bare_seconds,
        "bare_cpu": bare_cpu,
        "peak_mb": _peak_mb(),
        "before_mb": before,
        "children": imported.record.records,
        "with_problems": problems,
    }


def _child(*args: str) -> dict[str, float]:
    # This same script, with arguments it made itself.
    out = subprocess.run(  # noqa: S603
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True, cwd=Path(__file__).parent.parent
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--mistakes", type=float, default=0.01, help="share of children with a mistake")
    parser.add_argument("--repeat", type=int, default=3, help="times each import is timed (the fastest kept)")
    parser.add_argument("--files", type=Path, default=Path(tempfile.gettempdir()) / "scrutiny-bench-cin")
    parser.add_argument("--one", nargs="+", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        kind, *paths = options.one
        if kind == "floor":
            result = measure_floor(Path(paths[0]))
        else:
            result = measure_import(Path(paths[0]), Path(paths[1]), int(paths[2]))
        print(json.dumps(result))
        return 0

    scales = [int(s) for s in options.scales.split(",")]
    rows = []
    for scale in scales:
        print(f"{scale}x: preparing files")
        earlier, path = generate(options.files, scale, options.mistakes)
        floor = _child("--one", "floor", str(path))
        full = _child("--one", "import", str(earlier), str(path), str(options.repeat))
        rows.append((scale, path, floor, full))
    print()
    print(
        f"{'scale':>6} {'children':>9} {'problems':>9} {'MB':>6} {'floor s':>8} {'import s':>9} {'x floor':>8} "
        f"{'ms/1k':>7} {'peak MB':>8} {'cpu s':>6} {'unchecked cpu s':>16} {'checks':>7}"
    )
    failed = False
    per_child = {}
    for scale, path, floor, full in rows:
        per_k = 1000 * full["seconds"] / full["children"] * 1000
        per_child[scale] = per_k
        # On processor time: the checks are all computation, and wall time on a shared machine
        # swings by more than they cost.
        added = full["cpu"] / full["bare_cpu"] - 1
        print(
            f"{scale:>5}x {int(full['children']):>9,} {int(full['with_problems']):>9,} "
            f"{path.stat().st_size / 1e6:>6,.0f} {floor['seconds']:>8.1f} "
            f"{full['seconds']:>9.2f} {full['seconds'] / floor['seconds']:>8.1f} {per_k:>7.1f} "
            f"{full['peak_mb']:>8,.0f} {full['cpu']:>6.2f} {full['bare_cpu']:>16.2f} {added:>+7.1%}"
        )
        if added > BUDGET_CHECKS:
            print(f"  OVER BUDGET: the data-quality checks add {added:.1%} > {BUDGET_CHECKS:.0%}")
            failed = True
        if full["peak_mb"] > BUDGET_PEAK_MB:
            print(f"  OVER BUDGET: peak memory {full['peak_mb']:,.0f} MB > {BUDGET_PEAK_MB} MB")
            failed = True
        if scale == 100 and full["seconds"] > BUDGET_SECONDS_AT_100X:
            print(f"  OVER BUDGET: {full['seconds']:.1f} s > {BUDGET_SECONDS_AT_100X:.0f} s at national scale")
            failed = True
    if len(per_child) > 1:
        smallest, largest = min(per_child), max(per_child)
        growth = per_child[largest] / per_child[smallest]
        verdict = "linear" if growth <= BUDGET_GROWTH else "OVER BUDGET: grows faster than linear"
        print(f"cost per child at {largest}x is {growth:.2f}x that at {smallest}x: {verdict}")
        failed |= growth > BUDGET_GROWTH
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
