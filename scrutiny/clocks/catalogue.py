"""The statutory clock catalogue: deadlines as data, each citing its source.

The rules live in ``clocks.yaml`` beside this module (statutory.md §5.4 and §6) rather than in
code, so that a clock not yet confirmed (``verified: false``, shown by ``scrutiny.confirmation``)
can be corrected without a code change and so that
every deadline the product shows can point at the page that states it. A deployment may
override a rule's ``length``, ``unit``, ``source``, ``source_note`` and ``verified`` by id from
a YAML file named by the ``SCRUTINY_CLOCK_OVERRIDES`` setting. It cannot add rules, rename them
or change what starts them: rooms refer to rules by id and rely on their meaning.

A partnership may then set the length (and unit) of a rule that is still not confirmed, for its own
records only (``scrutiny.clocks.models.ClockSetting``, set by its business manager). Every deadline
of a partnership's record comes from :func:`rule_for`, which layers the three: shipped, then this
service's overrides, then the partnership's setting. :func:`get_rule` and :func:`all_rules` give
the service's rules, for pages and commands that speak for no one partnership.

Both files are checked on load, and a mistake raises ``ImproperlyConfigured`` naming the file,
the rule and the field, because a clock silently read as a default would give wrong deadlines.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import prefetch_related_objects

from scrutiny.clocks import workdays

if TYPE_CHECKING:
    from scrutiny.clocks.models import ClockSetting
    from scrutiny.partnerships.models import Partnership

SHIPPED_CATALOGUE = Path(__file__).with_name("clocks.yaml")

_ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_URL_PATTERN = re.compile(r"^https?://\S+$")


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    MONTHS = "months"

    def describe(self, length: int) -> str:
        """``15 working days``, ``1 working day``, ``6 months``."""
        singular = {"working_days": "working day", "calendar_days": "calendar day", "months": "month"}[self.value]
        return f"{length} {singular if length == 1 else singular + 's'}"


class Direction(StrEnum):
    AFTER = "after"
    BEFORE = "before"


# Named for what went wrong; it reads better where it is caught than an "Error" suffix would.
class UnknownClock(LookupError):  # noqa: N818
    """No rule in the catalogue has the id asked for."""

    def __str__(self) -> str:
        # LookupError would otherwise show the message in quotes, as KeyError does.
        return str(self.args[0]) if self.args else ""


_ADD: dict[Unit, Callable[[date, int], date]] = {
    Unit.WORKING_DAYS: workdays.add_working_days,
    Unit.CALENDAR_DAYS: workdays.add_calendar_days,
    Unit.MONTHS: workdays.add_months,
}
_SUBTRACT: dict[Unit, Callable[[date, int], date]] = {
    Unit.WORKING_DAYS: workdays.subtract_working_days,
    Unit.CALENDAR_DAYS: workdays.subtract_calendar_days,
    Unit.MONTHS: workdays.subtract_months,
}


@dataclass(frozen=True, kw_only=True)
class ClockRule:
    id: str
    title: str
    length: int
    unit: Unit
    direction: Direction
    starts: str
    source: str
    source_note: str
    verified: bool
    #: Whether the length and unit are the partnership's own (see :func:`rule_for`).
    set_by_partnership: bool = False

    def due(self, start: date) -> date:
        """The deadline for a clock started on ``start`` (statutory.md §5.4, §6, §7).

        For an ``after`` rule, the last day on which the action is on time. For a ``before``
        rule (a reverse clock, §7.3), ``start`` is the planned date and the result is the latest
        day on which to act.
        """
        steps = _ADD if self.direction is Direction.AFTER else _SUBTRACT
        return steps[self.unit](start, self.length)

    @property
    def length_text(self) -> str:
        return self.unit.describe(self.length)

    def explain(self, start: date) -> str:
        """One line saying how the deadline from ``start`` is worked out."""
        if self.direction is Direction.BEFORE:
            return f"{self.id}: latest date is {self.length_text} before {start.isoformat()} ({self.starts})"
        return f"{self.id}: {self.length_text} after {start.isoformat()} ({self.starts})"


def all_rules() -> list[ClockRule]:
    """Every rule, in the order of ``clocks.yaml``, with this deployment's overrides applied."""
    return list(_load(_override_setting()))


