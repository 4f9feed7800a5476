"""What may be uploaded as evidence, and how a stored file is sent back.

A file is accepted only when its extension is on the allow-list AND its contents are of that type
(checked from its first bytes and, for Office and OpenDocument files, from the names inside the
ZIP container): an ``.exe`` renamed ``.pdf`` is refused. The content type we store and send is the
one of the detected type, never the one the browser claimed.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404

from scrutiny.evidence.models import EvidenceVersion


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str


#: The allow-list, by the type the contents show, with the extensions each may carry.
FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf"),
    "docx": FileType("Word (DOCX)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": FileType("Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": FileType("PowerPoint (PPTX)", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "odt": FileType("OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text"),
    "ods": FileType("OpenDocument spreadsheet (ODS)", "application/vnd.oasis.opendocument.spreadsheet"),
    "csv": FileType("CSV", "text/csv"),
    "txt": FileType("plain text (TXT)", "text/plain"),
    "png": FileType("PNG image", "image/png"),
    "jpeg": FileType("JPEG image", "image/jpeg"),
}
#: Extension (lower case, no dot) to the type its contents must be. CSV is text, so a text file
#: passes as CSV and the other way round.
EXTENSIONS: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx"}),
    "xlsx": frozenset({"xlsx"}),
    "pptx": frozenset({"pptx"}),
    "odt": frozenset({"odt"}),
    "ods": frozenset({"ods"}),
    "csv": frozenset({"text"}),
    "txt": frozenset({"text"}),
    "png": frozenset({"png"}),
    "jpg": frozenset({"jpeg"}),
    "jpeg": frozenset({"jpeg"}),
}
ALLOWED_TYPES_TEXT = (
    "PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), OpenDocument text or spreadsheet (ODT, ODS), "
    "CSV, plain text (TXT), PNG or JPEG"
)
#: How much of the start of a text file is read to decide that it is text.
_TEXT_SAMPLE = 64 * 1024
_OOXML_FOLDERS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
# Text that a browser could take for a page or a script is not evidence we need to accept.
_CONTROL = frozenset(chr(c) for c in [*range(0, 32), 127]) - set("\t\n\r\f\v\x1a")
_MARKUP_STARTS = (b"<!doctype html", b"<html", b"<script", b"<svg", b"<?xml", b"<head", b"<body", b"<iframe")


def max_upload_bytes() -> int:
    return int(getattr(settings, "EVIDENCE_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def _zip_type(stream: IO[bytes]) -> str | None:
    """DOCX, XLSX and PPTX carry [Content_Types].xml and a word/, xl/ or ppt/ folder; ODT and ODS
    carry a ``mimetype`` entry naming the document type. Only the ZIP directory and that one tiny
    entry are read, so a ZIP bomb is never expanded."""
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:
                for folder, kind in _OOXML_FOLDERS.items():
                    if any(name.startswith(folder) for name in names):
                        return kind
                return None
            if "mimetype" in names and archive.getinfo("mimetype").file_size <= 100:
                with archive.open("mimetype") as entry:
                    return _ODF_MIMETYPES.get(entry.read(100).strip())
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError):
        return None
    return None


def _decoded(sample: bytes) -> str | None:
    try:
        return sample.decode("utf-8")
    except UnicodeDecodeError as problem:
        # A multi-byte character cut at the end of the sample is not an error.
        if problem.start >= len(sample) - 3:
            return sample[: problem.start].decode("utf-8", errors="strict")
    try:
        return sample.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _is_text(sample: bytes) -> bool:
    """Plain text or CSV: decodes as UTF-8 (with or without a byte-order mark) or as Windows-1252
    (what spreadsheet programs often export), has no control characters but line breaks and tabs,
    and does not start as markup a browser could run."""
    if not sample:
        return False
    start = sample.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if start.startswith(_MARKUP_STARTS):
        return False
    try:
        text = _decoded(sample)
    except UnicodeDecodeError:
        return False
    return text is not None and not any(c in _CONTROL for c in text)


def sniff_file_type(stream: IO[bytes]) -> str | None:
    """The allow-listed type the contents of ``stream`` show (a key of FILE_TYPES, or "text" for
    TXT and CSV), or None. Reads from the start and leaves the stream at the start."""
    stream.seek(0)
    head = stream.read(_TEXT_SAMPLE)
    stream.seek(0)
    found: str | None = None
    if head.startswith(b"%PDF-"):
        found = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "jpeg"
    elif head.startswith(b"PK\x03\x04"):
        found = _zip_type(stream)
    elif _is_text(head):
        found = "text"
    stream.seek(0)
    return found


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def clean_original_name(name: str) -> str:
    """The uploaded name as we keep it for display and downloads: the last path part, without
    control characters, at most 255 characters (keeping the extension)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip() or "file"
    if len(base) > 255:
        stem, _, extension = base.rpartition(".")
        base = f"{stem[: 254 - len(extension)]}.{extension}" if stem else base[:255]
    return base


@dataclass(frozen=True)
class CheckedUpload:
    original_name: str
    content_type: str
    size: int
    sha256: str


def check_upload(upload: UploadedFile[Any]) -> CheckedUpload:
    """Accept an upload of an allowed type and size, or raise a ValidationError that names the
    file and says what is accepted. Nothing is stored here."""
    name = clean_original_name(upload.name or "")
    size = upload.size or 0
    limit = max_upload_bytes()
    if size == 0:
        raise ValidationError(f"“{name}” is empty. Choose the file again.", code="empty")
    if size > limit:
        raise ValidationError(
            f"“{name}” is {size / (1024 * 1024):.1f} MB: a file can be at most {limit // (1024 * 1024)} MB.",
            code="too_big",
        )
    extension = extension_of(name)
    if extension not in EXTENSIONS:
        raise ValidationError(
            f"“{name}” is not a type of file Scrutiny accepts. Upload a {ALLOWED_TYPES_TEXT} file.",
            code="type",
        )
    stream: IO[bytes] = upload.file  # type: ignore[assignment]
    found = sniff_file_type(stream)
    if found not in EXTENSIONS[extension]:
        raise ValidationError(
            f"“{name}” is not really a .{extension} file: its contents are of another type. "
            f"Upload a {ALLOWED_TYPES_TEXT} file.",
            code="contents",
        )
    detected = "csv" if extension == "csv" else ("txt" if found == "text" else found)
    assert detected is not None
    return CheckedUpload(
        original_name=name,
        content_type=FILE_TYPES[detected].content_type,
        size=size,
        sha256=sha256_of(stream),
    )


def sha256_of(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    for block in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(block)
    stream.seek(0)
    return digest.hexdigest()


def download_response(version: EvidenceVersion) -> FileResponse:
    """The file of one version as an attachment, with its original name safely encoded, the
    content type stored when it was checked, and no sniffing by the browser. The caller has
    already checked that the person may see the item."""
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file of this version is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=version.original_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
