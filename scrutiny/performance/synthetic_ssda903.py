"""Synthetic SSDA903 returns: fictional looked-after children and care leavers, as CSV files.

As with the CIN census generator, each child's whole history is drawn from a generator seeded by
the LA, the seed and the child's number, so the same child is the same in every year's files. A
year's files hold the children looked after at some point in the year, with each child's episodes
back to the start of that period of care, and the care leavers whose 17th to 21st birthday falls in
the year. No real child is in them.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scrutiny.clocks.workdays import add_months

FIRST_DAY = date(2012, 4, 1)
LAST_DAY = date(2028, 3, 31)
_SPAN = (LAST_DAY - FIRST_DAY).days
_PLACES = ("U4", "U6", "U1", "U3", "K2", "R1", "P1", "U5")
_PLACE_WEIGHTS = (30, 30, 10, 10, 10, 3, 5, 2)
_STATUS = ("C2", "V2", "C1", "E1", "J1")
_STATUS_WEIGHTS = (55, 25, 12, 5, 3)
_ENDINGS = ("E4A", "E45", "E11", "E8", "E41", "E13", "E5", "E17", "E3")
_ENDING_WEIGHTS = (30, 12, 10, 10, 8, 8, 10, 8, 4)
FILES = ("header", "episodes", "missing", "oc2", "oc3", "ad1", "sw_episodes")


@dataclass
class _Episode:
    start: date
    end: date | None
    rne: str
    ls: str
    place: str
    rec: str


@dataclass
class _Child:
    number: int
    dob: date
    episodes: list[_Episode] = field(default_factory=list)
    missing: list[tuple[str, date, date]] = field(default_factory=list)
    workers: list[tuple[str, date, date | None]] = field(default_factory=list)
    matched: date | None = None
    leaver: tuple[str, str, str] | None = None  # IN_TOUCH, ACTIV, ACCOM

    @property
    def care_start(self) -> date:
        return self.episodes[0].start

    @property
    def care_end(self) -> date | None:
        return self.episodes[-1].end


def child_in_care(seed: str, number: int) -> _Child:
    rng = random.Random(f"{seed}:{number}")
    entered = FIRST_DAY + timedelta(days=rng.randrange(_SPAN))
    age = rng.choices(range(18), (9, 5, 5, 5, 5, 4, 4, 4, 4, 4, 5, 5, 6, 7, 8, 8, 7, 5))[0]
    dob = entered - timedelta(days=365 * age + rng.randrange(365))
    child = _Child(number, dob)
    eighteen = add_months(dob, 216)
    months = rng.choice((1, 3, 6, 10, 18, 30, 48, 72, 120))
    leaves = min(add_months(entered, months), eighteen)
    status = rng.choices(_STATUS, _STATUS_WEIGHTS)[0]
    place = rng.choices(_PLACES, _PLACE_WEIGHTS)[0]
    start, rne = entered, "S"
    adopted = status in {"E1", "C2"} and age < 4 and rng.random() < 0.45
    if adopted:  # placed for adoption about a year and a half after coming into care
        leaves = entered + timedelta(days=rng.randint(300, 800))
    while True:
        step = timedelta(days=rng.choices((90, 200, 365, 700, 1100, 1600), (10, 15, 20, 20, 20, 15))[0])
        nxt = start + step
        if nxt >= leaves:
            break
        child.episodes.append(_Episode(start, nxt, rne, status, place, "X1"))
        start = nxt
        if adopted and rng.random() < 0.5:
            status, rne = "E1", "L"
        elif rng.random() < 0.25:
            status, rne = rng.choices(_STATUS[:2], _STATUS_WEIGHTS[:2])[0], "L"
        else:
            place, rne = rng.choices(_PLACES, _PLACE_WEIGHTS)[0], "P"
    if adopted:
        child.episodes.append(_Episode(start, leaves, rne, status, place, "X1"))
        placed = leaves
        leaves = placed + timedelta(days=rng.randint(120, 300))
        child.episodes.append(_Episode(placed, leaves, "P", "E1", "A6", rng.choice(("E11", "E12"))))
        child.matched = placed - timedelta(days=rng.randint(20, 90))
    else:
        ending = "E8" if leaves >= eighteen else rng.choices(_ENDINGS, _ENDING_WEIGHTS)[0]
        child.episodes.append(_Episode(start, leaves, rne, status, place, ending))
    day = entered
    while day < leaves:  # about one child in nine goes missing in a year of care
        if rng.random() < 0.11:
            gone = day + timedelta(days=rng.randrange(365))
            if gone < leaves:
                child.missing.append((rng.choice("MMMA"), gone, gone + timedelta(days=rng.randint(0, 3))))
        day += timedelta(days=365)
    worker_start = entered
    n = 0
    while worker_start < leaves:
        worker_end = worker_start + timedelta(days=rng.randint(60, 420))
        child.workers.append((f"SW{seed[-3:]}{rng.randrange(900):03d}{n}", worker_start, worker_end))
        worker_start = worker_end
        n += 1
    if leaves >= add_months(dob, 204) and not adopted:  # in care at 17: a care leaver
        child.leaver = (
            rng.choices(("YES", "NO", "REFU", "NREQ"), (88, 5, 4, 3))[0],
            rng.choices(("F1", "F2", "F5", "P5", "F4", "G5", "G4", "G6"), (10, 20, 18, 6, 5, 30, 6, 5))[0],
            rng.choices(("U1", "Z1", "E1", "D1", "B1", "S2", "W2", "R1"), (30, 20, 12, 12, 15, 4, 3, 4))[0],
        )
    return child


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def write_ssda903(folder: Path, la_code: str, year: int, children: int, seed: str = "demo") -> list[Path]:
    """Write reporting ``year``'s SSDA903 CSV files for ``children`` looked-after children."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.csv" for name in FILES}
    handles = {name: path.open("w", newline="", encoding="utf-8") for name, path in paths.items()}
    writers = {name: csv.writer(handle, lineterminator="\n") for name, handle in handles.items()}
    writers["header"].writerow(["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"])
    writers["episodes"].writerow(
        ["CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE",
         "HOME_POST", "PL_POST", "URN"]
    )  # fmt: skip
    writers["missing"].writerow(["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"])
    writers["oc2"].writerow(
        ["CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK",
         "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]
    )  # fmt: skip
    writers["oc3"].writerow(["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"])
    writers["ad1"].writerow(
        ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
    )
    writers["sw_episodes"].writerow(["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"])
    found = number = 0
    try:
        while found < children:
            number += 1
            child = child_in_care(f"{seed}:{la_code}", number)
            looked_after = child.care_start <= end and (child.care_end is None or child.care_end >= start)
            birthdays = [add_months(child.dob, 12 * age) for age in range(17, 22)]
            leaving = child.leaver is not None and any(start <= day <= end for day in birthdays)
            if not looked_after and not leaving:
                continue
            found += 1
            key = f"SYN{la_code}{number:07d}"
            sex = "M" if number % 2 else "F"
            writers["header"].writerow([key, sex, _d(child.dob), "NOBT", "", "", ""])
            if looked_after:
                for e in child.episodes:
                    if e.start > end:
                        break
                    ended = e.end if e.end and e.end <= end else None
                    writers["episodes"].writerow(
                        [key, _d(e.start), e.rne, e.ls, "N1", e.place, "PR1", _d(ended), e.rec if ended else "", "",
                         "", "", ""]
                    )  # fmt: skip
                for what, gone, back in child.missing:
                    if gone <= end:
                        writers["missing"].writerow(
                            [key, _d(child.dob), what, _d(gone), _d(back if back <= end else None)]
                        )
                for worker, began, stopped in child.workers:
                    if began <= end:
                        writers["sw_episodes"].writerow(
                            [key, _d(child.dob), worker, _d(began), _d(stopped if stopped and stopped <= end else None),
                             ""]
                        )  # fmt: skip
                if child.care_start <= date(year - 1, 3, 31) and (child.care_end is None or child.care_end > end):
                    healthy = number % 10 != 0
                    writers["oc2"].writerow(
                        [key, _d(child.dob), "", "", "0", "1", int(number % 6 != 0), int(number % 5 != 0),
                         int(healthy), "0", "", ""]
                    )  # fmt: skip
                if child.matched and child.care_end and start <= child.care_end <= end:
                    writers["ad1"].writerow([key, _d(child.dob), "", _d(child.matched), "0", "2", "MF", "L0"])
            if leaving and child.leaver:
                writers["oc3"].writerow([key, _d(child.dob), *child.leaver])
    finally:
        for handle in handles.values():
            handle.close()
    return list(paths.values())
