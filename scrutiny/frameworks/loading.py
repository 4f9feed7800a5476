"""Reading, checking and loading the shipped frameworks and the theme taxonomy (``data/*.yaml``).

- Every file in the directory is read and checked before anything is stored. A mistake raises
  ``FrameworkDataError`` naming the file, the requirement (or theme) and the field, and stores
  nothing: a framework silently loaded in part would be judged against in part.
- A shipped (key, version) that is already loaded is left untouched. Shipped versions never change
  in place: if the file's content differs from what was loaded under the same version, loading
  fails and says to give the file a new version number.
- A new version is added beside the older ones and becomes the current one (``is_current``);
  older versions stay, because assessments made against them keep them. The version in the
  shipped file is always the current one.
- ``serves`` links ("framework-key:REF") are resolved after every framework has loaded, against
  the current version of the framework named. A serving requirement keeps the rows it was linked
  to when it was loaded; compare by ``Requirement.code``, which is stable across versions.
- The theme taxonomy has the same version guard. Its themes are single rows keyed by their stable
  code: a new version adds and relabels them, and retires (never deletes) those it drops.

Loading runs on every ``migrate`` (``post_migrate`` of this app, see apps.py) and by
``manage.py load_frameworks``. When nothing has changed it reads the files and makes two queries.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from scrutiny.frameworks.models import LOCAL_KEY, Framework, Requirement, ShippedFile, Theme, ThemeGroup

DATA_DIR = Path(__file__).with_name("data")

_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_REF = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*(\.[0-9]+)*$")
_URL = re.compile(r"^https?://\S+$")
_CODE = re.compile(r"^(?P<key>[a-z0-9]+(-[a-z0-9]+)*):(?P<ref>[A-Z][A-Z0-9]*(-[A-Z0-9]+)*(\.[0-9]+)*)$")

_FRAMEWORK_FIELDS = {"key", "version", "title", "description", "source", "source_note", "order", "requirements"}
_FRAMEWORK_REQUIRED = ("key", "version", "title", "description", "source", "requirements")
_REQUIREMENT_FIELDS = {"ref", "title", "description", "section", "source", "evidence", "verified", "children", "serves"}
_REQUIREMENT_REQUIRED = ("ref", "title", "source", "verified")
_TAXONOMY_FIELDS = {"key", "version", "title", "description", "source", "themes"}
_TAXONOMY_REQUIRED = ("key", "version", "title", "source", "themes")
_THEME_FIELDS = {"code", "label", "group", "description", "source"}
_THEME_REQUIRED = ("code", "label", "group")
#: Groups a shipped theme may have; partnership priorities are made in the app, never shipped.
_SHIPPED_GROUPS = frozenset(ThemeGroup) - {ThemeGroup.PRIORITY}


class FrameworkDataError(ImproperlyConfigured):
    """A shipped framework file is wrong, or differs from the version already loaded."""


@dataclass(frozen=True)
class RequirementSpec:
    ref: str
    title: str
    description: str
    section: str
    source: str
    evidence: str
    verified: bool
    serves: tuple[str, ...]
    children: tuple[RequirementSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    path: Path
    key: str
    version: str
    title: str
    description: str
    source: str
    source_note: str
    order: int
    requirements: tuple[RequirementSpec, ...]
    content_hash: str

    def walk(self) -> Iterator[tuple[RequirementSpec, RequirementSpec | None]]:
        """Every requirement with its parent, depth first in the file's order."""

        def visit(
            specs: Sequence[RequirementSpec], parent: RequirementSpec | None
        ) -> Iterator[tuple[RequirementSpec, RequirementSpec | None]]:
            for spec in specs:
                yield spec, parent
                yield from visit(spec.children, spec)

        return visit(self.requirements, None)


@dataclass(frozen=True)
class ThemeSpec:
    code: str
    label: str
    group: str
    description: str
    source: str


@dataclass(frozen=True)
class TaxonomySpec:
    path: Path
    key: str
    version: str
    title: str
    description: str
    source: str
    themes: tuple[ThemeSpec, ...]
    content_hash: str


