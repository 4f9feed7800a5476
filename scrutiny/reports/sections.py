"""The sections a yearly report must have, as data (``data/sections.yaml``), each citing what asks
for it (statutory.md §4). Read once; a mistake in the file names the file and the section."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured

SECTIONS_FILE = Path(__file__).with_name("data") / "sections.yaml"

#: The section the independent scrutineer writes, and only the scrutineer.
SCRUTINY = "scrutiny"


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    required: bool
    outcomes: bool
    basis: str
    guidance: str
    indicators: tuple[str, ...] = ()

    @property
    def to_verify(self) -> bool:
        return "to verify" in self.basis


@functools.cache
def section_specs() -> tuple[SectionSpec, ...]:
    raw: Any = yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8"))
    specs: list[SectionSpec] = []
    for position, entry in enumerate(raw.get("sections", []), start=1):
        try:
            specs.append(
                SectionSpec(
                    key=str(entry["key"]),
                    title=str(entry["title"]),
                    required=bool(entry["required"]),
                    outcomes=bool(entry["outcomes"]),
                    basis=str(entry["basis"]),
                    guidance=str(entry["guidance"]).strip(),
                    indicators=tuple(str(code) for code in entry.get("indicators", ())),
                )
            )
        except (KeyError, TypeError) as missing:
            raise ImproperlyConfigured(f"{SECTIONS_FILE}: section {position} lacks {missing}") from missing
    keys = [spec.key for spec in specs]
    if len(set(keys)) != len(keys) or SCRUTINY not in keys:
        raise ImproperlyConfigured(f"{SECTIONS_FILE}: section keys must be unique and include {SCRUTINY!r}")
    return tuple(specs)


def spec_for(key: str) -> SectionSpec:
    for spec in section_specs():
        if spec.key == key:
            return spec
    raise LookupError(f"The yearly report has no section {key!r}")


def section_keys() -> list[str]:
    return [spec.key for spec in section_specs()]
