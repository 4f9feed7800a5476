"""National benchmarks: DfE's published figures for England, the regions and every LA, read from
explore-education-statistics CSV files, and DfE's statistical neighbours.

Which file and column holds each indicator is in the catalogue (``benchmark``). Values are read
by column name, never by position; suppression symbols (c, x, u, z, k, low, :) are kept beside a
null value, never turned into 0 (indicators.md §4.2). Rates DfE publishes only as counts are
divided by the ONS population (``derived: rate_from_count``). Statistical neighbours' median and
mean are computed from the neighbours' published values, dropping suppressed ones, and always
labelled with how many of the ten were used (§4.1).
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import Q

from scrutiny.performance.catalogue import Indicator, catalogue
from scrutiny.performance.models import BenchmarkValue, StatisticalNeighbour
from scrutiny.performance.population import child_population

ENGLAND = "E92000001"
SN_FILE = "sn_model_2025_wide.csv"
SYMBOLS = {"c", "x", "u", "z", "k", "low", ":", ".", "-"}
LEVELS = {"National": "national", "Regional": "regional", "Local authority": "la"}


class BenchmarkError(ValueError):
    pass


def end_year(time_period: str) -> int:
    """EES labels a year 2025 or 202425; both mean the year ending 31 March 2025."""
    text = time_period.strip()
    if len(text) == 6 and text.isdigit():
        return int(text[:4]) + 1
    if len(text) == 4 and text.isdigit():
        return int(text)
    raise BenchmarkError(f"time_period {time_period!r} is not a year")


def _number(text: str) -> tuple[float | None, str]:
    value = (text or "").strip()
    if value.lower() in SYMBOLS or not value:
        return None, value
    try:
        return float(value.replace(",", "")), ""
    except ValueError:
        return None, value


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle)


@dataclass
class Loaded:
    values: int
    indicators: list[str]
    missing_files: list[str]
    neighbours: int


class Published(NamedTuple):
    """One published figure as read, before it is stored as a ``BenchmarkValue`` (same fields)."""

    code: str
    year: int
    level: str
    area_code: str
    new_la_code: str
    region_code: str
    name: str
    value: float | None
    symbol: str


def _area_code(row: dict[str, str], level: str) -> str:
    if level == "national":
        return ENGLAND
    if level == "regional":
        return row.get("region_code", "").strip()
    return row.get("old_la_code", "").strip()


def _values_for(item: Indicator, folder: Path) -> Iterator[Published]:
    spec = item.benchmark
    assert spec is not None
    path = folder / spec.file
    for row in _rows(path):
        if any(row.get(column, "").strip().lower() != value.strip().lower() for column, value in spec.filters.items()):
            continue
        level = LEVELS.get(row.get("geographic_level", "").strip())
        if level is None:
            continue
        if spec.column not in row:
            raise BenchmarkError(f"{spec.file}: no column {spec.column} (for {item.code})")
        year = end_year(row["time_period"])
        published, published_symbol = _number(row[spec.column])
        # A joint return ("314 / 318": Kingston and Richmond's workforce) stands for each LA in it.
        codes = [part.strip() for part in _area_code(row, level).split("/")]
        new_codes = [part.strip() for part in row.get("new_la_code", "").split("/")] if level == "la" else []
        for index, code in enumerate(codes):
            value, symbol = published, published_symbol
            if spec.derived == "rate_from_count" and value is not None:
                population = child_population(code, year, use_latest=False)
                value = round(10_000 * value / population.count, 1) if population else None
                symbol = "" if population else "no population estimate"
            yield Published(
                code=item.code,
                year=year,
                level=level,
                area_code=code,
                new_la_code=new_codes[index] if index < len(new_codes) else "",
                region_code=row.get("region_code", "").strip(),
                name=(row.get("la_name") or row.get("region_name") or row.get("country_name") or "").strip(),
                value=value,
                symbol=symbol,
            )


#: The column of the c3 file that the factor shares are a share of.
FACTOR_DENOMINATOR = "Episodes_with_assessment_factor"


def factor_code(code: str, factor: str) -> str:
    """The benchmark code of one factor of a per-factor indicator: ``cin.assessment_factors_pct:3A``."""
    return f"{code}:{factor}"


def _factor_values_for(item: Indicator, folder: Path) -> Iterator[Published]:
    """One value per factor: the factor's column ÷ episodes with factor information, as a
    percentage to one decimal place (the catalogue's benchmark note)."""
    spec = item.benchmark
    assert spec is not None
    columns = {str(factor["code"]): str(factor["column"]) for factor in item.factors if factor.get("column")}
    for row in _rows(folder / spec.file):
        level = LEVELS.get(row.get("geographic_level", "").strip())
        if level is None:
            continue
        if FACTOR_DENOMINATOR not in row:
            raise BenchmarkError(f"{spec.file}: no column {FACTOR_DENOMINATOR} (for {item.code})")
        year = end_year(row["time_period"])
        episodes, episodes_symbol = _number(row[FACTOR_DENOMINATOR])
        for code in _area_code(row, level).split("/"):
            for factor, column in columns.items():
                if column not in row:
                    continue
                count, symbol = _number(row[column])
                value = round(100 * count / episodes, 1) if count is not None and episodes else None
                yield Published(
                    code=factor_code(item.code, factor),
                    year=year,
                    level=level,
                    area_code=code.strip(),
                    new_la_code=row.get("new_la_code", "").strip() if level == "la" else "",
                    region_code=row.get("region_code", "").strip(),
                    name=(row.get("la_name") or row.get("region_name") or row.get("country_name") or "").strip(),
                    value=value,
                    symbol=(symbol or episodes_symbol) if value is None else "",
                )


def _insert_values(values: list[Published]) -> None:
    """Plain multi-row inserts: DfE's files hold about 90,000 figures, and the ORM's bulk insert
    spends more time building SQL for them than reading every file."""
    table = connection.ops.quote_name(BenchmarkValue._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in Published._fields)
    marks = ", ".join(["%s"] * len(Published._fields))
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - names from the model
    rows = [tuple(value) for value in values]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def load_benchmarks(folder: Path) -> Loaded:
    """Replace the stored benchmarks with those in ``folder``. All or nothing."""
    if not folder.is_dir():
        raise BenchmarkError(f"{folder} is not a folder")
    found: dict[tuple[str, int, str], Published] = {}
    loaded: list[str] = []
    missing: set[str] = set()
    for item in catalogue().values():
        if item.benchmark is None or not (item.benchmark.column or item.factors):
            continue
        if not (folder / item.benchmark.file).exists():
            missing.add(item.benchmark.file)
            continue
        values = _values_for(item, folder) if item.benchmark.column else _factor_values_for(item, folder)
        for value in values:
            found.setdefault((value.code, value.year, value.area_code), value)
        loaded.append(item.code)
    neighbours = list(_neighbours(folder))
    with transaction.atomic():
        BenchmarkValue.objects.all().delete()
        _insert_values(list(found.values()))
        if neighbours:
            StatisticalNeighbour.objects.all().delete()
            StatisticalNeighbour.objects.bulk_create(neighbours)
    return Loaded(len(found), loaded, sorted(missing), len(neighbours))


def _neighbours(folder: Path) -> Iterator[StatisticalNeighbour]:
    path = folder / SN_FILE
    if not path.exists():
        return
    for row in _rows(path):
        la = row.get("old_la_code", "").strip()
        for rank in range(1, 11):
            neighbour = (row.get(f"SN_{rank}") or "").strip()
            if la and neighbour:
                yield StatisticalNeighbour(
                    la=la, neighbour=neighbour, rank=rank, closeness=(row.get(f"SN_{rank}P") or "").strip()
                )


def comparison(la_code: str, year: int, codes: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """For each indicator: the LA's published value, England's, its region's, and its statistical
    neighbours' median and mean (with how many were used); null where DfE publishes none."""
    from scrutiny.partnerships.models import Area

    old = la_code
    if not la_code.isdigit():
        area = Area.objects.filter(code=la_code).first()
        old = area.old_la_code if area and area.old_la_code else ""
        if not old:
            row = BenchmarkValue.objects.filter(new_la_code=la_code).first()
            old = row.area_code if row else la_code
    wanted = codes or [code for code, item in catalogue().items() if item.benchmark and item.benchmark.column]
    values = BenchmarkValue.objects.filter(year=year, code__in=wanted)
    own = {v.code: v for v in values.filter(level="la", area_code=old)}
    region = next((v.region_code for v in own.values() if v.region_code), "")
    neighbours = list(StatisticalNeighbour.objects.filter(la=old).values_list("neighbour", flat=True))
    by_area: dict[tuple[str, str], float | None] = {
        (v.code, v.area_code): v.value
        for v in values.filter(Q(level__in=["national", "regional"]) | Q(level="la", area_code__in=neighbours))
    }
    result: dict[str, dict[str, Any]] = {}
    for code in wanted:
        near = [by_area.get((code, n)) for n in neighbours]
        used = [v for v in near if v is not None]
        result[code] = {
            "la": own[code].value if code in own else None,
            "england": by_area.get((code, ENGLAND)),
            "region": by_area.get((code, region)) if region else None,
            "sn_median": round(statistics.median(used), 1) if used else None,
            "sn_mean": round(statistics.fmean(used), 1) if used else None,
            "sn_used": len(used),
        }
    return result


ID_COLUMNS = (
    "time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
    "region_name", "old_la_code", "new_la_code", "la_name",
)  # fmt: skip


def trim(source: Path, dest: Path) -> list[Path]:
    """Copy of the DfE files in ``source`` with only the rows and columns the catalogue's
    benchmarks read, in the same layout, so the same loader reads either (this is how the copy
    shipped in data/dfe was made)."""
    wanted: dict[str, tuple[set[str], list[dict[str, str]]]] = {}
    for item in catalogue().values():
        spec = item.benchmark
        if spec is None or not (spec.column or item.factors):
            continue
        columns, filters = wanted.setdefault(spec.file, (set(), []))
        if spec.column:
            columns.add(spec.column)
        else:
            columns.add(FACTOR_DENOMINATOR)
            columns.update(str(factor["column"]) for factor in item.factors if factor.get("column"))
        columns.update(spec.filters)
        filters.append(spec.filters)
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (columns, filters) in sorted(wanted.items()):
        path = source / name
        if not path.exists():
            continue
        rows = _rows(path)
        first = next(rows)
        keep = [c for c in first if c in ID_COLUMNS or c in columns]
        out = dest / name
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keep, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for row in (first, *rows):
                if any(all(row.get(c, "").strip().lower() == v.strip().lower() for c, v in f.items()) for f in filters):
                    writer.writerow(row)
        written.append(out)
    sn = source / SN_FILE
    if sn.exists():
        out = dest / SN_FILE
        out.write_bytes(sn.read_bytes())
        written.append(out)
    return written


@dataclass
class YearComparison:
    year: int
    la: float | None
    la_symbol: str
    england: float | None
    region: float | None
    region_name: str
    sn_median: float | None
    sn_mean: float | None
    sn_used: int


def comparison_over_years(old_la_code: str, code: str) -> list[YearComparison]:
    """The LA's published figure for ``code`` beside England, its region and its statistical
    neighbours, for every year DfE publishes, newest first. One query."""
    neighbours = list(StatisticalNeighbour.objects.filter(la=old_la_code).values_list("neighbour", flat=True))
    rows = BenchmarkValue.objects.filter(code=code).filter(
        Q(level__in=["national", "regional"]) | Q(level="la", area_code__in=[old_la_code, *neighbours])
    )
    by_year: dict[int, dict[str, BenchmarkValue]] = {}
    for row in rows:
        by_year.setdefault(row.year, {})[row.area_code] = row
    found = []
    for year in sorted(by_year, reverse=True):
        areas = by_year[year]
        own = areas.get(old_la_code)
        if own is None:
            continue
        region = areas.get(own.region_code)
        used: list[float] = [v for n in neighbours if n in areas and (v := areas[n].value) is not None]
        found.append(
            YearComparison(
                year=year,
                la=own.value,
                la_symbol=own.symbol,
                england=areas[ENGLAND].value if ENGLAND in areas else None,
                region=region.value if region else None,
                region_name=region.name if region else "",
                sn_median=round(statistics.median(used), 1) if used else None,
                sn_mean=round(statistics.fmean(used), 1) if used else None,
                sn_used=len(used),
            )
        )
    return found