def get_rule(rule_id: str) -> ClockRule:
    rules = _load(_override_setting())
    for rule in rules:
        if rule.id == rule_id:
            return rule
    known = ", ".join(rule.id for rule in rules)
    raise UnknownClock(f"{rule_id!r} is not a known clock; the known clocks are: {known}")


def shipped_rule(rule_id: str) -> ClockRule:
    """The rule as ``clocks.yaml`` ships it, before this service's overrides."""
    for rule in _load(""):
        if rule.id == rule_id:
            return rule
    raise UnknownClock(f"{rule_id!r} is not a known clock")


def rule_for(partnership: Partnership | None, rule_id: str) -> ClockRule:
    """The rule as it applies to ``partnership``'s records: the shipped rule, then this service's
    overrides, then the partnership's own length and unit where it set one for a rule that is still
    not confirmed. A confirmed rule is the service's for every partnership, even if a setting made
    before it was confirmed remains. Without a partnership, the service's rule.

    The partnership's settings are read once per ``Partnership`` object, as a prefetched relation
    is: a list of records prefetches ``partnership__clock_settings``, or shares one partnership
    object among them (``tracking.sharing_partnership``), to read them once for the whole list."""
    rule = get_rule(rule_id)
    if partnership is None or rule.verified:
        return rule
    setting = _settings_of(partnership).get(rule_id)
    return rule if setting is None else setting.applied_to(rule)


def rules_for(partnership: Partnership | None) -> list[ClockRule]:
    """Every rule as it applies to ``partnership``'s records, in the order of ``clocks.yaml``."""
    return [rule_for(partnership, rule.id) for rule in all_rules()]


def forget_settings(partnership: Partnership) -> None:
    """After the partnership's settings change: the next :func:`rule_for` on this object reads
    them again."""
    getattr(partnership, "_prefetched_objects_cache", {}).pop("clock_settings", None)


def _settings_of(partnership: Partnership) -> dict[str, ClockSetting]:
    # Reached through the relation rather than by importing the model: the models module reads
    # this catalogue to check a setting, and prefetching keeps one query per partnership object.
    prefetch_related_objects([partnership], "clock_settings")
    return {setting.rule_id: setting for setting in partnership.clock_settings.all()}


def _override_setting() -> str:
    return str(getattr(settings, "SCRUTINY_CLOCK_OVERRIDES", "") or "")


# Keyed by the override path, so a changed setting (as in tests) is read afresh while each
# request does not re-read the YAML. An edited file at the same path needs a restart, as any
# other configuration does.
@functools.cache
def _load(override_path: str) -> tuple[ClockRule, ...]:
    rules = load_catalogue(SHIPPED_CATALOGUE)
    if override_path:
        rules = apply_overrides(rules, Path(override_path))
    return rules


# --- reading and checking the YAML files -------------------------------------------------

_FIELDS = ("id", "title", "length", "unit", "direction", "starts", "source", "source_note", "verified")
OVERRIDABLE_FIELDS = ("length", "unit", "source", "source_note", "verified")


def load_catalogue(path: Path) -> tuple[ClockRule, ...]:
    """Read and check a full catalogue file such as ``clocks.yaml``."""
    entries = _read_rules(path)
    rules: list[ClockRule] = []
    seen: set[str] = set()
    for position, entry in enumerate(entries, start=1):
        rule_id = _rule_id(path, position, entry)
        where = f"{path}, rule {rule_id!r}"
        if rule_id in seen:
            raise ImproperlyConfigured(f"{where}: the id is used twice")
        seen.add(rule_id)
        _reject_unknown_fields(where, entry, _FIELDS)
        missing = [field for field in _FIELDS if field not in entry]
        if missing:
            raise ImproperlyConfigured(f"{where}: missing field(s) {', '.join(missing)}")
        rules.append(
            ClockRule(
                id=rule_id,
                title=_text(where, "title", entry["title"]),
                length=_length(where, entry["length"]),
                unit=_unit(where, entry["unit"]),
                direction=_direction(where, entry["direction"]),
                starts=_text(where, "starts", entry["starts"]),
                source=_source(where, entry["source"]),
                source_note=_text(where, "source_note", entry["source_note"]),
                verified=_verified(where, entry["verified"]),
            )
        )
    return tuple(rules)


