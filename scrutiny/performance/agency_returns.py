"""Agency returns of locally defined measures: rounds opened by the business manager, figures
entered (or uploaded from the template) by each agency, submissions tracked for timeliness.

Bad input changes nothing: a round with its dates in the wrong order, a percentage whose
numerator is larger than its denominator, a submission after the round is closed to corrections,
a figure for a measure the agency does not own: each is refused with what and where.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency
from scrutiny.performance.models import (
    AgencySubmission,
    LocalMeasure,
    MeasureUnit,
    MeasureValue,
    ReturnRound,
)

TEMPLATE_COLUMNS = ["code", "measure", "unit", "value", "numerator", "denominator", "note"]
#: A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """A cell a spreadsheet will show as text, never run as a formula (CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def round_open(
    *, partnership: Partnership, frequency: str, period_start: date, period_end: date, due_on: date
) -> ReturnRound:
    """Open a round and ask each agency that owns an active measure of that frequency for a return."""
    if period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after the day it starts."})
    if due_on < period_end:
        raise ValidationError({"due_on": "The deadline must be on or after the last day of the period."})
    if ReturnRound.objects.filter(partnership=partnership, frequency=frequency, period_start=period_start).exists():
        raise ValidationError({"period_start": "A round for this period is already open."})
    owners = (
        Agency.objects.filter(
            local_measures__partnership=partnership,
            local_measures__frequency=frequency,
            local_measures__active=True,
        )
        .distinct()
        .order_by("name")
    )
    if not owners:
        raise ValidationError(
            {"frequency": "No active measure is collected at this frequency, so nobody would be asked."}
        )
    with transaction.atomic():
        opened = ReturnRound.objects.create(
            partnership=partnership,
            frequency=frequency,
            period_start=period_start,
            period_end=period_end,
            due_on=due_on,
        )
        AgencySubmission.objects.bulk_create(AgencySubmission(round=opened, agency=agency) for agency in owners)
    return opened


def measures_for(submission: AgencySubmission) -> list[LocalMeasure]:
    """The measures this agency returns in this round: its active measures of the round's frequency."""
    return list(
        LocalMeasure.objects.filter(
            partnership=submission.round.partnership,
            owner=submission.agency,
            frequency=submission.round.frequency,
            active=True,
        ).order_by("code")
    )


@dataclass
class Entry:
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    note: str


def _decimal(text: str, where: str) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"{where}: {text!r} is not a number.") from None
    if number < 0:
        raise ValidationError(f"{where}: a figure cannot be below 0.")
    return number


def _whole(text: str, where: str) -> int | None:
    number = _decimal(text, where)
    if number is None:
        return None
    if number != number.to_integral_value():
        raise ValidationError(f"{where}: {number} is not a whole number.")
    return int(number)


def entry_from(measure: LocalMeasure, raw: dict[str, str], where: str) -> Entry:
    """One measure's figures from text (a form or a template row), checked."""
    value = _decimal(raw.get("value", ""), f"{where}, value")
    numerator = _whole(raw.get("numerator", ""), f"{where}, numerator")
    denominator = _whole(raw.get("denominator", ""), f"{where}, denominator")
    if measure.unit == MeasureUnit.PERCENT:
        if numerator is not None and denominator is not None:
            if numerator > denominator:
                raise ValidationError(
                    f"{where}: the numerator ({numerator}) is larger than the denominator ({denominator})."
                )
            if denominator == 0:
                raise ValidationError(f"{where}: the denominator is 0.")
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))
        if value is not None and value > 100:
            raise ValidationError(f"{where}: a percentage cannot be over 100.")
    return Entry(value, numerator, denominator, (raw.get("note") or "").strip()[:2000])


def submission_save(
    *, submission: AgencySubmission, entries: dict[int, Entry], user: Any, submit: bool
) -> AgencySubmission:
    """Save the figures (and, with ``submit``, submit them). A first submission's time is kept
    for timeliness; corrections after it are kept in the history."""
    allowed = {measure.pk for measure in measures_for(submission)}
    unknown = set(entries) - allowed
    if unknown:
        raise ValidationError("Figures were given for a measure this agency does not return in this round.")
    if submit:
        missing = [
            m.title for m in measures_for(submission) if entries.get(m.pk) is None or entries[m.pk].value is None
        ]
        if missing:
            raise ValidationError(f"Enter a figure for every measure before submitting: {', '.join(missing)}.")
    with transaction.atomic():
        for measure_id, entry in entries.items():
            MeasureValue.objects.update_or_create(
                submission=submission,
                measure_id=measure_id,
                defaults={
                    "value": entry.value,
                    "numerator": entry.numerator,
                    "denominator": entry.denominator,
                    "note": entry.note,
                },
            )
        if submit and submission.submitted_at is None:
            submission.submitted_at = timezone.now()
            submission.submitted_by = user
            save_by(submission, user, update_fields=["submitted_at", "submitted_by"])
    return submission


