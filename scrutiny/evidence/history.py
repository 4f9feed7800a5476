"""The History tab of an evidence item (its own changes, its versions and its links) and the
evidence lines of the partnership-wide log."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from scrutiny.evidence.models import EvidenceItem, EvidenceLink, EvidenceVersion
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.history import FieldChange, HistoryEntry, LogSource
from scrutiny.partnerships.models import Partnership

_TAG_FIELDS = {"requirements": ("requirement", "Requirements"), "themes": ("theme", "Themes")}


def _who(row: Any) -> str:
    return str(row.history_user) if row.history_user_id else "System"


def _tag_labels(ids: set[int], field: str) -> dict[int, str]:
    if not ids:
        return {}
    if field == "requirements":
        found = Requirement.objects.filter(pk__in=ids).select_related("framework")
        return {r.pk: r.code for r in found}
    return {t.pk: t.label for t in Theme.objects.filter(pk__in=ids)}


def _item_entries(item: EvidenceItem) -> list[HistoryEntry]:
    """Like partnerships.history.entries_for, with tag changes shown as codes, not table rows, and
    without the empty entries that saving tags leaves behind."""
    records = list(item.history.select_related("history_user").order_by("-history_date", "-history_id"))
    raw: list[tuple[Any, list[Any]]] = []
    for newer, older in pairwise([*records, None]):
        raw.append(
            (newer, newer.diff_against(older).changes if older is not None and newer.history_type == "~" else [])
        )
    ids: dict[str, set[int]] = {"requirements": set(), "themes": set()}
    for _row, changes in raw:
        for change in changes:
            if change.field in _TAG_FIELDS:
                key = _TAG_FIELDS[change.field][0]
                ids[change.field] |= {r[key] for r in [*change.old, *change.new] if r.get(key)}
    labels = {field: _tag_labels(found, field) for field, found in ids.items()}
    entries: list[HistoryEntry] = []
    for row, changes in raw:
        shown: list[FieldChange] = []
        for change in changes:
            if change.field in _TAG_FIELDS:
                key, title = _TAG_FIELDS[change.field]
                old = ", ".join(sorted(labels[change.field].get(r[key], "?") for r in change.old)) or "—"
                new = ", ".join(sorted(labels[change.field].get(r[key], "?") for r in change.new)) or "—"
                shown.append(FieldChange(field=title, old=old, new=new))
            else:
                verbose = item._meta.get_field(change.field).verbose_name  # type: ignore[union-attr]
                shown.append(
                    FieldChange(
                        field=str(verbose),
                        old="—" if change.old in (None, "") else str(change.old),
                        new="—" if change.new in (None, "") else str(change.new),
                    )
                )
        if row.history_type == "~" and not shown:
            continue
        what = {"+": "Created", "~": "Changed", "-": "Deleted"}[row.history_type]
        entries.append(HistoryEntry(when=row.history_date, who=_who(row), what=what, record="Evidence", changes=shown))
    return entries


def evidence_history(item: EvidenceItem) -> list[HistoryEntry]:
    """Everything that happened to an item, newest first: its details, each version uploaded and
    each link made or removed."""
    entries = _item_entries(item)
    for version in EvidenceVersion.history.filter(item_id=item.pk).select_related("history_user"):
        if version.history_type == "+":
            note = f" — {version.note}" if version.note else ""
            entries.append(
                HistoryEntry(
                    when=version.history_date,
                    who=_who(version),
                    what=f"Version {version.number} uploaded: {version.original_name}{note}",
                    record="Evidence version",
                    changes=[],
                )
            )
    for link in EvidenceLink.history.filter(evidence_id=item.pk).select_related("history_user", "content_type"):
        if link.history_type in {"+", "-"}:
            record = link.content_type.name if link.content_type_id else "record"
            done = "Linked to" if link.history_type == "+" else "Unlinked from"
            entries.append(
                HistoryEntry(
                    when=link.history_date,
                    who=_who(link),
                    what=f"{done} a {record} ({link.get_purpose_display().lower()})",
                    record="Evidence link",
                    changes=[],
                )
            )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def item_log(partnership: Partnership) -> LogSource:
    return (
        EvidenceItem.history.filter(partnership_id=partnership.pk),
        [],
        lambda row: f"Evidence: {row.title}" + (" (superseded)" if row.superseded_at else ""),
    )


def version_log(partnership: Partnership) -> LogSource:
    return (
        EvidenceVersion.history.filter(item__partnership_id=partnership.pk),
        [],
        lambda row: f"Evidence file: {row.original_name} (version {row.number})",
    )


def link_log(partnership: Partnership) -> LogSource:
    return (
        EvidenceLink.history.filter(partnership_id=partnership.pk),
        ["evidence"],
        lambda row: f"Evidence link: {row.evidence.title}" if row.evidence else "Evidence link",
    )
