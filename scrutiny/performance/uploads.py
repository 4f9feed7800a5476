"""Returns uploaded through the website: checked, parked outside the web root, imported by the
task worker with its progress shown, and then deleted whatever the outcome."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.partnerships.models import Partnership
from scrutiny.performance.figures import AreaChoiceError
from scrutiny.performance.importing import import_annex_a, import_cin, import_ssda903
from scrutiny.performance.models import ReturnKind, ReturnUpload, UploadStatus
from scrutiny.performance.returns.problems import ReturnRejected

#: What each kind of return arrives as.
EXTENSIONS = {ReturnKind.CIN: {".xml"}, ReturnKind.SSDA903: {".csv"}, ReturnKind.ANNEX_A: {".xlsx"}}


def waiting_room() -> Path:
    """Uploaded returns wait here, outside MEDIA_ROOT and the static files, until imported."""
    return Path(settings.VAR_DIR) / "returns-waiting"


#: The field a refused file is named by: the upload form's, so a page shows it by the file chooser.
FILES = "return_files"


def _check(kind: str, files: Iterable[UploadedFile[Any]]) -> list[UploadedFile[Any]]:
    chosen = list(files)
    limit = int(settings.SCRUTINY_MAX_RETURN_BYTES)
    if not chosen:
        raise ValidationError({FILES: "Choose the file to import."})
    if kind == ReturnKind.CIN and len(chosen) > 1:
        raise ValidationError({FILES: "A CIN census is one XML file: choose one file."})
    if kind == ReturnKind.ANNEX_A and len(chosen) > 1:
        raise ValidationError({FILES: "An Annex A return is one Excel workbook: choose one file."})
    for upload in chosen:
        name = upload.name or ""
        if Path(name).suffix.lower() not in EXTENSIONS[ReturnKind(kind)]:
            wanted = " or ".join(sorted(EXTENSIONS[ReturnKind(kind)]))
            label = ReturnKind(kind).label
            article = "an" if label[0] in "AEIOU" else "a"
            raise ValidationError({FILES: f"{name} is not a {wanted} file: {article} {label} comes as {wanted}."})
        if (upload.size or 0) > limit:
            raise ValidationError(
                {FILES: f"{name} is {upload.size:,} bytes; the largest return accepted is {limit:,} bytes."}
            )
        if not upload.size:
            raise ValidationError({FILES: f"{name} is empty."})
    return chosen


def upload_create(
    *,
    partnership: Partnership,
    kind: str,
    files: Iterable[UploadedFile[Any]],
    user: User,
    year: int | None = None,
    la: str = "",
    extract_date: date | None = None,
) -> ReturnUpload:
    """Check and park the files, record the upload, and queue its import once saved."""
    from scrutiny.performance.tasks import run_return_upload

    chosen = _check(kind, files)
    folder = secrets.token_hex(16)
    place = waiting_room() / folder
    place.mkdir(parents=True, exist_ok=False)
    names = []
    for index, given in enumerate(chosen):
        names.append(Path(given.name or f"file{index}").name)
        with (place / f"{index}{Path(given.name or '').suffix.lower()}").open("wb") as out:
            for chunk in given.chunks():
                out.write(chunk)
    record = ReturnUpload.objects.create(
        partnership=partnership,
        kind=kind,
        year=year,
        la=la,
        extract_date=extract_date,
        names=names,
        folder=folder,
        uploaded_by=user,
    )
    transaction.on_commit(lambda: run_return_upload.enqueue(record.pk))
    return record


def upload_run(upload: ReturnUpload) -> ReturnUpload:
    """Import the parked files, record the outcome, and delete the files."""
    place = waiting_room() / upload.folder
    paths = sorted(place.iterdir(), key=lambda path: int(path.stem)) if place.exists() else []
    upload.status = UploadStatus.RUNNING
    upload.save(update_fields=["status"])

    def progress(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        if percent >= upload.progress + 5:
            upload.progress = percent
            ReturnUpload.objects.filter(pk=upload.pk).update(progress=percent)

    try:
        if not paths:
            raise ReturnRejected([])
        if upload.kind == ReturnKind.CIN:
            imported = import_cin(
                upload.partnership, paths[0], upload.uploaded_by, name=upload.names[0], progress=progress
            )
        elif upload.kind == ReturnKind.ANNEX_A:
            imported = import_annex_a(
                upload.partnership,
                paths[0],
                upload.uploaded_by,
                la=upload.la or None,
                extract_date=upload.extract_date,
                name=upload.names[0],
            )
        else:
            assert upload.year is not None
            imported = import_ssda903(
                upload.partnership,
                paths,
                upload.year,
                upload.uploaded_by,
                la=upload.la or None,
                names=upload.names,
                progress=progress,
            )
        upload.status, upload.result, upload.progress = UploadStatus.DONE, imported.record, 100
    except ReturnRejected as rejected:
        upload.status = UploadStatus.FAILED
        upload.problems = [problem.as_dict() for problem in rejected.problems]
        upload.problem_total = rejected.total
        upload.message = "The file was not imported; nothing from it was stored." if paths else "The files were lost."
    except AreaChoiceError as problem:
        upload.status, upload.message = UploadStatus.FAILED, str(problem)
    finally:
        shutil.rmtree(place, ignore_errors=True)
    upload.finished_at = timezone.now()
    upload.save()
    return upload
