"""Reading an Ofsted Annex A workbook (the ILACS child-level lists, data-standards.md §4).

Annex A is an Excel workbook with one sheet per list. LAs edit its header text, so sheets are
found by their list number ("List 4", "L4 Assessments") or, failing that, by words in their
name, and columns by the words of their header, case- and punctuation-blind. Only the columns
that a measure needs are read; the rest (names of teams and workers, dates of birth) are
skipped. Rows are read one at a time, turned into the few dates and answers a measure needs,
and dropped.

The workbook is opened with the safety checks of ``workbook_safety`` first: an .xlsx file is a
zip of XML parts, so it can hide a zip bomb or an entity-expansion attack.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from scrutiny.performance.returns.problems import Problem, ReturnRejected

#: The lists, by number, as Ofsted's January 2024 request names them.
LISTS = {
    1: "Contacts",
    2: "Early help",
    3: "Referrals",
    4: "Assessments",
    5: "Section 47 enquiries and ICPCs",
    6: "Children in need",
    7: "Child protection",
    8: "Children in care",
    9: "Care leavers",
    10: "Adoption",
    11: "Adopters",
}
#: Words that identify a list from its sheet's name when the name has no number.
_LIST_WORDS = {
    1: ("contact",),
    2: ("early", "help"),
    3: ("referral",),
    4: ("assessment",),
    5: ("47",),
    6: ("need",),
    7: ("protection",),
    8: ("care",),
    9: ("leaver",),
    10: ("adoption",),
    11: ("adopter",),
}


@dataclass(frozen=True)
class Column:
    """A column a measure needs: its January 2024 header, and the words (any one alternative,
    all of its words) that find it under an LA's own wording. A word ending in ``*`` matches
    any word it starts."""

    key: str
    header: str
    alternatives: tuple[tuple[str, ...], ...]
    kind: str = "date"  # date, yes_no, number or text


#: The columns read from each list. Lists 6, 10 and 11 feed no measure.
COLUMNS: dict[int, tuple[Column, ...]] = {
    1: (Column("contact", "Date of Contact", (("date", "contact"),)),),
    2: (
        Column("start", "Assessment start date", (("start*",),)),
        Column("completed", "Assessment completion date", (("complet*",),)),
    ),
    3: (
        Column("referral", "Date of Referral", (("date", "referral*"),)),
        Column("nfa", "Referral NFA?", (("nfa",), ("no", "further", "action")), "yes_no"),
        Column(
            "in_12m", "Number of Referrals in Last 12 Months", (("number", "referral*"), ("referral*", "12")), "number"
        ),
    ),
    4: (
        Column("start", "Continuous Assessment Start Date", (("assessment", "start*"),)),
        Column("seen", "Child Seen During Continuous Assessment", (("seen",),), "yes_no"),
        Column(
            "authorised",
            "Continuous Assessment Date of Authorisation",
            (("authoris*",), ("authoriz*",), ("assessment", "complet*")),
        ),
    ),
    5: (
        Column(
            "s47",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            (("strategy",), ("47", "start*")),
        ),
        Column(
            "icpc",
            "Date of Initial Child Protection Conference",
            (("date", "initial", "conference"), ("date", "icpc")),
        ),
    ),
    7: (
        Column("start", "Child Protection Plan Start Date", (("plan", "start*"),)),
        Column("end", "Child Protection Plan End Date", (("plan", "end*"),)),
        Column("visit", "Date of the Last Statutory Visit", (("visit*",),)),
        Column("review", "Date of latest review conference", (("review*",),)),
        Column("previous", "Number of Previous Child Protection Plans", (("previous",),), "number"),
    ),
    8: (
        Column("start", "Date Started to be Looked After", (("start*", "looked"),)),
        Column("ceased", "Date Ceased to be Looked After", (("date", "ceased"),)),
        Column("review", "Date of Latest Statutory Review", (("statutory", "review*"), ("latest", "review*"))),
        Column("visit", "Date of Last Social Work Visit", (("social", "visit*"),)),
        Column("health", "Date of Last Health Assessment", (("health",),)),
        Column("dental", "Date of Last Dental Check", (("dental",),)),
        Column("placements", "Number of Placements in the Last 12 months", (("number", "placement*"),), "number"),
        Column("age", "Age", (("age",),), "number"),
    ),
    9: (
        Column("pathway", "Latest Pathway Plan Review Date", (("pathway",),)),
        Column("in_touch", "LA in Touch", (("touch",),), "text"),
        Column("suitable", "Suitability of Accommodation", (("suitab*",),), "text"),
    ),
}

#: The header row is the first, within these rows, that holds a child (or adopter) identifier.
_HEADER_SEARCH_ROWS = 20
_ID_HEADERS = (("unique", "id"), ("child", "id"), ("adopter", "identifier"))
#: A workbook is refused if its parts would unzip to more than this, or far more than its size.
MAX_UNZIPPED_BYTES = 1024**3
MAX_RATIO = 200
_PROLOG_BYTES = 4096

_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d %b %Y", "%d %B %Y", "%d-%b-%Y")
#: Excel counts days from 30 December 1899 (with its 1900 leap-year bug already past by 1 March 1900).
_EXCEL_EPOCH = date(1899, 12, 30)


def words(text: str) -> list[str]:
    """A header's words: accents, curly quotes, punctuation and case do not count."""
    # Apostrophes, straight or curly, join rather than split: "children's" and "children’s" match.  # noqa: RUF003
    text = re.sub(r"['\u2018\u2019`]", "", str(text))
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def _has(found: list[str], wanted: tuple[str, ...]) -> bool:
    for word in wanted:
        if word.endswith("*"):
            if not any(each.startswith(word[:-1]) for each in found):
                return False
        elif word not in found:
            return False
    return True


