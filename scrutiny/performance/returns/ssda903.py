"""Reading the SSDA903 (children looked after) CSV files: each recognised by its columns,
validated row by row, grouped by child in memory for counting, and never stored.

Files may come in any order and under any name: each is recognised by the columns only it has
(data-standards.md §3.1). Problems are located by file, row (the CSV line), column and reason,
never by the child's identifier.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from scrutiny.performance.returns.problems import MAX_LISTED, Problem, ReturnRejected

#: Each file kind: the columns that identify it, and the columns it must have.
FILE_KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "episodes": ("RNE", ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC", "REC")),
    "header": ("ETHNIC", ("CHILD", "SEX", "DOB")),
    "missing": ("MISSING", ("CHILD", "MISSING", "MIS_START", "MIS_END")),
    "oc2": ("HEALTH_ASSESSMENT", ("CHILD", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT")),
    "oc3": ("IN_TOUCH", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")),
    "ad1": ("DATE_MATCH", ("CHILD", "DATE_INT", "DATE_MATCH")),
    "placed_for_adoption": ("DATE_PLACED", ("CHILD", "DATE_PLACED")),
    "previous_permanence": ("PREV_PERM", ("CHILD", "PREV_PERM")),
    "sw_episodes": ("SW_ID", ("CHILD", "SW_ID", "SW_DECOM", "SW_DEC")),
    "reviews": ("REVIEW_CODE", ("CHILD", "REVIEW")),
    "uasc": ("DUC", ("CHILD", "DUC")),
}

RNE = {"S", "L", "P", "T", "B", "U"}
LS = {"C1", "C2", "D1", "E1", "V2", "V3", "V4", "L1", "L2", "L3", "J1", "J2", "J3"}
PLACE = (
    {"A3", "A4", "A5", "A6", "H5", "K1", "K2", "K3", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "Z1"}
    | {f"T{n}" for n in range(5)}
    | {f"U{n}" for n in range(1, 7)}
    | {f"Z1{n}" for n in range(1, 5)}
)
REC = {
    "X1", "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E43", "E44", "E45", "E46", "E47", "E48",
    "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E17", "E8",
}  # fmt: skip
MISSING = {"M", "A"}
IN_TOUCH = {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}
ACTIV = {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"}
ACCOM_LETTERS = set("BCDEGHKRSTUVWXYZ")


@dataclass(slots=True)
class Episode:
    start: date
    end: date | None
    rne: str
    ls: str
    place: str
    rec: str
    line: int


@dataclass
class LookedAfterChild:
    dob: date | None = None
    episodes: list[Episode] = field(default_factory=list)
    missing: list[tuple[str, date, date | None]] = field(default_factory=list)
    social_workers: list[tuple[str, date, date | None]] = field(default_factory=list)
    oc2: dict[str, bool] | None = None
    oc3: tuple[date | None, str, str, str] | None = None  # DOB, IN_TOUCH, ACTIV, ACCOM
    matched: date | None = None  # ad1.DATE_MATCH


@dataclass
class Ssda903Return:
    children: dict[str, LookedAfterChild]
    files: dict[str, str]  # kind: file name
    tolerated: Counter[str]
    rows: int
    flaws: dict[str, str]  # kind of flaw: reason, for indicators it stops

    def has(self, kind: str) -> bool:
        return kind in self.files

    def notes(self) -> list[str]:
        return [f"{text} ({count:,} time{'s' if count != 1 else ''})" for text, count in sorted(self.tolerated.items())]


class _Rows:
    """One file's rows, with its problems and tolerated forms counted on the way."""

    def __init__(self, name: str, tolerated: Counter[str], problems: list[Problem]) -> None:
        self.name = name
        self.tolerated = tolerated
        self.problems = problems
        self.total = 0

    def problem(self, line: int, column: str, reason: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(Problem(self.name, reason, record=f"row {line - 1:,}", element=column, line=line))

    def day(self, value: str, line: int, column: str, required: bool = False) -> date | None:
        text = value.strip()
        if not text:
            if required:
                self.problem(line, column, "is empty but must hold a date (dd/mm/yyyy)")
            return None
        try:
            return datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            pass
        try:
            found = date.fromisoformat(text[:10])
        except ValueError:
            self.problem(line, column, f"{text!r} is not a date (dd/mm/yyyy)")
            return None
        self.tolerated["dates written yyyy-mm-dd where the specification has dd/mm/yyyy"] += 1
        return found

    def code(self, value: str, allowed: set[str], line: int, column: str, required: bool = True) -> str:
        text = value.strip().upper()
        if not text:
            if required:
                self.problem(line, column, "is empty but must hold a code")
            return ""
        if text not in allowed:
            self.problem(line, column, f"{value.strip()!r} is not a {column} code")
        return text

    def flag(self, value: str, line: int, column: str) -> bool:
        text = value.strip().lower()
        if text in {"1", "0", ""}:
            return text == "1"
        if text in {"true", "false", "y", "n", "yes", "no"}:
            self.tolerated[f"{value.strip()} used for a 0/1 field"] += 1
            return text in {"true", "y", "yes"}
        self.problem(line, column, f"{value.strip()!r} is not 0 or 1")
        return False


def _open_csv(path: Path, name: str) -> tuple[list[str], Iterator[dict[str, str]]]:
    raw = path.read_bytes()
    if not raw.strip():
        raise ReturnRejected([Problem(name, "The file is empty.")])
    if b"\x00" in raw[:4096]:
        raise ReturnRejected(
            [Problem(name, "The file is not text: it may be a spreadsheet saved as .csv or a UTF-16 file.")]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ReturnRejected(
            [Problem(name, "The file is not UTF-8 text; save it as CSV UTF-8 and import it again.", line=line)]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [(column or "").strip().upper() for column in reader.fieldnames or []]
    reader.fieldnames = columns
    # Rows are read one at a time as they are counted: a national episodes file is a million rows.
    return columns, iter(reader)


def _kind(columns: list[str], name: str) -> str:
    for kind, (marker, _required) in FILE_KINDS.items():
        if marker in columns:
            return kind
    shown = ", ".join(columns[:8]) or "none"
    raise ReturnRejected(
        [Problem(name, f"This is not an SSDA903 file: its columns ({shown}) match none of the SSDA903 files.")]
    )


def read_ssda903(
    paths: list[tuple[Path, str]], year: int, progress: Callable[[float], None] | None = None
) -> Ssda903Return:
    """Read the files (path, name as the person knows it). Raises ``ReturnRejected`` listing every
    problem when a file is not an SSDA903 file, lacks columns, or holds bad or impossible values.
    ``progress`` hears the share of the files' bytes read, as each file is finished."""
    problems: list[Problem] = []
    tolerated: Counter[str] = Counter()
    children: dict[str, LookedAfterChild] = {}
    files: dict[str, str] = {}
    total = 0
    rows = 0
    flaws: dict[str, str] = {}
    read: list[tuple[str, str, Iterator[dict[str, str]]]] = []
    sizes = {name: path.stat().st_size for path, name in paths}
    whole = max(1, sum(sizes.values()))
    done = 0
    for path, name in paths:
        columns, data = _open_csv(path, name)
        kind = _kind(columns, name)
        if kind in files:
            raise ReturnRejected([Problem(name, f"Two {kind} files were given ({files[kind]} and {name}).")])
        missing_columns = [column for column in FILE_KINDS[kind][1] if column not in columns]
        if missing_columns:
            problems.append(
                Problem(
                    name,
                    f"The {kind} file lacks the column{'s' if len(missing_columns) > 1 else ''} "
                    f"{', '.join(missing_columns)}.",
                )
            )
            total += 1
            continue
        files[kind] = name
        read.append((kind, name, data))
    if "episodes" not in files and not problems:
        problems.append(
            Problem(", ".join(name for _p, name in paths), "The episodes file is needed for every indicator.")
        )
        total += 1
    # Header first (dates of birth), then the rest.
    read.sort(key=lambda item: (item[0] != "header", item[0] != "episodes"))
    for kind, name, data in read:
        out = _Rows(name, tolerated, problems)
        for offset, row in enumerate(data):
            line = offset + 2
            rows += 1
            key = (row.get("CHILD") or "").strip()
            if not key:
                out.problem(line, "CHILD", "is empty: every row needs the child's identifier")
                continue
            child = children.setdefault(key, LookedAfterChild())
            _read_row(kind, row, line, child, out, flaws)
        total += out.total
        done += sizes[name]
        if progress is not None:
            progress(done / whole)
    if problems:
        raise ReturnRejected(problems, max(total, len(problems)))
    for child in children.values():
        child.episodes.sort(key=lambda episode: episode.start)
    return Ssda903Return(children=children, files=files, tolerated=tolerated, rows=rows, flaws=flaws)


def _read_row(
    kind: str, row: dict[str, str], line: int, child: LookedAfterChild, out: _Rows, flaws: dict[str, str]
) -> None:
    get = row.get
    if kind == "header":
        child.dob = out.day(get("DOB", ""), line, "DOB", required=True)
    elif kind == "episodes":
        start = out.day(get("DECOM", ""), line, "DECOM", required=True)
        end = out.day(get("DEC", ""), line, "DEC")
        rne = out.code(get("RNE", ""), RNE, line, "RNE")
        ls = out.code(get("LS", ""), LS, line, "LS")
        place = out.code(get("PLACE", ""), PLACE, line, "PLACE")
        rec = out.code(get("REC", ""), REC, line, "REC", required=bool(end))
        if start and end and end < start:
            out.problem(line, "DEC", f"the episode ends ({end:%d/%m/%Y}) before it starts ({start:%d/%m/%Y})")
        if start:
            child.episodes.append(Episode(start, end, rne, ls, place, rec, line))
    elif kind == "missing":
        what = out.code(get("MISSING", ""), MISSING, line, "MISSING")
        start = out.day(get("MIS_START", ""), line, "MIS_START", required=True)
        end = out.day(get("MIS_END", ""), line, "MIS_END")
        if start and end and end < start:
            flaws.setdefault(
                "missing", f"a missing or away incident ends before it starts ({out.name}, row {line - 1:,})"
            )
        if start:
            child.missing.append((what, start, end))
    elif kind == "sw_episodes":
        start = out.day(get("SW_DECOM", ""), line, "SW_DECOM", required=True)
        end = out.day(get("SW_DEC", ""), line, "SW_DEC")
        worker = (get("SW_ID") or "").strip()
        if start and end and end < start:
            flaws.setdefault(
                "social_workers", f"a social worker episode ends before it starts ({out.name}, row {line - 1:,})"
            )
        if start and worker:
            child.social_workers.append((worker, start, end))
    elif kind == "oc2":
        child.oc2 = {
            column: out.flag(get(column, ""), line, column)
            for column in ("HEALTH_ASSESSMENT", "IMMUNISATIONS", "TEETH_CHECK")
        }
    elif kind == "oc3":
        dob = out.day(get("DOB", ""), line, "DOB", required=True)
        in_touch = out.code(get("IN_TOUCH", ""), IN_TOUCH, line, "IN_TOUCH")
        activ = out.code(get("ACTIV", ""), ACTIV, line, "ACTIV", required=False)
        accom = (get("ACCOM") or "").strip().upper()
        if accom and accom != "0" and not (len(accom) == 2 and accom[0] in ACCOM_LETTERS and accom[1] in "12"):
            out.problem(line, "ACCOM", f"{accom!r} is not an ACCOM code (a type letter and 1 or 2)")
        child.oc3 = (dob, in_touch, activ, accom)
    elif kind == "ad1":
        child.matched = out.day(get("DATE_MATCH", ""), line, "DATE_MATCH")
