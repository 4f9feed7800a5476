"""Children aged 0 to 17 in an area, from the ONS mid-year estimates, for rates per 10,000.

DfE divides a reporting year's count by the mid-year estimate *inside* that year: the year
ending 31 March 2025 uses mid-2024 (indicators.md §1). The estimates ship with the product
(data/population_0_17.csv, Open Government Licence v3.0).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "population_0_17.csv"


@dataclass(frozen=True)
class Population:
    count: int
    mid_year: int
    #: Set when the estimate for the year the rate needs is not loaded and a later or earlier
    #: one stands in: what the indicator page should say.
    stand_in_for: int | None = None

    @property
    def label(self) -> str:
        used = f"ONS mid-{self.mid_year} estimate of children aged 0 to 17"
        if self.stand_in_for is not None:
            return f"{used} (the mid-{self.stand_in_for} estimate is not loaded yet)"
        return used


@cache
def _estimates() -> dict[str, dict[int, int]]:
    """Area code (the 3-digit old_la_code, the 9-character new code, or "E92000001" for
    England) to {mid-year: children}."""
    found: dict[str, dict[int, int]] = {}
    with DATA.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["population"].isdigit():
                continue  # "x": not available for that area and year
            year, count = int(row["mid_year"]), int(row["population"])
            codes = [
                row["old_la_code"],
                row["new_la_code"],
                row["region_code"] if row["geographic_level"] == "Regional" else "",
            ]
            if row["geographic_level"] == "National":
                codes = ["E92000001"]
            for code in filter(None, codes):
                found.setdefault(code, {})[year] = count
    return found


def child_population(area_code: str, reporting_year: int, *, use_latest: bool = True) -> Population | None:
    """The population a rate for ``reporting_year`` (labelled by the year it ends) divides by:
    mid-year ``reporting_year - 1``. With ``use_latest``, the nearest earlier estimate stands
    in when that one is not loaded (and says so)."""
    years = _estimates().get(area_code, {})
    wanted = reporting_year - 1
    if wanted in years:
        return Population(years[wanted], wanted)
    earlier = [year for year in years if year < wanted]
    if use_latest and earlier:
        latest = max(earlier)
        return Population(years[latest], latest, stand_in_for=wanted)
    return None
