"""History of a record in django-simple-history's tables: written by one person, read as lines.

Every partnership record keeps who changed what and when. :func:`save_by` and :func:`delete_by` are
the one way a service names the person on the historical row; the other helpers turn the rows
into the lines a History tab shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from django.db import models

from scrutiny.partnerships.models import Membership, Partnership, PartnershipAgency, PartnershipArea

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

_HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    what: str
    record: str
    changes: list[FieldChange]


def _mark(instance: models.Model, person: Any, *, reason: str | None, when: datetime | None) -> None:
    # simple-history reads these private attributes when it writes the historical row. A person of
    # None names nobody: the row reads "System" even inside a signed-in request.
    instance._history_user = person  # type: ignore[attr-defined]
    if reason is not None:
        instance._change_reason = reason[:100]  # type: ignore[attr-defined]  # the column's length
    if when is not None:
        instance._history_date = when  # type: ignore[attr-defined]


def save_by[M: models.Model](
    instance: M, person: Any, *, reason: str | None = None, when: datetime | None = None, **save_kwargs: Any
) -> M:
    """Save ``instance`` with ``person`` named as who changed it on its history row, and ``reason``
    and ``when`` (for records backdated by the demo) if given; ``save_kwargs`` go to ``save()``."""
    _mark(instance, person, reason=reason, when=when)
    instance.save(**save_kwargs)
    return instance


def delete_by(instance: models.Model, person: Any, *, reason: str | None = None) -> None:
    """Delete ``instance`` with ``person`` (and ``reason``) named on its last history row."""
    _mark(instance, person, reason=reason, when=None)
    instance.delete()


def _display(value: Any) -> str:
    return "—" if value in (None, "") else str(value)


def _who(record: Any) -> str:
    user = record.history_user
    return str(user) if user is not None else "System"


def _m2m_display(field: Any, rows: list[dict[str, Any]]) -> str:
    """simple-history keeps many-to-many values as rows of the through table (for example
    ``{"evidenceitem": 3, "requirement": 5}``, or ``from_x``/``to_x`` when a model points at
    itself); show the related records' names instead."""
    related = field.related_model
    key = f"to_{related._meta.model_name}" if related is field.model else related._meta.model_name
    ids = [row[key] for row in rows if key in row]
    found = related._default_manager.in_bulk(ids)
    # A model may name itself more precisely for history (a requirement by its code, say).
    names = [getattr(found[pk], "history_label", str(found[pk])) if pk in found else f"#{pk} (removed)" for pk in ids]
    return ", ".join(sorted(names)) or "—"


def entries_for(instance: models.Model) -> list[HistoryEntry]:
    """The History tab of one record, newest first, each change with its before and after."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id"))  # type: ignore[attr-defined]
    entries: list[HistoryEntry] = []
    for newer, older in pairwise([*records, None]):
        changes: list[FieldChange] = []
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            for change in delta.changes:
                field: Any = instance._meta.get_field(change.field)
                if field.many_to_many:
                    old, new = _m2m_display(field, change.old), _m2m_display(field, change.new)
                elif field.choices:
                    labels = dict(field.flatchoices)
                    old, new = (
                        _display(labels.get(change.old, change.old)),
                        _display(labels.get(change.new, change.new)),
                    )
                else:
                    old, new = _display(change.old), _display(change.new)
                changes.append(FieldChange(field=str(field.verbose_name), old=old, new=new))
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=_who(newer),
                what=_HISTORY_TYPES[newer.history_type],
                record=str(instance._meta.verbose_name).capitalize(),
                changes=changes,
            )
        )
    return entries


LogSource = tuple[Any, list[str], Callable[[Any], str]]


def _core_sources(partnership: Partnership) -> list[LogSource]:
    def membership(row: Any) -> str:
        agency = f" for {row.agency}" if row.agency_id else ""
        return f"Role: {row.user} as {row.get_role_display()}{agency}"

    return [
        (Partnership.history.filter(id=partnership.pk), [], lambda row: f"Partnership: {row.name}"),
        (
            PartnershipAgency.history.filter(partnership_id=partnership.pk),
            ["agency"],
            lambda row: f"Agency linked: {row.agency}",
        ),
        (
            PartnershipArea.history.filter(partnership_id=partnership.pk),
            ["area"],
            lambda row: f"Area covered: {row.area}",
        ),
        (Membership.history.filter(partnership_id=partnership.pk), ["user", "agency"], membership),
    ]


@dataclass(frozen=True)
class HistorySource:
    """A room's records on the partnership's History page: ``make(partnership)`` gives the
    historical rows, and only people who may view ``room`` see them (``None``: everyone who may
    see the History page)."""

    make: Callable[[Partnership], LogSource]
    room: str | None = None


#: Rooms that keep their own partnership records add their sources here, each under a name, from
#: their ``registrations.register()``, so the log grows without this module knowing them.
_HISTORY_SOURCES: dict[str, HistorySource] = {}


def register_history_source(name: str, fn: Callable[[Partnership], LogSource], *, room: str | None = None) -> None:
    """Add a room's records to the History page; registering the same name again replaces it."""
    _HISTORY_SOURCES[name] = HistorySource(make=fn, room=room)


def unregister_history_source(name: str) -> None:
    _HISTORY_SOURCES.pop(name, None)


def model_source(
    model: Any,
    label: str,
    describe: Callable[[Any], str],
    related: list[str] | None = None,
    *,
    scope: str | None = None,
) -> Callable[[Partnership], LogSource]:
    """The usual source: the model's historical rows of the partnership (through ``scope``, or the
    model's ``partnership_scope``, when it reaches the partnership through another record), each
    line "label: what"."""
    path = scope or getattr(model, "partnership_scope", "partnership")

    def make(partnership: Partnership) -> LogSource:
        history = model.history.filter(**{f"{path}_id": partnership.pk})
        return (history, related or [], lambda row: f"{label}: {describe(row)}")

    return make


def _sources(partnership: Partnership, seat: Seat | None) -> list[LogSource]:
    shown = [
        source.make(partnership)
        for source in _HISTORY_SOURCES.values()
        if seat is None or source.room is None or seat.can(source.room, "view")
    ]
    return _core_sources(partnership) + shown


def partnership_log(partnership: Partnership, limit: int = 200, *, seat: Seat | None = None) -> list[HistoryEntry]:
    """Recent changes to the partnership and everything it links, newest first; with a seat, only
    the rooms that person may view.

    Two passes so that a partnership with years of records does not load `limit` full rows from
    every room: first the dates alone (one light query a source) to find the `limit`-th newest
    change, then full rows only from the sources that have changes since then."""
    sources = _sources(partnership, seat)
    newest_dates = [
        list(queryset.order_by("-history_date").values_list("history_date", flat=True)[:limit])
        for queryset, _related, _describe in sources
    ]
    every_date = sorted((when for dates in newest_dates for when in dates), reverse=True)
    if not every_date:
        return []
    cutoff = every_date[min(limit, len(every_date)) - 1]
    rows: list[tuple[Any, Callable[[Any], str]]] = []
    for (queryset, related, describe), dates in zip(sources, newest_dates, strict=True):
        wanted = sum(1 for when in dates if when >= cutoff)
        if wanted:
            newest = queryset.select_related("history_user", *related).order_by("-history_date")[:wanted]
            rows.extend((row, describe) for row in newest)
    rows.sort(key=lambda pair: pair[0].history_date, reverse=True)
    return [
        HistoryEntry(
            when=row.history_date,
            who=_who(row),
            what=_HISTORY_TYPES[row.history_type],
            record=describe(row),
            changes=[],
        )
        for row, describe in rows[:limit]
    ]