def list_number(sheet_name: str) -> int | None:
    """The list a sheet holds, from its name: "List 4", "L4", "4. Assessments" or the list's words."""
    match = re.match(r"\s*(?:list|l)?\s*[-_.]?\s*(\d{1,2})\b", sheet_name, re.IGNORECASE)
    if match and 1 <= int(match.group(1)) <= len(LISTS):
        return int(match.group(1))
    found = words(sheet_name)
    # Word matches, most specific first: "Care leavers" is not list 8, "Early help" not list 4.
    for number in (9, 11, 10, 2, 5, 7, 6, 4, 3, 1, 8):
        if _has(found, tuple(f"{word}*" for word in _LIST_WORDS[number])):
            return number
    return None


@dataclass
class ListRows:
    """One list's rows, as the values of the columns found."""

    number: int
    sheet: str
    found: dict[str, str] = field(default_factory=dict)  # column key -> the header used
    missing: list[Column] = field(default_factory=list)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"List {self.number} ({LISTS[self.number]})"


@dataclass
class AnnexA:
    """What the workbook holds that the measures need."""

    lists: dict[int, ListRows]
    rows: int
    tolerated: list[str]
    latest: date | None

    def notes(self) -> list[str]:
        return self.tolerated


def check_workbook(path: Path, name: str) -> None:
    """Refuse a file that is not a zip of XML parts, would unzip to too much, or declares a
    DOCTYPE or entities in any part (an Excel workbook has none)."""
    size = max(1, path.stat().st_size)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ReturnRejected(
            [Problem(name, "The file is not an Excel workbook (.xlsx). Save it from Excel as an .xlsx workbook.")]
        ) from None
    with archive:
        members = archive.infolist()
        unzipped = sum(member.file_size for member in members)
        if unzipped > MAX_UNZIPPED_BYTES or unzipped > size * MAX_RATIO:
            raise ReturnRejected(
                [
                    Problem(
                        name,
                        f"The workbook would unzip to {unzipped:,} bytes from {size:,}: too large or too "
                        "compressed to be an Annex A workbook, so it was not opened.",
                    )
                ]
            )
        if not any(member.filename == "xl/workbook.xml" for member in members):
            raise ReturnRejected([Problem(name, "The file is a zip archive but not an Excel workbook.")])
        for member in members:
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(member) as part:
                head = part.read(_PROLOG_BYTES).decode("utf-8", "replace").upper()
            if "<!DOCTYPE" in head or "<!ENTITY" in head:
                raise ReturnRejected(
                    [
                        Problem(
                            name,
                            f"Part {member.filename} of the workbook declares a DOCTYPE or entities. Excel never "
                            "writes them, and they can be used to attack the reader, so the file was not read.",
                        )
                    ]
                )