def template_csv(submission: AgencySubmission) -> str:
    """The round's template for this agency: one row a measure, figures to fill in."""
    current = {value.measure_id: value for value in submission.values.all()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for measure in measures_for(submission):
        value = current.get(measure.pk)
        writer.writerow(
            [
                safe_cell(measure.code),
                safe_cell(measure.title),
                measure.get_unit_display(),
                "" if value is None or value.value is None else value.value,
                "" if value is None or value.numerator is None else value.numerator,
                "" if value is None or value.denominator is None else value.denominator,
                safe_cell(value.note) if value else "",
            ]
        )
    return out.getvalue()


def template_xlsx(submission: AgencySubmission) -> bytes:
    """The same template as an Excel workbook."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Return"
    for row in csv.reader(io.StringIO(template_csv(submission))):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_from_upload(name: str, content: bytes) -> list[dict[str, str]]:
    """A filled-in template's rows, from CSV or XLSX. A formula in a spreadsheet is refused rather
    than run or trusted: the template wants the figures themselves."""
    if name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise ValidationError(f"{name} is not an Excel workbook ({type(error).__name__}).") from None
        sheet = book.worksheets[0]
        rows = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = []
            for column, cell in enumerate(cells, start=1):
                if isinstance(cell, str) and cell.startswith("="):
                    raise ValidationError(
                        f"{name}, row {number}, column {column}: holds a formula; enter the figure itself."
                    )
                texts.append("" if cell is None else str(cell))
            rows.append(texts)
    elif name.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(f"{name} is not UTF-8 text; save it as CSV UTF-8.") from None
        rows = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationError(f"{name}: upload the template as .csv or .xlsx.")
    if not rows or [cell.strip().lower() for cell in rows[0][: len(TEMPLATE_COLUMNS)]] != TEMPLATE_COLUMNS:
        raise ValidationError(f"{name} is not the template: its first row should be {', '.join(TEMPLATE_COLUMNS)}.")
    return [dict(zip(TEMPLATE_COLUMNS, row, strict=False)) for row in rows[1:] if any(cell.strip() for cell in row)]


def entries_from_upload(submission: AgencySubmission, name: str, content: bytes) -> dict[int, Entry]:
    by_code = {measure.code: measure for measure in measures_for(submission)}
    entries: dict[int, Entry] = {}
    for number, row in enumerate(rows_from_upload(name, content), start=2):
        code = (row.get("code") or "").strip().lstrip("'")
        measure = by_code.get(code)
        if measure is None:
            raise ValidationError(f"{name}, row {number}: {code!r} is not a measure this agency returns in this round.")
        entries[measure.pk] = entry_from(measure, row, f"{name}, row {number} ({code})")
    return entries


@dataclass
class Timeliness:
    agency: Agency
    asked: int
    on_time: int
    late: int
    outstanding: int


def timeliness(partnership: Partnership, start: date, end: date, today: date | None = None) -> list[Timeliness]:
    """Per agency, for rounds due between ``start`` and ``end``: returns asked for, on time,
    late, and still outstanding (for the agency engagement picture)."""
    today = today or timezone.localdate()
    counts: dict[int, Counter[str]] = {}
    agencies: dict[int, Agency] = {}
    submissions = AgencySubmission.objects.filter(
        round__partnership=partnership, round__due_on__gte=start, round__due_on__lte=end
    ).select_related("round", "agency")
    for submission in submissions:
        agencies[submission.agency_id] = submission.agency
        tally = counts.setdefault(submission.agency_id, Counter())
        tally["asked"] += 1
        if submission.submitted_at is None:
            tally["outstanding" if today > submission.round.due_on else "not_yet_due"] += 1
        elif submission.late(today):
            tally["late"] += 1
        else:
            tally["on_time"] += 1
    return [
        Timeliness(agencies[pk], tally["asked"], tally["on_time"], tally["late"], tally["outstanding"])
        for pk, tally in sorted(counts.items(), key=lambda item: agencies[item[0]].name)
    ]


def returns_due_items(seat: Any, today: date) -> Any:
    """Home page and digest: each return the person's agencies still owe (the business manager:
    every agency's), with its deadline."""
    from django.urls import reverse

    from scrutiny.figures.registry import DueItem
    from scrutiny.performance.models import ROOM

    owed = AgencySubmission.objects.filter(
        round__partnership=seat.partnership, submitted_at__isnull=True
    ).select_related("round", "agency")
    if not seat.can(ROOM, "manage"):
        owed = only_their_agency(owed, seat)
    for submission in owed:
        yield DueItem(
            title=f"{submission.agency.name}: {submission.round}",
            due=submission.round.due_on,
            url=reverse("submission_detail", kwargs={"slug": seat.partnership.slug, "pk": submission.pk}),
            room=ROOM,
            detail="Agency return of local measures",
        )


def submission_status(submission: AgencySubmission, today: date | None = None) -> tuple[str, str]:
    """(label, GOV.UK tag colour) of an agency's return: submitted on time or late, due, or overdue."""
    day = today or timezone.localdate()
    if submission.submitted_at is not None:
        return ("Submitted late", "orange") if submission.late(day) else ("Submitted on time", "green")
    return ("Overdue", "red") if submission.late(day) else ("Due", "blue")


def submissions_visible_to(seat: Any) -> Any:
    """The agency returns this person may read: every one of the partnership's for those who see
    the room partnership-wide; an agency contributor only their own agency's."""
    from scrutiny.performance.models import ROOM

    found = AgencySubmission.objects.filter(round__partnership=seat.partnership).select_related("round", "agency")
    if seat.can(ROOM, "view"):
        return found
    return only_their_agency(found, seat)


def may_enter(seat: Any, submission: AgencySubmission) -> bool:
    """Only the agency's own people (contributors, or a partner for their body), or the business
    manager on their behalf, enter an agency's figures."""
    from scrutiny.performance.models import ROOM

    return bool(seat.can(ROOM, "manage") or seat.acts_for(submission.agency_id))
