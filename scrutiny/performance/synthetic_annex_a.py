"""Synthetic Ofsted Annex A workbooks, for the demo, the tests and the benchmark.

Every row is invented: identifiers are random, ages are drawn from a range, and dates of birth
are left empty. The lists use Ofsted's January 2024 headers (data-standards.md §4), with the
curly quotes and stray bracket of the real template, so that the reader's header matching is
exercised.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

#: Lists 1 to 9, each with its headers after the five that start every list.
COMMON = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age"]
HEADERS = {
    1: ["Date of Contact", "Contact Source"],
    2: ["Assessment start date", "Assessment completion date", "Organisation completing assessment"],
    3: [
        "Date of Referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    4: [
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children’s social care support?",  # noqa: RUF001 - as Ofsted writes it
        "Allocated Team",
        "Allocated Worker",
    ],
    5: [
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ],
    6: ["Does the Child have a Disability", "CIN Start Date", "Primary Need Code", "CIN Closure Date", "Case Status"],
    7: [
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ],
    8: [
        "UASC within the Last 12 Months (Y/N))",
        "Does the Child have a Disability",
        "Date Started to be Looked After",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "number of ‘Missing’ episodes in 12 months",  # noqa: RUF001 - as Ofsted writes it
        "Allocated Team",
        "Allocated Worker",
    ],
    9: [
        "UASC (or formerly UASC if 18+) (Y/N)",
        "Does the Child have a Disability",
        "Allocated Team",
        "Allocated Worker",
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
}
NAMES = {
    1: "List 1 Contacts",
    2: "List 2 Early Help",
    3: "List 3 Referrals",
    4: "List 4 Assessments",
    5: "List 5 Section 47",
    6: "List 6 CIN",
    7: "List 7 CP",
    8: "List 8 CLA",
    9: "List 9 Care Leavers",
}


def _yes(chance: float, rng: random.Random) -> str:
    return "Yes" if rng.random() < chance else "No"


def _row(number: int, rng: random.Random, extract: date, window: int) -> list[object]:
    def back(low: int, high: int) -> date:
        return extract - timedelta(days=rng.randint(low, high))

    age = rng.randint(0, 17) if number != 9 else rng.randint(18, 21)
    common: list[object] = [f"A{rng.randrange(10**9):09d}", rng.choice(["Male", "Female"]), "Refused", None, age]
    if number == 1:
        return [*common, back(0, window), rng.choice(["Police", "Schools", "Health services", "Individual"])]
    if number == 2:
        start = back(30, window)
        done = start + timedelta(days=rng.randint(5, 90)) if rng.random() < 0.8 else None
        return [*common, start, done if done and done <= extract else None, "Early help hub"]
    if number == 3:
        count = rng.choices([1, 2, 3], weights=[75, 18, 7])[0]
        return [*common, back(0, window), "Police", _yes(0.06, rng), count, "Front door", "Worker"]
    if number == 4:
        start = back(20, window)
        done = start + timedelta(days=rng.randint(10, 80))
        return [
            *common,
            "No",
            start,
            _yes(0.95, rng),
            done if done <= extract else None,
            _yes(0.6, rng),
            "Assessment",
            "Worker",
        ]
    if number == 5:
        start = back(20, window)
        held = start + timedelta(days=rng.randint(5, 30)) if rng.random() < 0.4 else None
        held = held if held and held <= extract else None
        return [*common, "No", start, "No", held, "Yes" if held else None, 1, 1 if held else 0, "CP team", "Worker"]
    if number == 6:
        return [*common, "No", back(0, window), "N1", None, "CIN plan"]
    if number == 7:
        start = back(10, 900)
        ended = start + timedelta(days=rng.randint(60, 500)) if rng.random() < 0.3 else None
        review = max(start + timedelta(days=60), back(0, 220)) if (extract - start).days > 100 else None
        visit = back(0, 20)
        return [
            *common,
            "No",
            start,
            "Neglect",
            "Neglect",
            visit,
            _yes(0.7, rng),
            review,
            ended if ended and ended <= extract else None,
            rng.choice([0, 0, 0, 1, 2]),
            "CP team",
            "Worker",
        ]
    if number == 8:
        start = back(5, 2500)
        return [
            *common,
            "No",
            "No",
            start,
            back(0, 220) if (extract - start).days > 30 else None,
            back(0, 60),
            back(0, 420),
            back(0, 420),
            rng.choices([1, 2, 3, 4], weights=[70, 20, 7, 3])[0],
            None,
            0,
            "Children in care",
            "Worker",
        ]
    return [
        *common,
        "No",
        "No",
        "Leaving care",
        "Worker",
        "Adviser",
        "Relevant",
        back(0, 260),
        rng.choice(["Yes", "Yes", "Yes", "No", "NREQ"]),
        back(0, 90),
        "Independent living",
        rng.choice(["Suitable", "Suitable", "Suitable", "Not suitable"]),
        "Education",
    ]


def build_annex_a(path: Path, extract: date, rows: int = 200, seed: int = 1, window: int = 365) -> Path:
    """Write an invented Annex A workbook of lists 1 to 9, ``rows`` rows each (lists 8 and 9
    fewer), to ``path``."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    for number, headers in HEADERS.items():
        sheet = book.create_sheet(NAMES[number])
        sheet.append([f"Annex A {NAMES[number]}: invented data for a demonstration"])
        sheet.append([])
        sheet.append(COMMON + headers)
        count = rows if number not in {8, 9} else max(1, rows // 2)
        for _ in range(count):
            sheet.append(_row(number, rng, extract, window))
    book.save(path)
    return path