def _date(value: Any) -> tuple[date | None, str | None, bool]:
    """(the date, what is wrong, whether it was tolerated rather than a real date cell)."""
    if value is None:
        return None, None, False
    if isinstance(value, datetime):
        return value.date(), None, False
    if isinstance(value, date):
        return value, None, False
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2_958_465:  # Excel's serial numbers for 1900-01-01 to 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value)), None, True
        return None, f"{value!r} is not a date", False
    text = str(value).strip()
    if not text or text.lower() in {"n/a", "na", "-", "none", "null"}:
        return None, None, False
    if re.match(r"\d{4}-\d{2}-\d{2}[T ]", text):
        text = text[:10]  # a date and time written as text: the time does not count
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date(), None, True  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    return None, f"{text[:40]!r} is not a date (use a date cell, or dd/mm/yyyy)", False


def _yes_no(value: Any) -> tuple[bool | None, str | None]:
    if value is None:
        return None, None
    text = str(value).strip().lower().rstrip(".")
    if not text:
        return None, None
    if text in _YES:
        return True, None
    if text in _NO:
        return False, None
    return None, f"{str(value)[:40]!r} is not Yes or No"


def _number(value: Any) -> tuple[int | None, str | None]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        return None, f"{value!r} is not a number"
    if isinstance(value, int):
        return value, None
    if isinstance(value, float) and value.is_integer():
        return int(value), None
    text = str(value).strip()
    if text.isdigit():
        return int(text), None
    return None, f"{text[:40]!r} is not a whole number"


def _match_columns(headers: list[Any], columns: tuple[Column, ...]) -> tuple[dict[str, int], dict[str, str]]:
    """Each column's position and the header used. An exact (word-for-word) match of Ofsted's
    own header wins; otherwise the first header with every word of an alternative."""
    header_words = [words(str(cell)) if cell is not None else [] for cell in headers]
    taken: set[int] = set()
    positions: dict[str, int] = {}
    for column in columns:
        exact = words(column.header)
        position = next((i for i, found in enumerate(header_words) if found == exact and i not in taken), None)
        if position is None and column.key != "age":
            position = next(
                (
                    i
                    for alternative in column.alternatives
                    for i, found in enumerate(header_words)
                    if i not in taken and found and _has(found, alternative)
                ),
                None,
            )
        if position is not None:
            positions[column.key] = position
            taken.add(position)
    return positions, {key: str(headers[position]).strip() for key, position in positions.items()}


def _header_row(rows: Iterator[tuple[Any, ...]]) -> tuple[int, list[Any]] | None:
    for number, cells in enumerate(rows, start=1):
        for cell in cells:
            if cell is not None and any(_has(words(str(cell)), wanted) for wanted in _ID_HEADERS):
                return number, list(cells)
        if number >= _HEADER_SEARCH_ROWS:
            return None
    return None


