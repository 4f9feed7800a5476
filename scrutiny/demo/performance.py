"""Five years of synthetic CIN census and SSDA903 returns for each demo partnership's local
authority, imported as a business manager would import the real ones.

The children are fictional (scrutiny.performance.synthetic). Each year's file has as many
children as the real LA's CIN census counted in 2024-25 (DfE, characteristics of children in
need, b1 ``Anypoint_child``; Open Government Licence v3.0), so volumes resemble the real LA.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from django.conf import settings

from scrutiny.accounts.models import User
from scrutiny.partnerships.models import Area, AreaKind, Membership, Partnership
from scrutiny.partnerships.roles import Role
from scrutiny.performance.benchmarks import load_benchmarks
from scrutiny.performance.importing import import_annex_a, import_cin, import_ssda903
from scrutiny.performance.models import BenchmarkValue, ReturnImport, ReturnKind
from scrutiny.performance.synthetic import cin_census_file
from scrutiny.performance.synthetic_annex_a import build_annex_a
from scrutiny.performance.synthetic_ssda903 import write_ssda903

#: Children in need at any point in 2024-25, by DfE LA code: Bexley and Bromley.
CHILDREN_IN_NEED = {"303": 3160, "305": 4523}
#: Children looked after on 31 March 2025 (DfE, children looked after in England, OGL v3.0).
LOOKED_AFTER = {"303": 289, "305": 343}
#: Each SSDA903 file holds children looked after during the year and care leavers: about 1.7
#: times those looked after on 31 March, in the synthetic data.
SSDA903_PER_LOOKED_AFTER = 1.7
#: DfE's published figures, as shipped (the rows and columns the benchmarks read).
SHIPPED_BENCHMARKS = Path(__file__).parent.parent / "performance" / "data" / "dfe"
#: The reporting years, labelled by the year they end: 2021-22 to 2025-26.
YEARS = range(2022, 2027)
#: Annex A extracts, as drawn up for the last two inspections' look-back windows.
ANNEX_A_EXTRACTS = (date(2025, 3, 31), date(2026, 3, 31))
#: Records that cannot be true, one child each, in every year's CIN census, as real files hold a
#: few: a plan that ends before it starts, an initial conference before its section 47 enquiry, a
#: duplicated child identifier and a closure dated decades ahead (scrutiny.performance.synthetic
#: ``with_planted``). So a user of the demo sees them listed by line and the data-quality summary.
PLANTED_MISTAKES = ("plan", "conference", "duplicate", "future")


def demo_children(la_code: str) -> int | None:
    """Children in each synthetic file: the real LA's count, scaled by
    SCRUTINY_DEMO_RETURN_PERCENT (the test suite builds the demo at a few percent)."""
    real = CHILDREN_IN_NEED.get(la_code)
    if real is None:
        return None
    return max(20, real * int(getattr(settings, "SCRUTINY_DEMO_RETURN_PERCENT", 100)) // 100)


def demo_mistakes(children: int) -> tuple[str, ...]:
    """The mistakes planted in a file of ``children`` children: as many of ``PLANTED_MISTAKES`` as
    keep the file under the share of children with problems past which it is refused whole."""
    allowed = children * settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT // 100
    return PLANTED_MISTAKES[: max(0, allowed)]


def demo_looked_after(la_code: str) -> int | None:
    real = LOOKED_AFTER.get(la_code)
    if real is None:
        return None
    percent = int(getattr(settings, "SCRUTINY_DEMO_RETURN_PERCENT", 100))
    return max(20, int(real * SSDA903_PER_LOOKED_AFTER) * percent // 100)


def build_performance_demo() -> None:
    if not BenchmarkValue.objects.exists():
        load_benchmarks(SHIPPED_BENCHMARKS)
    for partnership in Partnership.objects.filter(is_demo=True).order_by("slug"):
        manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
        for area in Area.objects.filter(partnership_links__partnership=partnership, kind=AreaKind.LOCAL_AUTHORITY):
            children = demo_children(area.old_la_code)
            if children is None:
                continue
            done = set(
                ReturnImport.objects.current()
                .filter(partnership=partnership, area=area, kind=ReturnKind.CIN)
                .values_list("year", flat=True)
            )
            user = manager.user if manager else None
            for year in YEARS:
                if year in done:
                    continue
                with tempfile.TemporaryDirectory() as folder:
                    name = f"cin_census_{area.old_la_code}_{year}_synthetic.xml"
                    path = cin_census_file(
                        Path(folder) / name, area.old_la_code, year, children, planted=demo_mistakes(children)
                    )
                    import_cin(partnership, path, user, name=name)
            looked_after = demo_looked_after(area.old_la_code)
            done = set(
                ReturnImport.objects.current()
                .filter(partnership=partnership, area=area, kind=ReturnKind.SSDA903)
                .values_list("year", flat=True)
            )
            for year in YEARS:
                if year in done or looked_after is None:
                    continue
                with tempfile.TemporaryDirectory() as folder:
                    paths = write_ssda903(Path(folder), area.old_la_code, year, looked_after)
                    import_ssda903(partnership, paths, year, user, la=area.old_la_code)
            _annex_a_demo(partnership, area, user, children)


def _annex_a_demo(partnership: Partnership, area: Area, user: User | None, children: int) -> None:
    """Two synthetic Annex A workbooks, a list row for about one child in ten in need."""
    done = set(
        ReturnImport.objects.current()
        .filter(partnership=partnership, area=area, kind=ReturnKind.ANNEX_A)
        .values_list("year", flat=True)
    )
    for extract in ANNEX_A_EXTRACTS:
        if extract.year in done:
            continue
        with tempfile.TemporaryDirectory() as folder:
            name = f"annex_a_{area.old_la_code}_{extract:%Y%m%d}_synthetic.xlsx"
            path = build_annex_a(Path(folder) / name, extract, rows=max(20, children // 10), seed=extract.year)
            import_annex_a(partnership, path, user, la=area.old_la_code, extract_date=extract, name=name)
