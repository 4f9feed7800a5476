"""Tiny files of every accepted type (and some that are not), made in code."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"This program cannot be run in DOS mode"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
CSV = b"indicator,quarter,value\nreferrals,Q1,120\nreferrals,Q2,131\n"
TXT = b"Youth forum summary: young people said they feel safer at school.\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def ooxml(folder: str) -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", f"{folder}/document.xml": b"<doc/>"})


def odf(kind: str) -> bytes:
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}".encode(), "content.xml": b"<x/>"})


DOCX = ooxml("word")
XLSX = ooxml("xl")
PPTX = ooxml("ppt")
ODT = odf("text")
ODS = odf("spreadsheet")
ZIP = _zip({"readme.txt": b"hello"})

ACCEPTED: dict[str, bytes] = {
    "minutes.pdf": PDF,
    "report.docx": DOCX,
    "data.xlsx": XLSX,
    "slides.pptx": PPTX,
    "notes.odt": ODT,
    "figures.ods": ODS,
    "data.csv": CSV,
    "summary.txt": TXT,
    "chart.png": PNG,
    "photo.jpg": JPEG,
    "photo.jpeg": JPEG,
}


def upload(
    name: str = "minutes.pdf", content: bytes = PDF, content_type: str = "application/pdf"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
