"""`scrutiny import cin` as a user runs it, start-up included, against a bare streaming parse.

Run: uv run python bench/cin_command.py [--children 200000,700000] [--files DIR] [--repeat 2]

For each size the script makes two synthetic CIN census files (2023-24 and 2024-25, the same
fictional children, 1% of them with realistic mistakes; kept in DIR and reused) and a throwaway
SQLite database with the demo's partnerships, into which the 2023-24 file is imported first (the
2024-25 import looks back into it for re-referrals). Then, each in a fresh process with
``PYTHONDONTWRITEBYTECODE=1`` as on this machine, wall-clock from start to exit:

- the floor: ``python -c`` running lxml's ``iterparse`` over the 2024-25 file, reading every
  element and throwing it away;
- the command: ``uv run scrutiny import cin FILE --partnership riverbank``.

Each is timed ``--repeat`` times and the fastest kept (the machine may be shared). Budget: the
command within 3x the floor at every size. Exits 1 over budget.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_RATIO = 3.0
FLOOR = """
import sys
from lxml import etree
for _event, element in etree.iterparse(sys.argv[1], events=("end",), resolve_entities=False, no_network=True):
    if element.tag == "Child":
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None:
            del parent[0]
"""
SETUP = """
import sys
import django
django.setup()
from pathlib import Path
from django.core.management import call_command
from scrutiny.demo.foundation import build_foundation_demo
from scrutiny.partnerships.models import Partnership
from scrutiny.performance.importing import import_cin
call_command("migrate", verbosity=0)
build_foundation_demo()
import_cin(Partnership.objects.get(slug="riverbank"), Path(sys.argv[1]), None)
"""
GENERATE = """
import sys
import django
django.setup()
from pathlib import Path
from scrutiny.performance.synthetic import cin_census_file
cin_census_file(Path(sys.argv[1]), "303", int(sys.argv[2]), int(sys.argv[3]), seed="bench", mistakes=0.01)
"""


def _environment(var_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONDONTWRITEBYTECODE": "1",
        "DJANGO_SETTINGS_MODULE": "scrutiny.settings",
        "SCRUTINY_VAR_DIR": var_dir,
    }


def _run(args: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run(args, check=True, cwd=ROOT, env=env, capture_output=True)  # noqa: S603
    return time.monotonic() - started


def _files(folder: Path, children: int, env: dict[str, str]) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in (2024, 2025):
        path = folder / f"cin_303_{year}_{children}_1pct.xml"
        if not path.exists():
            partial = path.with_suffix(".partial")
            took = _run([sys.executable, "-c", GENERATE, str(partial), str(year), str(children)], env)
            partial.rename(path)
            print(f"  generated {path.name} ({path.stat().st_size / 1e6:,.0f} MB) in {took:.0f} s")
        paths.append(path)
    return paths[0], paths[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", default="200000,700000")
    parser.add_argument("--files", type=Path, default=Path(tempfile.gettempdir()) / "scrutiny-bench-cin")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    ok = True
    print(f"{'children':>9} {'floor s':>8} {'command s':>10} {'ratio':>6}  budget <= {BUDGET_RATIO:g}x")
    for children in (int(n) for n in args.children.split(",")):
        var_dir = tempfile.mkdtemp(prefix="scrutiny-bench-command-")
        env = _environment(var_dir)
        earlier, path = _files(args.files, children, env)
        _run([sys.executable, "-c", SETUP, str(earlier)], env)
        floor = min(_run([sys.executable, "-c", FLOOR, str(path)], env) for _ in range(args.repeat))
        command = ["uv", "run", "scrutiny", "import", "cin", str(path), "--partnership", "riverbank"]
        seconds = min(_run(command, env) for _ in range(args.repeat))
        ratio = seconds / floor
        ok &= ratio <= BUDGET_RATIO
        print(f"{children:>9,} {floor:>8.1f} {seconds:>10.1f} {ratio:>6.2f}")
    print("result:", "ok" if ok else "OVER BUDGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
