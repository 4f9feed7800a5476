"""Loading the shipped audit standards and case file audit tools (``data/*.yaml``).

Each file is read and checked in full before anything is stored; a mistake raises
``StandardsDataError`` naming the file, the standard and the field. A shipped version already
loaded is left alone, and a file whose content changed under the same version is refused: a
version that rounds were scored against must never change in place. Runs after every ``migrate``
(see apps.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from scrutiny.audits.models import AuditKind, Standard, StandardsFramework

DATA_DIR = Path(__file__).with_name("data")


class StandardsDataError(ImproperlyConfigured):
    """A shipped standards file is wrong; the message names the file, the standard and the field."""


@dataclass(frozen=True)
class StandardsFile:
    path: Path
    data: dict[str, Any]
    content_hash: str

    @property
    def key(self) -> str:
        return str(self.data["key"])

    @property
    def version(self) -> str:
        return str(self.data["version"])


def _text(where: str, item: dict[str, Any], name: str, *, required: bool = False, limit: int = 0) -> str:
    value = item.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        raise StandardsDataError(f"{where}: field {name!r} must be text")
    text = str(value).strip()
    if required and not text:
        raise StandardsDataError(f"{where}: field {name!r} is missing")
    if limit and len(text) > limit:
        raise StandardsDataError(f"{where}: field {name!r} is longer than {limit} characters")
    return text


def read_file(path: Path) -> StandardsFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise StandardsDataError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise StandardsDataError(f"{path}: expected a mapping with key, version, title and standards")
    for name in ("key", "version", "title"):
        _text(str(path), data, name, required=True, limit=200)
    kind = data.get("kind", AuditKind.CASE_FILE if "domains" in data else "")
    if kind not in AuditKind.values:
        raise StandardsDataError(f"{path}: field 'kind' must be one of {', '.join(AuditKind.values)}")
    data["kind"] = kind
    rows = data.get("domains" if kind == AuditKind.CASE_FILE else "standards")
    if not isinstance(rows, list) or not rows:
        raise StandardsDataError(f"{path}: no standards (or domains) listed")
    refs: set[str] = set()
    for number, row in enumerate(rows, start=1):
        where = f"{path}, standard {number}"
        if not isinstance(row, dict):
            raise StandardsDataError(f"{where}: expected a mapping")
        ref = _text(where, row, "ref", required=True, limit=20)
        if ref in refs:
            raise StandardsDataError(f"{where}: ref {ref!r} is used twice")
        refs.add(ref)
        _text(f"{path}, standard {ref}", row, "title", required=True, limit=300)
        questions = row.get("questions", [])
        if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
            raise StandardsDataError(f"{path}, standard {ref}: field 'questions' must be a list of text")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return StandardsFile(path=path, data=data, content_hash=digest)


def load_shipped_standards(directory: Path = DATA_DIR) -> list[str]:
    """Load every file in ``directory`` not yet loaded; return what was loaded."""
    files = [read_file(path) for path in sorted(directory.glob("*.yaml"))]
    loaded: list[str] = []
    with transaction.atomic():
        for spec in files:
            existing = StandardsFramework.objects.filter(partnership__isnull=True, key=spec.key, version=spec.version)
            found = existing.first()
            if found is not None:
                if found.content_hash != spec.content_hash:
                    raise StandardsDataError(
                        f"{spec.path}: version {spec.version!r} of {spec.key!r} was loaded with different content. "
                        "Shipped versions never change in place: give the changed file a new version number."
                    )
                continue
            _create(spec)
            loaded.append(f"{spec.key} {spec.version}")
    return loaded


def _create(spec: StandardsFile) -> StandardsFramework:
    data = spec.data
    framework = StandardsFramework.objects.create(
        kind=data["kind"],
        key=spec.key,
        version=spec.version,
        title=str(data["title"]).strip(),
        description=str(data.get("description") or "").strip(),
        source=str(data.get("source") or "").strip(),
        content_hash=spec.content_hash,
    )
    rows = data.get("domains") or data.get("standards") or []
    Standard.objects.bulk_create(
        Standard(
            framework=framework,
            ref=str(row["ref"]).strip(),
            title=str(row["title"]).strip(),
            description=str(row.get("description") or "").strip(),
            evidence_hint=str(row.get("evidence") or "").strip(),
            questions="\n".join(row.get("questions") or []),
            verified=bool(row.get("verified", True)),
            order=number,
        )
        for number, row in enumerate(rows, start=1)
    )
    return framework
