"""Riverbank's evidence library for a year of scrutiny (2025-26): board minutes, an audit report,
data packs, a youth-forum summary, links to what the partnership published, and an old threshold
document superseded by the new one.

Every file is tiny and made here (a one-page PDF, a CSV of aggregate figures, a text summary):
no real documents, no real people, no child-level data. Tags are added only where the framework
or theme is loaded. Building twice changes nothing: items are found by title.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from scrutiny.accounts.models import User
from scrutiny.evidence.models import EvidenceItem
from scrutiny.evidence.services import evidence_add_file, evidence_add_link, evidence_add_version, evidence_supersede
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.models import Agency, Partnership


def tiny_pdf(title: str, lines: list[str]) -> bytes:
    """A valid one-page PDF showing a title and a few lines of text (Helvetica, Latin-1)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    operations = ["BT", "/F1 16 Tf", "72 770 Td", f"({text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        operations += ["0 -22 Td", f"({text(line)}) Tj"]
    operations.append("ET")
    stream = "\n".join(operations).encode("latin-1", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _csv(rows: list[list[str]]) -> bytes:
    return "".join(",".join(row) + "\r\n" for row in rows).encode()


@dataclass(frozen=True)
class DemoFile:
    name: str
    content: bytes
    note: str = ""


@dataclass(frozen=True)
class DemoEvidence:
    title: str
    description: str
    dated: date
    added_by: str  # the demo user's e-mail
    files: list[DemoFile] = field(default_factory=list)  # versions, oldest first
    url: str = ""
    agency: str = ""
    requirements: list[str] = field(default_factory=list)  # codes, framework-key:REF
    themes: list[str] = field(default_factory=list)  # theme codes
    superseded_by: str = ""  # the title of the item that replaces it
    superseded_reason: str = ""


MANAGER = "manager.riverbank@demo.example.org"
SCRUTINEER = "scrutineer@demo.example.org"
CONTRIBUTOR = "contributor.riverbank@demo.example.org"
COUNCIL = "Riverbank Borough Council (demo)"

LIBRARY: list[DemoEvidence] = [
    DemoEvidence(
        title="Partnership board minutes, June 2025",
        description="Minutes of the quarterly board. Agreed the 2025-26 priorities and the scrutiny plan.",
        dated=date(2025, 6, 18),
        added_by=MANAGER,
        files=[
            DemoFile(
                "board-minutes-2025-06.pdf",
                tiny_pdf(
                    "Riverbank Safeguarding Children Partnership (demo)",
                    [
                        "Board minutes, 18 June 2025 - fictional",
                        "Present: the three lead partners, the independent scrutineer, relevant agencies.",
                        "1. Priorities for 2025-26 agreed: neglect, exploitation, voice of children.",
                        "2. Independent scrutiny plan for 2025-26 agreed.",
                    ],
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F1", "six-steps:STEP-1"],
        themes=["partnership-governance"],
    ),
    DemoEvidence(
        title="Partnership board minutes, December 2025",
        description="Minutes of the December board, first as circulated, then as approved.",
        dated=date(2025, 12, 10),
        added_by=MANAGER,
        files=[
            DemoFile(
                "board-minutes-2025-12-draft.pdf",
                tiny_pdf("Board minutes, 10 December 2025 (draft)", ["Draft for comment - fictional"]),
                note="Draft circulated for comment",
            ),
            DemoFile(
                "board-minutes-2025-12.pdf",
                tiny_pdf(
                    "Board minutes, 10 December 2025",
                    ["Approved at the board on 11 March 2026 - fictional", "Scrutineer's mid-year report received."],
                ),
                note="Approved at the board on 11 March 2026",
            ),
        ],
        requirements=["wt2023-scrutiny-functions:F1", "six-steps:STEP-1", "six-steps:STEP-2"],
        themes=["partnership-governance"],
    ),
    DemoEvidence(
        title="Multi-agency audit of the front door: findings report",
        description="Audit of 30 contacts to the front door, with the scrutineer observing the moderation.",
        dated=date(2025, 9, 30),
        added_by=SCRUTINEER,
        agency=COUNCIL,
        files=[
            DemoFile(
                "front-door-audit-2025.pdf",
                tiny_pdf(
                    "Multi-agency audit of the front door, 2025 - fictional",
                    [
                        "30 contacts audited by four agencies.",
                        "Strength: timely decisions on most contacts.",
                        "Area for improvement: feedback to referrers.",
                    ],
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F3", "six-steps:STEP-4"],
        themes=["front-door", "quality-assurance"],
    ),
    DemoEvidence(
        title="Quarterly data pack, Q2 2025-26",
        description="The partnership's agreed data set for July to September 2025. Aggregates only.",
        dated=date(2025, 10, 31),
        added_by=MANAGER,
        files=[
            DemoFile(
                "data-pack-2025-26-q2.csv",
                _csv(
                    [
                        ["indicator", "july", "august", "september"],
                        ["contacts to the front door", "612", "540", "655"],
                        ["referrals to children's social care", "171", "150", "189"],
                        ["child protection plans started", "24", "19", "27"],
                        ["early help assessments started", "88", "71", "94"],
                    ]
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F2"],
        themes=["quality-assurance", "early-help"],
    ),
    DemoEvidence(
        title="Youth forum summary: feeling safe online",
        description="What the youth forum told the scrutineer in November, and what partners said they would do.",
        dated=date(2025, 11, 15),
        added_by=SCRUTINEER,
        files=[
            DemoFile(
                "youth-forum-2025-11.txt",
                (
                    b"Youth forum session with the independent scrutineer, 15 November 2025 (fictional).\n"
                    b"\n"
                    b"What young people said:\n"
                    b"- Most feel safe at school but less so online.\n"
                    b"- They want to know who to tell and what happens next.\n"
                    b"\n"
                    b"What partners said they would do:\n"
                    b"- Co-produce online-safety guidance with the forum by March 2026.\n"
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F4", "six-steps:STEP-3"],
        themes=["voice", "online-harm"],
    ),
    DemoEvidence(
        title="Published safeguarding arrangements",
        description="The arrangements as published on the partnership's website.",
        dated=date(2025, 4, 1),
        added_by=MANAGER,
        url="https://riverbank.example.org/safeguarding/arrangements",
        requirements=["wt2023-scrutiny-functions:F7"],
        themes=["partnership-governance"],
    ),
    DemoEvidence(
        title="Yearly report 2024-25",
        description="The partnership's yearly report for 2024-25, with the scrutineer's statement.",
        dated=date(2025, 9, 26),
        added_by=MANAGER,
        url="https://riverbank.example.org/safeguarding/yearly-report-2024-25",
        requirements=["wt2023-scrutiny-functions:F7"],
    ),
    DemoEvidence(
        title="Working Together to Safeguard Children 2023",
        description="The statutory guidance the arrangements follow.",
        dated=date(2023, 12, 15),
        added_by=SCRUTINEER,
        url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    ),
    DemoEvidence(
        title="Multi-agency training evaluation, 2025",
        description="Course evaluations and three-month follow-up of practice change. Aggregates only.",
        dated=date(2025, 12, 1),
        added_by=MANAGER,
        files=[
            DemoFile(
                "training-evaluation-2025.csv",
                _csv(
                    [
                        ["course", "attendees", "rated good or better (%)", "reported practice change (%)"],
                        ["Recognising neglect", "84", "92", "61"],
                        ["Exploitation: spotting the signs", "66", "89", "55"],
                        ["Voice of the child in assessments", "41", "95", "70"],
                    ]
                ),
            )
        ],
        requirements=["six-steps:STEP-5"],
        themes=["training"],
    ),
    DemoEvidence(
        title="Oakfield Academies Trust: section 175 safeguarding return",
        description="The trust's yearly safeguarding self-assessment for its schools.",
        dated=date(2025, 11, 28),
        added_by=CONTRIBUTOR,
        agency="Oakfield Academies Trust (demo)",
        files=[
            DemoFile(
                "oakfield-s175-2025.pdf",
                tiny_pdf(
                    "Oakfield Academies Trust (demo): section 175 return 2025",
                    ["All schools have a trained designated safeguarding lead.", "Fictional data for the demo."],
                ),
            )
        ],
        requirements=["six-steps:STEP-2"],
        themes=["education"],
    ),
    DemoEvidence(
        title="Rapid review timeliness, 2025-26",
        description="Rapid reviews by month and whether each was completed within 15 working days. Counts only.",
        dated=date(2026, 1, 31),
        added_by=MANAGER,
        files=[
            DemoFile(
                "rapid-review-timeliness-2025-26.csv",
                _csv(
                    [
                        ["month", "rapid reviews", "completed within 15 working days"],
                        ["2025-05", "1", "1"],
                        ["2025-08", "2", "1"],
                        ["2025-11", "1", "1"],
                        ["2026-01", "1", "1"],
                    ]
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F3"],
        themes=["learning-from-reviews"],
    ),
    DemoEvidence(
        title="Practitioner focus group notes: neglect",
        description="Notes from a focus group with frontline practitioners from five agencies.",
        dated=date(2026, 2, 12),
        added_by=SCRUTINEER,
        files=[
            DemoFile(
                "focus-group-neglect-2026-02.txt",
                (
                    b"Practitioner focus group on neglect, 12 February 2026 (fictional).\n"
                    b"Practitioners know the neglect toolkit but use it unevenly.\n"
                    b"Schools asked for quicker feedback after they refer.\n"
                ),
            )
        ],
        requirements=["wt2023-scrutiny-functions:F5"],
        themes=["neglect", "jtai-neglect"],
    ),
    DemoEvidence(
        title="Threshold document 2025",
        description="Levels of need and how to get help: agreed by the partnership in 2025.",
        dated=date(2025, 7, 1),
        added_by=MANAGER,
        agency=COUNCIL,
        files=[DemoFile("threshold-document-2025.pdf", tiny_pdf("Threshold document 2025 - fictional", []))],
        themes=["front-door", "early-help"],
    ),
    DemoEvidence(
        title="Threshold document 2023",
        description="The previous levels-of-need document.",
        dated=date(2023, 4, 1),
        added_by=MANAGER,
        agency=COUNCIL,
        files=[DemoFile("threshold-document-2023.pdf", tiny_pdf("Threshold document 2023 - fictional", []))],
        themes=["front-door", "early-help"],
        superseded_by="Threshold document 2025",
        superseded_reason="Replaced by the threshold document agreed in July 2025.",
    ),
]


def _requirements(codes: list[str]) -> list[Requirement]:
    found = []
    for code in codes:
        key, _, ref = code.partition(":")
        requirement = Requirement.objects.filter(
            framework__key=key, framework__partnership__isnull=True, framework__is_current=True, ref=ref
        ).first()
        if requirement is not None:
            found.append(requirement)
    return found


def _themes(codes: list[str]) -> list[Theme]:
    return list(Theme.objects.filter(code__in=codes, partnership__isnull=True))


def _upload(demo_file: DemoFile) -> SimpleUploadedFile:
    return SimpleUploadedFile(demo_file.name, demo_file.content)


def _add(partnership: Partnership, spec: DemoEvidence, user: User) -> EvidenceItem:
    details: dict[str, Any] = {
        "description": spec.description,
        "dated": spec.dated,
        "agency": Agency.objects.filter(name=spec.agency).first() if spec.agency else None,
        "requirements": _requirements(spec.requirements),
        "themes": _themes(spec.themes),
    }
    if spec.url:
        return evidence_add_link(partnership=partnership, title=spec.title, url=spec.url, added_by=user, **details)
    first, *later = spec.files
    item = evidence_add_file(
        partnership=partnership, title=spec.title, upload=_upload(first), added_by=user, note=first.note, **details
    )
    for version in later:
        evidence_add_version(item=item, upload=_upload(version), uploaded_by=user, note=version.note)
    return item


@transaction.atomic
def build_evidence_demo() -> None:
    """Add Riverbank's evidence library (after the foundation demo has made its people)."""
    partnership = Partnership.objects.filter(slug="riverbank").first()
    if partnership is None:
        return
    users = {user.email: user for user in User.objects.filter(email__in={spec.added_by for spec in LIBRARY})}
    for spec in LIBRARY:
        if EvidenceItem.objects.filter(partnership=partnership, title=spec.title).exists():
            continue
        if spec.added_by not in users:
            continue
        item = _add(partnership, spec, users[spec.added_by])
        if spec.superseded_by:
            replacement = EvidenceItem.objects.filter(partnership=partnership, title=spec.superseded_by).first()
            evidence_supersede(
                item=item, reason=spec.superseded_reason, superseded_by=replacement, by=users[spec.added_by]
            )
