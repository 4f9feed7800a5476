"""Background work of the performance room, run by the task worker that `scrutiny serve` starts."""

from __future__ import annotations

from django.tasks import task

from scrutiny.performance.models import ReturnUpload, UploadStatus
from scrutiny.performance.uploads import upload_run


@task
def run_return_upload(upload_id: int) -> str:
    upload = ReturnUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).first()
    if upload is None:
        return "already run"
    return str(upload_run(upload).status)
