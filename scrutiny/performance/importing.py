"""Importing a return: read it, compute the indicators, and store the aggregates in one go.

Nothing is stored from a file that is rejected, and a file for an area and year that already has
an import of that kind replaces it in the same transaction (the earlier import stays, marked
replaced). The file is read before the transaction opens, so a long file never holds the
database.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.clocks.workdays import subtract_months
from scrutiny.partnerships.models import Area, AreaKind, Partnership
from scrutiny.performance.figures import chosen_la
from scrutiny.performance.models import (
    ImportStatus,
    IndicatorValue,
    ReferralTrace,
    ReturnImport,
    ReturnKind,
    TraceSalt,
)
from scrutiny.performance.population import child_population
from scrutiny.performance.returns.annex_a import read_annex_a
from scrutiny.performance.returns.annex_a_measures import AnnexAMeasures
from scrutiny.performance.returns.cin import Child, CinHeader, Reading, read_cin
from scrutiny.performance.returns.cin_indicators import CinIndicators
from scrutiny.performance.returns.problems import Problem, ReturnRejected
from scrutiny.performance.returns.results import Result, percent
from scrutiny.performance.returns.ssda903 import read_ssda903
from scrutiny.performance.returns.ssda903_indicators import Ssda903Indicators
from scrutiny.performance.returns.xml_safety import check_return_file
from scrutiny.performance.rules import counting_rules

_CHUNK = 1024 * 1024
_TRACE_BATCH = 10_000


@dataclass
class Imported:
    record: ReturnImport
    results: list[Result]
    replaced: ReturnImport | None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def covered_area(partnership: Partnership, la_code: str, name: str) -> Area:
    """The partnership's local authority with DfE code (or ONS code) ``la_code``, or a refusal
    that names the areas it does cover."""
    areas = list(Area.objects.filter(partnership_links__partnership=partnership, kind=AreaKind.LOCAL_AUTHORITY))
    for area in areas:
        if la_code in {area.old_la_code, area.code}:
            return area
    covered = ", ".join(f"{area.name} ({area.old_la_code or area.code})" for area in areas) or "no local authority"
    raise ReturnRejected(
        [
            Problem(
                name,
                f"The file is for local authority {la_code}, which {partnership.name} does not cover "
                f"(it covers {covered}).",
                element="LEA",
            )
        ]
    )


def _earlier_referrals(partnership: Partnership, area: Area, year: int) -> dict[str, list[date]] | None:
    earlier = ReturnImport.objects.current().filter(
        partnership=partnership, area=area, kind=ReturnKind.CIN, year=year - 1
    )
    source = earlier.first()
    if source is None:
        return None
    found: dict[str, list[date]] = {}
    for child, day in (
        ReferralTrace.objects.filter(source=source).values_list("child", "referred_on").iterator(chunk_size=10_000)
    ):
        found.setdefault(child, []).append(day)
    return found


def import_cin(
    partnership: Partnership,
    path: Path,
    user: User | None,
    name: str | None = None,
    progress: Callable[[float], None] | None = None,
) -> Imported:
    """Import one CIN census XML file for ``partnership``. Raises ``ReturnRejected``."""
    started = time.monotonic()
    name = name or path.name
    rules = counting_rules()
    salt = TraceSalt.for_partnership(partnership)
    state: dict[str, object] = {}

    def on_header(header: CinHeader) -> None:
        area = covered_area(partnership, header.la_code, name)
        state["area"] = area
        state["counts"] = CinIndicators(header.year, rules, salt, _earlier_referrals(partnership, area, header.year))

    def on_child(header: CinHeader, child: Child) -> None:
        counts = state["counts"]
        assert isinstance(counts, CinIndicators)
        counts.add(header, child)

    header, reading = read_cin(path, name, on_child, on_header, progress, today=timezone.localdate())
    refuse_poor_quality(reading, name)
    area = state["area"]
    counts = state["counts"]
    assert isinstance(area, Area)
    assert isinstance(counts, CinIndicators)
    population = child_population(
        area.old_la_code or area.code, header.year, use_latest=rules.population_use_latest_available
    )
    results = counts.results(population)
    record = ReturnImport(
        partnership=partnership,
        area=area,
        kind=ReturnKind.CIN,
        year=header.year,
        files=name,
        sha256=file_sha256(path),
        size=path.stat().st_size,
        records=reading.children,
        tolerated=reading.notes(),
        quality=reading.quality.summary(reading.children),
        problems=[problem.as_dict() for problem in reading.quality.problems],
        imported_by=user,
    )
    return _store(record, results, counts.traces, started)


def refuse_poor_quality(reading: Reading, name: str) -> None:
    """Refuse the whole file when more than SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT of its
    children have a record that cannot be true: past that, leaving the broken records out would
    leave figures about too few children to stand for the year, and the file needs correcting at
    source. Below it, the file is imported without them and the problems are listed."""
    quality = reading.quality
    limit = settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT
    if not quality.children or 100 * quality.children <= limit * reading.children:
        return
    share = 100 * quality.children / reading.children
    lead = Problem(
        name,
        f"{quality.children:,} of {reading.children:,} children ({share:.1f}%) have records that cannot be true; "
        f"a file with more than {limit}% is refused whole. Correct them at source and import the file again.",
    )
    raise ReturnRejected([lead, *quality.problems], quality.total + 1)


def import_ssda903(
    partnership: Partnership,
    paths: list[Path],
    year: int,
    user: User | None,
    la: str | None = None,
    names: list[str] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Imported:
    """Import one year's SSDA903 CSV files for one of the partnership's local authorities (the
    files do not name their LA, so ``la`` says which where the partnership covers several).
    Raises ``ReturnRejected``, or ``AreaChoiceError`` for an LA it does not cover."""
    started = time.monotonic()
    named = list(zip(paths, names or [path.name for path in paths], strict=True))
    area = chosen_la(partnership, la)
    for path, name in named:
        check_return_file(path, name, xml=False)
    data = read_ssda903(named, year, progress)
    rules = counting_rules()
    population = child_population(area.old_la_code or area.code, year, use_latest=rules.population_use_latest_available)
    results = Ssda903Indicators(year, data, rules).results(population)
    digest = hashlib.sha256("".join(sorted(file_sha256(path) for path in paths)).encode()).hexdigest()
    record = ReturnImport(
        partnership=partnership,
        area=area,
        kind=ReturnKind.SSDA903,
        year=year,
        files="\n".join(name for _path, name in named),
        sha256=digest,
        size=sum(path.stat().st_size for path in paths),
        records=data.rows,
        tolerated=data.notes(),
        imported_by=user,
    )
    return _store(record, results, [], started)


def reporting_year_of(day: date) -> int:
    """The reporting year (1 April to 31 March) a day falls in, labelled by the year it ends."""
    return day.year + 1 if day.month >= 4 else day.year


def import_annex_a(
    partnership: Partnership,
    path: Path,
    user: User | None,
    la: str | None = None,
    extract_date: date | None = None,
    name: str | None = None,
) -> Imported:
    """Import an Ofsted Annex A workbook for one of the partnership's local authorities and compute
    the timeliness measures it allows. The extract date is the date the lists were drawn up to;
    without one, the latest date in the lists stands for it (and the summary says so). The
    measures belong to the reporting year the extract date falls in. Raises ``ReturnRejected``,
    or ``AreaChoiceError`` for an LA the partnership does not cover."""
    started = time.monotonic()
    name = name or path.name
    area = chosen_la(partnership, la)
    check_return_file(path, name, xml=False)
    data = read_annex_a(path, name, extract_date)
    tolerated = list(data.notes())
    if extract_date is None:
        if data.latest is None:
            raise ReturnRejected([Problem(name, "The lists hold no dates, so there is nothing to measure.")])
        extract_date = data.latest
        tolerated.append(
            f"No extract date was given: the latest date in the lists, {extract_date:%d/%m/%Y}, stands for it."
        )
    results = AnnexAMeasures(data, extract_date, counting_rules()).results()
    record = ReturnImport(
        partnership=partnership,
        area=area,
        kind=ReturnKind.ANNEX_A,
        year=reporting_year_of(extract_date),
        files=name,
        sha256=file_sha256(path),
        size=path.stat().st_size,
        records=data.rows,
        tolerated=tolerated,
        imported_by=user,
    )
    return _store(record, results, [], started)


def _insert_traces(record: ReturnImport, traces: list[tuple[str, date]]) -> None:
    """One plain multi-row insert per batch: a national census has over half a million referrals,
    and building a model instance for each would cost more than reading the file."""
    table = connection.ops.quote_name(ReferralTrace._meta.db_table)
    sql = f"INSERT INTO {table} (source_id, child, referred_on) VALUES (%s, %s, %s)"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        for start in range(0, len(traces), _TRACE_BATCH):
            batch = traces[start : start + _TRACE_BATCH]
            cursor.executemany(sql, [(record.pk, child, day.isoformat()) for child, day in batch])


def _store(record: ReturnImport, results: list[Result], traces: list[tuple[str, date]], started: float) -> Imported:
    with transaction.atomic():
        previous = (
            ReturnImport.objects.current()
            .select_for_update()
            .filter(partnership=record.partnership, area=record.area, kind=record.kind, year=record.year)
            .first()
        )
        if previous is not None:
            previous.status = ImportStatus.REPLACED
            previous.save(update_fields=["status"])
            # The look-back needs only the current import's referrals: keep no more than that.
            ReferralTrace.objects.filter(source=previous).delete()
        record.seconds = round(time.monotonic() - started, 2)
        record.save()
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    source=record,
                    code=result.code,
                    dimension=result.dimension,
                    value=result.value,
                    numerator=result.numerator,
                    denominator=result.denominator,
                    status=result.status,
                    reason=result.reason or "",
                    note=result.note,
                )
                for result in results
            ]
        )
        _insert_traces(record, traces)
        if record.kind == ReturnKind.CIN:
            _refresh_later_rereferrals(record)
    return Imported(record=record, results=results, replaced=previous)


REREFERRALS = "cin.rereferrals_12m_pct"


def _refresh_later_rereferrals(record: ReturnImport) -> None:
    """A census imported after the next year's has what that year's re-referral look-back was
    missing: recompute the next year's figure from the two years' kept referrals (salted child
    hashes and dates), and say so on it. Referrals of children without an ID were never kept, so
    they count as not re-referred, as when the file was imported."""
    later = (
        ReturnImport.objects.current()
        .filter(partnership=record.partnership, area=record.area, kind=ReturnKind.CIN, year=record.year + 1)
        .first()
    )
    if later is None:
        return
    value = IndicatorValue.objects.filter(source=later, code=REREFERRALS, dimension="").first()
    referrals = IndicatorValue.objects.filter(source=later, code="cin.referrals_nfa_pct", dimension="").first()
    if value is None or referrals is None or referrals.denominator is None:
        return
    by_child: dict[str, list[date]] = {}
    traces = ReferralTrace.objects.filter(source__in=[record, later]).values_list("child", "referred_on")
    for child, day in traces.iterator(chunk_size=10_000):
        by_child.setdefault(child, []).append(day)
    inclusive = counting_rules().rereferral_window_inclusive
    rereferred = 0
    for child, day in ReferralTrace.objects.filter(source=later).values_list("child", "referred_on").iterator():
        start = subtract_months(day, 12)
        rereferred += any(e < day and (e >= start if inclusive else e > start) for e in by_child[child])
    result = percent(REREFERRALS, rereferred, referrals.denominator)
    value.value, value.numerator, value.denominator = result.value, result.numerator, result.denominator
    value.status, value.reason = result.status, result.reason or ""
    value.note = (
        f"Recomputed when the {record.year_label} CIN census ({record.files}) was imported after this one, "
        "from the referrals of both years."
    )
    value.save()