@dataclass
class LoadReport:
    """What a load did, as "key version" lines."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


# --- reading and checking ----------------------------------------------------------------------


def read_directory(directory: Path = DATA_DIR) -> tuple[list[FrameworkSpec], TaxonomySpec | None]:
    """Read and check every ``*.yaml`` file in ``directory``: the frameworks, and at most one theme
    taxonomy (the file with ``themes:`` instead of ``requirements:``)."""
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise FrameworkDataError(f"{directory}: no framework files (*.yaml) found")
    frameworks: list[FrameworkSpec] = []
    taxonomy: TaxonomySpec | None = None
    keys: dict[str, Path] = {}
    for path in paths:
        spec = read_file(path)
        if spec.key in keys:
            raise FrameworkDataError(f"{path}: field 'key': {spec.key!r} is also the key of {keys[spec.key].name}")
        keys[spec.key] = path
        if isinstance(spec, TaxonomySpec):
            if taxonomy is not None:
                raise FrameworkDataError(f"{path}: a second theme taxonomy; {taxonomy.path.name} is the one")
            taxonomy = spec
        else:
            frameworks.append(spec)
    _check_serves_targets(frameworks)
    return sorted(frameworks, key=lambda spec: (spec.order, spec.key)), taxonomy


def read_file(path: Path) -> FrameworkSpec | TaxonomySpec:
    """Read and check one framework or taxonomy file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkDataError(f"{path}: cannot be read: {error.strerror}") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise FrameworkDataError(f"{path}: is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise FrameworkDataError(f"{path}: must be a mapping with key, version, title, … at the top level")
    content_hash = hashlib.sha256(
        json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    if "themes" in data and "requirements" not in data:
        return _taxonomy(path, data, content_hash)
    return _framework(path, data, content_hash)


def _framework(path: Path, data: Mapping[str, Any], content_hash: str) -> FrameworkSpec:
    where = str(path)
    _check_fields(where, data, _FRAMEWORK_FIELDS, _FRAMEWORK_REQUIRED)
    key = _key(where, data["key"])
    entries = data["requirements"]
    if not isinstance(entries, list) or not entries:
        raise FrameworkDataError(f"{where}: field 'requirements': must be a list of at least one requirement")
    seen: set[str] = set()
    requirements = tuple(_requirement(where, position, entry, seen) for position, entry in enumerate(entries, 1))
    order = data.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool) or order < 0:
        raise FrameworkDataError(f"{where}: field 'order': must be a whole number, 0 or more")
    return FrameworkSpec(
        path=path,
        key=key,
        version=_version(where, data["version"]),
        title=_text(where, "title", data["title"], max_length=200),
        description=_text(where, "description", data["description"], required=False),
        source=_url(where, "source", data["source"]),
        source_note=_text(where, "source_note", data.get("source_note", ""), required=False),
        order=order,
        requirements=requirements,
        content_hash=content_hash,
    )


def _requirement(where: str, position: int, entry: Any, seen: set[str]) -> RequirementSpec:
    if not isinstance(entry, dict):
        raise FrameworkDataError(f"{where}: requirement {position}: must be a mapping with ref, title, source, …")
    if "ref" not in entry:
        raise FrameworkDataError(f"{where}: requirement {position} (no ref): field 'ref': missing")
    ref = entry["ref"]
    if not isinstance(ref, str) or not _REF.match(ref) or len(ref) > 40:
        raise FrameworkDataError(
            f"{where}: requirement {position}: field 'ref': {ref!r} is not a reference such as SD-01, F3 or SD-01.2"
        )
    here = f"{where}: requirement {ref!r}"
    if ref in seen:
        raise FrameworkDataError(f"{here}: field 'ref': used twice in this file")
    seen.add(ref)
    _check_fields(here, entry, _REQUIREMENT_FIELDS, _REQUIREMENT_REQUIRED)
    if not isinstance(entry["verified"], bool):
        raise FrameworkDataError(f"{here}: field 'verified': must be true or false")
    serves = entry.get("serves", [])
    if not isinstance(serves, list) or not all(isinstance(code, str) and _CODE.match(code) for code in serves):
        raise FrameworkDataError(
            f"{here}: field 'serves': must be a list of codes such as wt2023-scrutiny-functions:F3, not {serves!r}"
        )
    children = entry.get("children", [])
    if not isinstance(children, list):
        raise FrameworkDataError(f"{here}: field 'children': must be a list of requirements")
    return RequirementSpec(
        ref=ref,
        title=_text(here, "title", entry["title"], max_length=300),
        description=_text(here, "description", entry.get("description", ""), required=False),
        section=_text(here, "section", entry.get("section", ""), required=False, max_length=200),
        source=_text(here, "source", entry["source"], max_length=500),
        evidence=_text(here, "evidence", entry.get("evidence", ""), required=False),
        verified=entry["verified"],
        serves=tuple(serves),
        children=tuple(_requirement(where, n, child, seen) for n, child in enumerate(children, 1)),
    )


def _taxonomy(path: Path, data: Mapping[str, Any], content_hash: str) -> TaxonomySpec:
    where = str(path)
    _check_fields(where, data, _TAXONOMY_FIELDS, _TAXONOMY_REQUIRED)
    entries = data["themes"]
    if not isinstance(entries, list) or not entries:
        raise FrameworkDataError(f"{where}: field 'themes': must be a list of at least one theme")
    themes: list[ThemeSpec] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise FrameworkDataError(f"{where}: theme {position}: must be a mapping with code, label and group")
        code = entry.get("code")
        if not isinstance(code, str) or not _KEY.match(code) or len(code) > 60:
            raise FrameworkDataError(f"{where}: theme {position}: field 'code': {code!r} is not a code such as neglect")
        here = f"{where}: theme {code!r}"
        if code in seen:
            raise FrameworkDataError(f"{here}: field 'code': used twice in this file")
        seen.add(code)
        _check_fields(here, entry, _THEME_FIELDS, _THEME_REQUIRED)
        if entry["group"] not in _SHIPPED_GROUPS:
            allowed = ", ".join(sorted(_SHIPPED_GROUPS))
            raise FrameworkDataError(f"{here}: field 'group': {entry['group']!r} is not one of {allowed}")
        themes.append(
            ThemeSpec(
                code=code,
                label=_text(here, "label", entry["label"], max_length=200),
                group=entry["group"],
                description=_text(here, "description", entry.get("description", ""), required=False),
                source=_text(here, "source", entry.get("source", ""), required=False, max_length=500),
            )
        )
    return TaxonomySpec(
        path=path,
        key=_key(where, data["key"]),
        version=_version(where, data["version"]),
        title=_text(where, "title", data["title"], max_length=200),
        description=_text(where, "description", data.get("description", ""), required=False),
        source=_url(where, "source", data["source"]),
        themes=tuple(themes),
        content_hash=content_hash,
    )


def _check_serves_targets(frameworks: Sequence[FrameworkSpec]) -> None:
    """Every ``serves`` code names a requirement of a framework shipped in the same directory."""
    refs = {spec.key: {requirement.ref for requirement, _parent in spec.walk()} for spec in frameworks}
    for spec in frameworks:
        for requirement, _parent in spec.walk():
            for code in requirement.serves:
                key, _, ref = code.partition(":")
                if ref not in refs.get(key, set()):
                    raise FrameworkDataError(
                        f"{spec.path}: requirement {requirement.ref!r}: field 'serves': {code!r} names no shipped "
                        f"requirement (frameworks: {', '.join(sorted(refs))})"
                    )


def _check_fields(where: str, entry: Mapping[str, Any], allowed: set[str], required: Sequence[str]) -> None:
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise FrameworkDataError(f"{where}: field {unknown[0]!r}: unknown (allowed: {', '.join(sorted(allowed))})")
    for name in required:
        if name not in entry:
            raise FrameworkDataError(f"{where}: field {name!r}: missing")


def _text(where: str, name: str, value: Any, *, required: bool = True, max_length: int | None = None) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise FrameworkDataError(f"{where}: field {name!r}: must be text, not {value!r}")
    text = " ".join(value.split())
    if required and not text:
        raise FrameworkDataError(f"{where}: field {name!r}: must not be empty")
    if max_length is not None and len(text) > max_length:
        raise FrameworkDataError(f"{where}: field {name!r}: longer than {max_length} characters")
    return text


def _key(where: str, value: Any) -> str:
    if not isinstance(value, str) or not _KEY.match(value) or len(value) > 60:
        raise FrameworkDataError(f"{where}: field 'key': {value!r} is not a key such as six-steps")
    if value == LOCAL_KEY:
        raise FrameworkDataError(f"{where}: field 'key': {LOCAL_KEY!r} is kept for partnerships' local requirements")
    return value


def _version(where: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > 20:
        raise FrameworkDataError(f"{where}: field 'version': {value!r} must be text in quotes, for example \"2\"")
    return value.strip()


def _url(where: str, name: str, value: Any) -> str:
    if not isinstance(value, str) or not _URL.match(value.strip()) or len(value) > 500:
        raise FrameworkDataError(f"{where}: field {name!r}: {value!r} is not a web address (http or https)")
    return value.strip()


# --- loading -----------------------------------------------------------------------------------


def load_shipped(directory: Path = DATA_DIR) -> LoadReport:
    """Load every framework and the taxonomy in ``directory``; see the module docstring."""
    frameworks, taxonomy = read_directory(directory)
    report = LoadReport()
    with transaction.atomic():
        loaded = {(row.key, row.version): row for row in ShippedFile.objects.all()}
        new_requirements: list[tuple[FrameworkSpec, RequirementSpec, Requirement]] = []
        for spec in frameworks:
            if _already_loaded(spec, loaded):
                report.unchanged.append(f"{spec.key} {spec.version}")
                continue
            new_requirements.extend(_create_framework(spec))
            ShippedFile.objects.create(
                key=spec.key, version=spec.version, file_name=spec.path.name, content_hash=spec.content_hash
            )
            report.loaded.append(f"{spec.key} {spec.version}")
        _make_current({spec.key: spec.version for spec in frameworks})
        _link_serves(new_requirements)
        if taxonomy is not None:
            if _already_loaded(taxonomy, loaded):
                report.unchanged.append(f"{taxonomy.key} {taxonomy.version}")
            else:
                _load_themes(taxonomy)
                ShippedFile.objects.create(
                    key=taxonomy.key,
                    version=taxonomy.version,
                    file_name=taxonomy.path.name,
                    content_hash=taxonomy.content_hash,
                )
                report.loaded.append(f"{taxonomy.key} {taxonomy.version}")
    return report


def _already_loaded(spec: FrameworkSpec | TaxonomySpec, loaded: Mapping[tuple[str, str], ShippedFile]) -> bool:
    previous = loaded.get((spec.key, spec.version))
    if previous is None:
        if (
            isinstance(spec, FrameworkSpec)
            and Framework.objects.shipped().filter(key=spec.key, version=spec.version).exists()
        ):
            raise FrameworkDataError(
                f"{spec.path}: version {spec.version!r} of {spec.key!r} is in the database but was not loaded from a "
                "file; give the file a new version number"
            )
        return False
    if previous.content_hash != spec.content_hash:
        raise FrameworkDataError(
            f"{spec.path}: version {spec.version!r} of {spec.key!r} was loaded on "
            f"{previous.loaded_at:%Y-%m-%d} with different content. Shipped versions never change in place: "
            "give the changed file a new version number."
        )
    return True


def _create_framework(spec: FrameworkSpec) -> list[tuple[FrameworkSpec, RequirementSpec, Requirement]]:
    framework = Framework(
        key=spec.key,
        version=spec.version,
        title=spec.title,
        description=spec.description,
        source=spec.source,
        source_note=spec.source_note,
        order=spec.order,
        is_current=False,  # made current by _make_current, once the older version has stepped down
    )
    framework.save()
    created: dict[str, Requirement] = {}
    pending: list[tuple[FrameworkSpec, RequirementSpec, Requirement]] = []
    for order, (requirement, parent) in enumerate(spec.walk(), 1):
        row = Requirement(
            framework=framework,
            parent=created[parent.ref] if parent else None,
            ref=requirement.ref,
            title=requirement.title,
            description=requirement.description,
            section=requirement.section,
            source=requirement.source,
            evidence_hint=requirement.evidence,
            verified=requirement.verified,
            order=order,
        )
        row.save()
        created[requirement.ref] = row
        if requirement.serves:
            pending.append((spec, requirement, row))
    return pending


def _make_current(versions: Mapping[str, str]) -> None:
    """The version in each shipped file is the current one; every other version of it is not.
    Saved one by one (never ``update()``), so the change is in each framework's history."""
    for framework in Framework.objects.shipped().filter(key__in=list(versions)):
        should_be = framework.version == versions[framework.key]
        if framework.is_current != should_be:
            framework.is_current = should_be
            framework.save(update_fields=["is_current"])


def _link_serves(pending: Sequence[tuple[FrameworkSpec, RequirementSpec, Requirement]]) -> None:
    if not pending:
        return
    keys = {code.partition(":")[0] for _spec, requirement, _row in pending for code in requirement.serves}
    targets = {
        row.code: row
        for row in Requirement.objects.shipped().current().filter(framework__key__in=keys).select_related("framework")
    }
    for spec, requirement, row in pending:
        missing = [code for code in requirement.serves if code not in targets]
        if missing:
            raise FrameworkDataError(
                f"{spec.path}: requirement {requirement.ref!r}: field 'serves': {missing[0]!r} names no requirement "
                "of a current shipped framework"
            )
        row.serves.set([targets[code] for code in requirement.serves])


def _load_themes(taxonomy: TaxonomySpec) -> None:
    existing = {theme.code: theme for theme in Theme.objects.shipped()}
    for order, spec in enumerate(taxonomy.themes, 1):
        theme = existing.get(spec.code) or Theme(code=spec.code)
        wanted = {
            "label": spec.label,
            "group": spec.group,
            "description": spec.description,
            "source": spec.source,
            "order": order,
            "retired": False,
        }
        if theme.pk is None or any(getattr(theme, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(theme, name, value)
            theme.save()
    shipped_codes = {spec.code for spec in taxonomy.themes}
    for code, theme in existing.items():
        if code not in shipped_codes and not theme.retired:
            theme.retired = True
            theme.save(update_fields=["retired"])
