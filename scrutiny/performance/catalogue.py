"""The indicator catalogue: every indicator's code, definition, polarity, unit and source, as
data (data/indicators.yaml, from DfE's published definitions; indicators.md in the product's
domain notes). Codes are stable: they are what imports, the API and the command line use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data" / "indicators.yaml"

POLARITIES = {"higher": "Higher is better", "lower": "Lower is better", "neither": "Neither (context, not a target)"}
KINDS = ("national", "companion", "local", "annex_a")
FAMILY_LABELS = {
    "cin": "Children in need",
    "cp": "Child protection",
    "cla": "Children looked after",
    "leavers": "Care leavers",
    "workforce": "Social work workforce",
    "police": "Police",
    "health": "Health",
    "education": "Education",
    "early_help": "Early help",
    "annex_a": "Ofsted Annex A: local approximations",
}
SOURCE_LABELS = {
    "cin": "CIN census",
    "ssda903": "SSDA903 (children looked after return)",
    "annex_a": "Ofsted Annex A",
    "workforce": "Children's social work workforce census (DfE published figures)",
    "local": "Locally defined: the partnership's agencies",
}


@dataclass(frozen=True)
class Benchmark:
    file: str
    column: str
    filters: dict[str, str] = field(default_factory=dict)
    derived: str = ""
    note: str = ""


@dataclass(frozen=True)
class Indicator:
    code: str
    number: str
    family: str
    kind: str
    title: str
    polarity: str
    unit: str
    unit_label: str
    source: str
    definition: str
    numerator: str = ""
    denominator: str = ""
    counting: str = ""
    rules: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    to_verify: tuple[str, ...] = ()
    benchmark: Benchmark | None = None
    benchmark_not_bundled: str = ""
    lait: str = ""
    england_2025: str = ""
    dimension: str = ""
    factors: tuple[dict[str, Any], ...] = ()
    owner: str = ""
    notes: str = ""

    @property
    def family_label(self) -> str:
        return FAMILY_LABELS.get(self.family, self.family)

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)

    @property
    def polarity_label(self) -> str:
        return POLARITIES[self.polarity]

    @property
    def is_rate(self) -> bool:
        return self.unit == "rate_per_10k"

    def factor_label(self, code: str) -> str:
        for factor in self.factors:
            if factor.get("code") == code:
                return f"{code}: {factor.get('label', '')}"
        return code


class CatalogueError(ValueError):
    pass


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _indicator(raw: dict[str, Any]) -> Indicator:
    code = _text(raw.get("code"))
    where = f"{DATA.name}, indicator {code or '(no code)'}"
    for key in ("code", "family", "kind", "title", "polarity", "unit", "source"):
        if not _text(raw.get(key)):
            raise CatalogueError(f"{where}: {key} is missing")
    if raw["polarity"] not in POLARITIES:
        raise CatalogueError(f"{where}: polarity {raw['polarity']!r} is not one of {', '.join(POLARITIES)}")
    if raw["kind"] not in KINDS:
        raise CatalogueError(f"{where}: kind {raw['kind']!r} is not one of {', '.join(KINDS)}")
    bench = raw.get("benchmark")
    return Indicator(
        code=code,
        number=_text(raw.get("number")),
        family=_text(raw["family"]),
        kind=_text(raw["kind"]),
        title=_text(raw["title"]),
        polarity=_text(raw["polarity"]),
        unit=_text(raw["unit"]),
        unit_label=_text(raw.get("unit_label")) or _text(raw["unit"]),
        source=_text(raw["source"]),
        definition=_text(raw.get("definition")),
        numerator=_text(raw.get("numerator")),
        denominator=_text(raw.get("denominator")),
        counting=_text(raw.get("counting")),
        rules=tuple(_text(rule) for rule in raw.get("rules") or ()),
        fields=tuple(_text(item) for item in raw.get("fields") or ()),
        to_verify=tuple(_text(item) for item in raw.get("to_verify") or ()),
        benchmark=Benchmark(
            file=_text(bench.get("file")),
            column=_text(bench.get("column")),
            filters={str(k): str(v) for k, v in (bench.get("filters") or {}).items()},
            derived=_text(bench.get("derived")),
            note=_text(bench.get("note")),
        )
        if isinstance(bench, dict)
        else None,
        benchmark_not_bundled=_text(raw.get("benchmark_not_bundled")),
        lait=_text(raw.get("lait")),
        england_2025=_text(raw.get("england_2025")),
        dimension=_text(raw.get("dimension")),
        factors=tuple(raw.get("factors") or ()),
        owner=_text(raw.get("owner")),
        notes=_text(raw.get("notes")),
    )


@cache
def catalogue() -> dict[str, Indicator]:
    """Every indicator by code, in catalogue order."""
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    found: dict[str, Indicator] = {}
    for item in raw.get("indicators") or []:
        indicator = _indicator(item)
        if indicator.code in found:
            raise CatalogueError(f"{DATA.name}: indicator {indicator.code} appears twice")
        found[indicator.code] = indicator
    return found


def indicator(code: str) -> Indicator | None:
    return catalogue().get(code)


def national_codes() -> list[str]:
    """The national indicators and their companions: those DfE defines."""
    return [code for code, item in catalogue().items() if item.kind in {"national", "companion"}]


def computed_codes() -> list[str]:
    """Every indicator a return imported here computes: the national ones and the Annex A measures."""
    return [code for code, item in catalogue().items() if item.kind != "local"]