def apply_overrides(rules: tuple[ClockRule, ...], path: Path) -> tuple[ClockRule, ...]:
    """Return ``rules`` with the fields named in the override file at ``path`` replaced."""
    by_id = {rule.id: rule for rule in rules}
    changes: dict[str, dict[str, Any]] = {}
    for position, entry in enumerate(_read_rules(path), start=1):
        rule_id = _rule_id(path, position, entry)
        where = f"{path}, rule {rule_id!r}"
        if rule_id not in by_id:
            raise ImproperlyConfigured(
                f"{where}: there is no such clock to override; the known clocks are: {', '.join(by_id)}"
            )
        if rule_id in changes:
            raise ImproperlyConfigured(f"{where}: the rule is overridden twice")
        _reject_unknown_fields(where, entry, ("id", *OVERRIDABLE_FIELDS))
        changes[rule_id] = {
            field: _OVERRIDE_CHECKS[field](where, entry[field]) for field in OVERRIDABLE_FIELDS if field in entry
        }
    return tuple(replace(rule, **changes.get(rule.id, {})) for rule in rules)


def _read_rules(path: Path) -> list[Mapping[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ImproperlyConfigured(f"cannot read the clock file {path}: {error.strerror}") from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ImproperlyConfigured(f"{path} is not valid YAML: {error}") from error
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise ImproperlyConfigured(f"{path} must be a mapping with a 'rules' list")
    entries: list[Mapping[str, Any]] = []
    for position, entry in enumerate(data["rules"], start=1):
        if not isinstance(entry, dict):
            raise ImproperlyConfigured(f"{path}, rule #{position}: must be a mapping of fields, not {entry!r}")
        entries.append(entry)
    return entries


def _rule_id(path: Path, position: int, entry: Mapping[str, Any]) -> str:
    value = entry.get("id")
    if not isinstance(value, str) or not _ID_PATTERN.match(value):
        raise ImproperlyConfigured(
            f"{path}, rule #{position}, field 'id': must be lower-case words joined by hyphens, not {value!r}"
        )
    return value


def _reject_unknown_fields(where: str, entry: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = [str(field) for field in entry if field not in allowed]
    if unknown:
        raise ImproperlyConfigured(
            f"{where}: unknown or unchangeable field(s) {', '.join(unknown)}; allowed here: {', '.join(allowed)}"
        )


def _text(where: str, field: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ImproperlyConfigured(f"{where}, field {field!r}: must be some text, not {value!r}")
    return value.strip()


def _length(where: str, value: Any) -> int:
    # bool is a subclass of int, and "length: yes" is a typo, not 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ImproperlyConfigured(f"{where}, field 'length': must be a whole number of 1 or more, not {value!r}")
    return value


def _unit(where: str, value: Any) -> Unit:
    try:
        return Unit(value)
    except ValueError:
        choices = ", ".join(unit.value for unit in Unit)
        raise ImproperlyConfigured(f"{where}, field 'unit': must be one of {choices}, not {value!r}") from None


def _direction(where: str, value: Any) -> Direction:
    try:
        return Direction(value)
    except ValueError:
        choices = ", ".join(direction.value for direction in Direction)
        raise ImproperlyConfigured(f"{where}, field 'direction': must be one of {choices}, not {value!r}") from None


def _source(where: str, value: Any) -> str:
    if not isinstance(value, str) or not _URL_PATTERN.match(value):
        raise ImproperlyConfigured(f"{where}, field 'source': must be a web address (http or https), not {value!r}")
    return value


def _verified(where: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ImproperlyConfigured(f"{where}, field 'verified': must be true or false, not {value!r}")
    return value


def _source_note(where: str, value: Any) -> str:
    return _text(where, "source_note", value)


_OVERRIDE_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "length": _length,
    "unit": _unit,
    "source": _source,
    "source_note": _source_note,
    "verified": _verified,
}