def read_annex_a(path: Path, name: str, extract_date: date | None = None) -> AnnexA:
    """Read the lists that measures need. Raises ``ReturnRejected`` with every problem found:
    a cell that should hold a date, a Yes/No or a number and does not, a formula where a value
    is needed, an end before its start, or a date after the extract date."""
    from openpyxl import load_workbook

    check_workbook(path, name)
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken workbook
        raise ReturnRejected(
            [Problem(name, f"The workbook could not be opened ({type(error).__name__}); save it again from Excel.")]
        ) from None
    problems: list[Problem] = []
    tolerated: Counter[str] = Counter()
    lists: dict[int, ListRows] = {}
    latest: date | None = None
    total = 0
    renamed: list[str] = []
    try:
        for sheet in book.worksheets:
            number = list_number(sheet.title)
            if number is None or number not in COLUMNS or number in lists:
                continue
            rows = sheet.iter_rows(values_only=True)
            header = _header_row(rows)
            if header is None:
                problems.append(
                    Problem(
                        name, "No header row with a Child Unique ID column in the first 20 rows.", record=sheet.title
                    )
                )
                continue
            header_line, headers = header
            positions, used = _match_columns(headers, COLUMNS[number])
            found = ListRows(number, sheet.title, used, [c for c in COLUMNS[number] if c.key not in positions])
            lists[number] = found
            for column in COLUMNS[number]:
                if column.key in used and words(used[column.key]) != words(column.header):
                    renamed.append(
                        f"{found.label}, sheet {sheet.title!r}: “{used[column.key]}” read as “{column.header}”"
                    )
            for line, cells in enumerate(rows, start=header_line + 1):
                if not any(cell is not None and str(cell).strip() for cell in cells):
                    continue
                total += 1
                values: dict[str, Any] = {}
                for column in COLUMNS[number]:
                    position = positions.get(column.key)
                    if position is None:
                        continue
                    raw = cells[position] if position < len(cells) else None
                    where = f"column {used[column.key]!r}"
                    if isinstance(raw, str) and raw.startswith("="):
                        problems.append(
                            Problem(
                                name,
                                "holds a formula; Scrutiny reads values only. Paste the values in its place.",
                                record=f"{sheet.title}, row {line}",
                                element=where,
                            )
                        )
                        continue
                    if column.kind == "date":
                        day, wrong, was_tolerated = _date(raw)
                        if was_tolerated:
                            tolerated[f"dates written as text or numbers ({found.label})"] += 1
                        if day is not None:
                            latest = day if latest is None or day > latest else latest
                        values[column.key], problem = day, wrong
                    elif column.kind == "yes_no":
                        values[column.key], problem = _yes_no(raw)
                    elif column.kind == "number":
                        values[column.key], problem = _number(raw)
                    else:
                        values[column.key], problem = (None if raw is None else str(raw).strip() or None), None
                    if problem:
                        problems.append(Problem(name, problem, record=f"{sheet.title}, row {line}", element=where))
                problems.extend(_impossible(name, found, line, values, extract_date))
                found.rows.append((line, values))
    finally:
        book.close()
    if problems:
        raise ReturnRejected(problems)
    if not lists:
        raise ReturnRejected(
            [
                Problem(
                    name,
                    "No sheet of the workbook is an Annex A list that Scrutiny reads (lists 1 to 5, 7, 8 and 9); "
                    'name each sheet by its list, for example "List 4".',
                )
            ]
        )
    notes = renamed + [f"{count:,} {what}" for what, count in tolerated.items()]
    return AnnexA(lists=lists, rows=total, tolerated=notes, latest=latest)


#: Pairs of (start, end) columns whose end may not come before the start.
_ORDER = {2: ("start", "completed"), 4: ("start", "authorised"), 7: ("start", "end"), 8: ("start", "ceased")}


def _impossible(
    name: str, found: ListRows, line: int, values: dict[str, Any], extract_date: date | None
) -> list[Problem]:
    problems = []
    record = f"{found.sheet}, row {line}"
    pair = _ORDER.get(found.number)
    if pair and values.get(pair[0]) and values.get(pair[1]) and values[pair[1]] < values[pair[0]]:
        problems.append(
            Problem(
                name,
                f"{values[pair[1]]:%d/%m/%Y} is before the start, {values[pair[0]]:%d/%m/%Y}.",
                record=record,
                element=f"column {found.found[pair[1]]!r}",
            )
        )
    if extract_date is not None:
        for key, value in values.items():
            if isinstance(value, date) and value > extract_date:
                problems.append(
                    Problem(
                        name,
                        f"{value:%d/%m/%Y} is after the extract date, {extract_date:%d/%m/%Y}.",
                        record=record,
                        element=f"column {found.found[key]!r}",
                    )
                )
    return problems
